// One connection to the demo server: the RFC 1939 state machine.
//
//   greeting ─► AUTHORIZATION ──USER + PASS──► TRANSACTION ──QUIT──► UPDATE ─► closed
//                 │  ▲  wrong password: -ERR [AUTH]      │   (DELE marks applied, RFC 1939 §6)
//                 │  └─ maildrop locked: -ERR [IN-USE]   │
//                 └─QUIT─► closed                         └─ dropped, idle timeout, server closing:
//                                                            closed, DELE marks forgotten
//
// The maildrop lock is taken when PASS succeeds and released when the connection ends, however
// it ends; the lock itself, and who may take it, belong to the server (server.ts).
import type { Socket } from 'node:net';
import { MAX_AUTH_FAILURES, MAX_BAD_COMMANDS } from './limits.ts';
import { CommandReader, type ReadLine } from './line-reader.ts';
import { MaildropView, type Maildrop } from './maildrop.ts';
import { SYNTAX_ERROR, TRANSACTION_VERBS, transactionResponse, type Answer } from './transaction.ts';
import { multiLine, statusLine } from './wire.ts';

/** What a session needs from the server it belongs to. */
export interface SessionHost {
  readonly maildrop: Maildrop;
  readonly idleTimeoutMs: number;
  credentialsMatch(user: string, password: string): boolean;
  /** Takes the maildrop lock for `session`; false when another session (or hold) has it. */
  lock(session: Session): boolean;
  unlock(session: Session): void;
}

/** Dovecot's wording (src/pop3/main.c), which Poplar's diagnostics recognise (lock-refusal.ts). */
export const LOCKED_REPLY = '-ERR [IN-USE] Mailbox is locked by another POP3 session.';
/** RFC 3206 §4 [AUTH]: the credentials are wrong, not the server in trouble. */
const AUTH_FAILED = '-ERR [AUTH] Authentication failed.';
/** How long a hung-up client has to read our last line before the socket is destroyed. */
const LINGER_MS = 5_000;

/** RFC 2449 §5: what CAPA lists; no SASL and no STLS, USER/PASS on loopback only. */
const CAPABILITIES = ['TOP', 'UIDL', 'USER', 'RESP-CODES', 'AUTH-RESP-CODE', 'PIPELINING'];

export class Session {
  /** Settles when the connection is closed and the session has let go of the lock. */
  readonly closed: Promise<void>;
  readonly #host: SessionHost;
  readonly #socket: Socket;
  readonly #reader: CommandReader;
  #view: MaildropView | null = null;
  #user: string | null = null;
  #badCommands = 0;
  #authFailures = 0;
  /** No more commands are read. */
  #done = false;
  #linger: NodeJS.Timeout | null = null;

  constructor(host: SessionHost, socket: Socket) {
    this.#host = host;
    this.#socket = socket;
    this.#reader = new CommandReader(socket);
    // A reset by the client is an ordinary end of a session; 'close' follows it.
    socket.on('error', () => undefined);
    socket.setNoDelay(true);
    socket.setTimeout(host.idleTimeoutMs, () => this.#hangUp('-ERR Disconnected for inactivity.'));
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.#done = true;
        if (this.#linger !== null) clearTimeout(this.#linger);
        // Without QUIT there is no UPDATE state: the DELE marks die with the view (RFC 1939 §6).
        this.#host.unlock(this);
        resolve();
      }),
    );
  }

  /** Answers commands until the client quits or the connection ends. */
  async run(): Promise<void> {
    await this.#send(statusLine('+OK Poplar demo mailbox ready.'));
    while (!this.#done) {
      const read = await this.#reader.next();
      if (read === null || this.#done) break;
      const answer = this.#answer(read);
      this.#badCommands = answer.bad === true ? this.#badCommands + 1 : 0;
      await this.#send(answer.bytes);
      if (this.#badCommands >= MAX_BAD_COMMANDS) this.#hangUp('-ERR Too many bad commands.');
    }
    this.#hangUp(null);
  }

  /** Ends the connection now, from the server side (the server is closing). */
  kill(): void {
    this.#done = true;
    this.#socket.destroy();
  }

  #answer(read: ReadLine): Answer {
    if (read.kind === 'too-long') return { bytes: statusLine('-ERR Line too long.'), bad: true };
    // RFC 1939 §3: a case-insensitive keyword, then arguments separated by single spaces.
    const space = read.text.indexOf(' ');
    const verb = (space < 0 ? read.text : read.text.slice(0, space)).toUpperCase();
    const rest = space < 0 ? '' : read.text.slice(space + 1);
    if (verb === 'CAPA') return { bytes: multiLine('+OK Capability list follows', CAPABILITIES) };
    if (verb === 'QUIT') return this.#quit();
    if (this.#view === null) return this.#authorization(verb, rest);
    if (TRANSACTION_VERBS.has(verb)) {
      const args = rest === '' ? [] : rest.split(' ');
      return args.includes('') ? SYNTAX_ERROR : transactionResponse(verb, args, this.#view);
    }
    if (verb === 'USER' || verb === 'PASS') return { bytes: statusLine('-ERR Already logged in.') };
    return { bytes: statusLine('-ERR Unknown command.'), bad: true };
  }

  #authorization(verb: string, rest: string): Answer {
    switch (verb) {
      case 'USER':
        // Like Dovecot, any name is taken here and a wrong one refused at PASS, so the reply
        // does not tell which names exist.
        this.#user = rest === '' ? null : rest;
        return rest === '' ? { bytes: statusLine('-ERR No user name given.'), bad: true } : { bytes: statusLine('+OK') };
      case 'PASS':
        return this.#pass(rest);
      default:
        if (TRANSACTION_VERBS.has(verb)) return { bytes: statusLine('-ERR Not logged in.'), bad: true };
        return { bytes: statusLine('-ERR Unknown command.'), bad: true };
    }
  }

  /** RFC 1939 §7 PASS: the argument is everything after "PASS ", spaces included. */
  #pass(password: string): Answer {
    const user = this.#user;
    this.#user = null;
    if (user === null) return { bytes: statusLine('-ERR No user name given.'), bad: true };
    if (!this.#host.credentialsMatch(user, password)) {
      this.#authFailures += 1;
      if (this.#authFailures >= MAX_AUTH_FAILURES) this.#done = true;
      return { bytes: statusLine(AUTH_FAILED) };
    }
    // RFC 1939 §4: the server acquires an exclusive-access lock on the maildrop, or refuses.
    if (!this.#host.lock(this)) return { bytes: statusLine(LOCKED_REPLY) };
    this.#view = new MaildropView(this.#host.maildrop);
    const all = this.#view.listing();
    const octets = all.reduce((sum, m) => sum + m.size, 0);
    return { bytes: statusLine(`+OK Logged in, maildrop has ${all.length} messages (${octets} octets).`) };
  }

  /** RFC 1939 §6: QUIT in TRANSACTION enters UPDATE and removes the marked messages. */
  #quit(): Answer {
    this.#done = true;
    if (this.#view === null) return { bytes: statusLine('+OK Logging out.') };
    const gone = this.#view.deletedMessages();
    this.#host.maildrop.remove(gone);
    this.#view = null;
    this.#host.unlock(this);
    return { bytes: statusLine(`+OK Logging out, ${gone.size} messages deleted.`) };
  }

  /** Writes, then waits while the client is slow to read (pipelined RETRs, RFC 2449 §6.6). */
  async #send(bytes: Buffer): Promise<void> {
    const socket = this.#socket;
    if (socket.destroyed || socket.writableEnded) return;
    if (socket.write(bytes)) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        socket.off('drain', done);
        socket.off('close', done);
        resolve();
      };
      socket.on('drain', done);
      socket.on('close', done);
    });
  }

  /** Says `last` (if anything), closes our side, and destroys the socket if the client lingers. */
  #hangUp(last: string | null): void {
    this.#done = true;
    const socket = this.#socket;
    if (socket.destroyed) return;
    if (!socket.writableEnded) {
      if (last !== null) socket.write(statusLine(last));
      socket.end();
    }
    if (this.#linger === null) {
      this.#linger = setTimeout(() => socket.destroy(), LINGER_MS);
      this.#linger.unref();
    }
  }
}
