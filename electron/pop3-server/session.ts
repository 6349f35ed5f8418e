// One connection to the server: the RFC 1939 state machine, with the rule hook in front.
//
//   greeting ─► AUTHORIZATION ─USER+PASS, APOP, AUTH─► LOGIN ─► TRANSACTION ──QUIT──► UPDATE ─► closed
//                 │  STLS, CAPA       (maildrop locked: [IN-USE];    │   (DELE marks applied, RFC 1939 §6)
//                 │                    too soon: [LOGIN-DELAY])      │
//                 └─QUIT─► closed                                    └─ dropped, idle timeout, server closing:
//                                                                       closed, DELE marks forgotten
//
// The greeting, every command and the LOGIN moment first go past the hook (hook.ts). The
// maildrop lock is taken at LOGIN and released when the session ends, however it ends; the
// lock itself, and who may take it, belong to the server (server.ts).
import type { Socket } from 'node:net';
import { capabilityList } from './capabilities.ts';
import { Connection } from './connection.ts';
import { perform, type ActionSession } from './hook.ts';
import { MaildropView, type Maildrop } from './maildrop.ts';
import { apopDigest, mechanisms, passwordMatches, runSasl, sameText, type SaslConfig } from './sasl.ts';
import type { ServerSettings } from './settings.ts';
import { TRANSACTION_VERBS, transactionResponse, type Answer } from './transaction.ts';
import { multiLine, statusLine } from './wire.ts';

/** How a session ended, from the server's point of view. */
export type EndedBy = 'quit' | 'client-closed' | 'server-closed';

/** What a session needs from the server it belongs to. */
export interface SessionHost {
  readonly settings: ServerSettings;
  readonly maildrop: Maildrop;
  /** Takes the maildrop lock for `session`, or says why not (the -ERR line). */
  admit(session: Session): string | null;
  /** The session has ended: its lock, if it held it, is free. */
  ended(session: Session, endedBy: EndedBy): void;
  /** A fresh "<process-ID.clock@hostname>" (RFC 1939 §7), for APOP and CRAM-MD5. */
  stamp(): string;
}

const LOGIN_VERBS: ReadonlySet<string> = new Set(['USER', 'PASS', 'APOP', 'AUTH', 'STLS']);

export class Session {
  readonly index: number;
  /** Settles when the connection is closed at the socket level. */
  readonly closed: Promise<void>;
  readonly #host: SessionHost;
  readonly #settings: ServerSettings;
  readonly #conn: Connection;
  readonly #actions: ActionSession;
  #view: MaildropView | null = null;
  #user: string | null = null;
  #timestamp: string | null = null;
  readonly #counts = new Map<string, number>();
  #badCommands = 0;
  #authFailures = 0;
  #endedBy: EndedBy | null = null;
  /** No more commands are answered. */
  #done = false;

  constructor(host: SessionHost, socket: Socket, index: number) {
    this.#host = host;
    this.#settings = host.settings;
    this.index = index;
    const { limits } = this.#settings;
    this.#conn = new Connection(socket, { maxLineOctets: limits.maxCommandLineOctets, maxPendingOctets: limits.maxPendingInputOctets });
    this.#conn.idleTimeout(limits.idleTimeoutMs, () => this.#hangUp(this.#settings.replies.inactivity));
    this.#actions = {
      conn: this.#conn,
      live: () => this.#endedBy === null,
      stopAnswering: () => {
        this.#done = true;
      },
      heard: (line) => this.#settings.observer.received?.(this.index, line),
      serverClosed: () => this.#conclude('server-closed'),
    };
    this.#settings.observer.opened?.(index);
    this.closed = this.#conn.closed.then(() => {
      this.#done = true;
      // Without QUIT there is no UPDATE state: the DELE marks die with the view (RFC 1939 §6).
      this.#conclude('client-closed');
    });
  }

  /** Answers commands until the client quits or the connection ends. */
  async run(): Promise<void> {
    await this.#greet();
    while (!this.#done) {
      const read = await this.#conn.next();
      // Done while waiting (logged out for inactivity): a late QUIT must not enter UPDATE.
      if (read === null || this.#done) break;
      if (read.kind === 'too-long') {
        await this.#answer({ bytes: statusLine(this.#settings.replies.lineTooLong), bad: true });
      } else {
        this.#actions.heard(read.text);
        await this.#command(read.text);
      }
    }
    this.#conclude('client-closed');
    this.#conn.end();
  }

  /** Ends the connection now, from the server side (the server is closing). */
  kill(): void {
    this.#done = true;
    this.#conclude('server-closed');
    this.#conn.destroy();
  }

  /** The session is over for the server: its lock released, its end told once. */
  #conclude(endedBy: EndedBy): void {
    if (this.#endedBy !== null) return;
    this.#endedBy = endedBy;
    this.#host.ended(this, endedBy);
  }

  /** Says `last`, closes our side, and lets the socket go once the client has read it. */
  #hangUp(last: string): void {
    this.#done = true;
    if (!this.#conn.gone) this.#conn.reply(last);
    this.#conclude('server-closed');
    this.#conn.end();
  }

  async #answer(answer: Answer): Promise<void> {
    this.#badCommands = answer.bad === true ? this.#badCommands + 1 : 0;
    await this.#conn.send(answer.bytes);
    if (this.#badCommands >= this.#settings.limits.maxBadCommands) this.#hangUp(this.#settings.replies.tooManyBadCommands);
  }

  #say(text: string, bad = false): Promise<void> {
    return this.#answer({ bytes: statusLine(text), bad });
  }

  async #withHook(command: string, arg: string, fallback: () => Promise<void>): Promise<void> {
    const nth = (this.#counts.get(command) ?? 0) + 1;
    this.#counts.set(command, nth);
    const action = this.#settings.hook({ command, arg, nth, session: this.index });
    if (action === undefined) return fallback();
    return perform(action, this.#actions, fallback);
  }

  async #greet(): Promise<void> {
    const { apopTimestamp, replies } = this.#settings;
    if (apopTimestamp !== undefined && apopTimestamp !== false) {
      this.#timestamp = apopTimestamp === true ? this.#host.stamp() : apopTimestamp;
    }
    const stamp = this.#timestamp === null ? '' : ` ${this.#timestamp}`;
    await this.#withHook('GREETING', '', () => this.#conn.send(statusLine(`+OK ${replies.banner}${stamp}`)));
  }

  async #command(line: string): Promise<void> {
    // RFC 1939 §3: a case-insensitive keyword, then arguments separated by single spaces.
    const space = line.indexOf(' ');
    const verb = (space < 0 ? line : line.slice(0, space)).toUpperCase();
    const rest = space < 0 ? '' : line.slice(space + 1);
    await this.#withHook(verb, rest, () => this.#default(verb, rest));
  }

  async #default(verb: string, rest: string): Promise<void> {
    const { replies } = this.#settings;
    if (verb === 'CAPA') return this.#answer({ bytes: multiLine(replies.capabilities, this.#capabilities()) });
    if (verb === 'QUIT') return this.#quit();
    if (this.#view === null) return this.#authorization(verb, rest);
    if (TRANSACTION_VERBS.has(verb)) return this.#answer(transactionResponse(verb, rest, this.#view, replies));
    if (LOGIN_VERBS.has(verb)) return this.#say(replies.alreadyLoggedIn);
    return this.#say(replies.unknown, true);
  }

  #capabilities(): string[] {
    const { capabilities, loginDelaySeconds, tls } = this.#settings;
    const stls = tls !== undefined && !this.#conn.secure;
    return capabilityList({ capabilities, loginDelaySeconds, stls, mechanisms: this.#mechanisms() });
  }

  #mechanisms(): string[] {
    const config = this.#saslConfig();
    return config === null ? [] : mechanisms(config);
  }

  /** RFC 1939 §6: QUIT in TRANSACTION enters UPDATE and removes the marked messages. */
  async #quit(): Promise<void> {
    const { replies, observer } = this.#settings;
    this.#done = true;
    let text = replies.logout;
    if (this.#view !== null) {
      const gone = this.#view.deletedMessages();
      this.#host.maildrop.remove(gone);
      observer.committed?.(this.index, [...gone]);
      this.#view = null;
      text = replies.logoutDeleted(gone.size);
    }
    this.#conn.reply(text);
    this.#conclude('quit');
    this.#conn.end();
  }

  async #authorization(verb: string, rest: string): Promise<void> {
    const { replies } = this.#settings;
    switch (verb) {
      case 'USER':
        // Like Dovecot, any name is taken here and a wrong one refused at PASS, so the reply
        // does not tell which names exist.
        this.#user = rest === '' ? null : rest;
        return rest === '' ? this.#say(replies.noUser, true) : this.#say('+OK');
      case 'PASS':
        return this.#pass(rest);
      case 'APOP':
        return this.#apop(rest);
      case 'AUTH':
        return this.#auth(rest);
      case 'STLS':
        return this.#stls();
      default:
        if (TRANSACTION_VERBS.has(verb)) return this.#say(replies.notLoggedIn, true);
        return this.#say(replies.unknownBeforeLogin, true);
    }
  }

  /** Wrong credentials: -ERR [AUTH], and the connection ends after too many of them. */
  async #refuse(reply: string): Promise<void> {
    this.#authFailures += 1;
    await this.#say(reply);
    if (this.#authFailures < this.#settings.limits.maxAuthFailures) return;
    this.#done = true;
    this.#conclude('server-closed');
    this.#conn.end();
  }

  /** RFC 1939 §7 PASS: the argument is everything after "PASS ", spaces included. */
  async #pass(password: string): Promise<void> {
    const { replies, users } = this.#settings;
    const name = this.#user;
    this.#user = null;
    if (name === null) return this.#say(replies.noUser, true);
    if (!passwordMatches(users, name, password)) return this.#refuse(replies.authFailed);
    return this.#login(name);
  }

  /** RFC 1939 §7: APOP needs the greeting's timestamp; the digest is MD5(timestamp + secret). */
  async #apop(arg: string): Promise<void> {
    const { replies, users } = this.#settings;
    if (this.#timestamp === null) return this.#say(replies.apopUnavailable);
    const [name = '', digest = ''] = arg.split(' ');
    const user = users.find((u) => u.name === name);
    if (user === undefined || !sameText(apopDigest(this.#timestamp, user.password), digest.toLowerCase())) {
      return this.#refuse(replies.authFailed);
    }
    return this.#login(name);
  }

  #saslConfig(): SaslConfig | null {
    const { sasl, users, replies } = this.#settings;
    if (sasl === undefined) return null;
    const { xoauth2Tokens = {}, cramMd5Challenge } = sasl;
    return { users, xoauth2Tokens, authFailed: replies.authFailed, challenge: () => cramMd5Challenge ?? this.#host.stamp() };
  }

  async #auth(arg: string): Promise<void> {
    const config = this.#saslConfig();
    if (config === null) return this.#say(this.#settings.replies.unknownBeforeLogin, true);
    const [mechanism = '', initial] = arg.split(' ');
    // AUTH without a mechanism lists them, as many servers do for pre-CAPA clients.
    if (mechanism === '') return this.#answer({ bytes: multiLine('+OK', mechanisms(config)) });
    const io = {
      send: (line: string) => this.#conn.reply(line),
      read: async () => {
        const read = await this.#conn.next();
        if (read === null) return null;
        const line = read.kind === 'line' ? read.text : '';
        this.#actions.heard(line);
        return line;
      },
    };
    const result = await runSasl(config, io, mechanism.toUpperCase(), initial);
    if (result.kind === 'ok') return this.#login(result.user);
    if (result.kind === 'fail') return result.reply === config.authFailed ? this.#refuse(result.reply) : this.#say(result.reply);
  }

  /** Credentials were accepted: lock the maildrop, unless it is locked or too soon. */
  async #login(name: string): Promise<void> {
    await this.#withHook('LOGIN', name, async () => {
      const refusal = this.#host.admit(this);
      if (refusal !== null) return this.#say(refusal);
      this.#view = new MaildropView(this.#host.maildrop, this.#settings.replies);
      this.#settings.observer.loggedIn?.(this.index, name);
      const all = this.#view.listing();
      return this.#say(
        this.#settings.replies.loggedIn(
          all.length,
          all.reduce((sum, m) => sum + m.size, 0),
        ),
      );
    });
  }

  /** RFC 2595 §4: STLS only before login, once, and only when TLS is configured. */
  async #stls(): Promise<void> {
    const { tls, replies } = this.#settings;
    if (tls === undefined) return this.#say(replies.unknownBeforeLogin, true);
    if (this.#conn.secure) return this.#say(replies.tlsActive);
    // No await between the "+OK" and the upgrade: nothing may be read as plaintext after it.
    this.#conn.reply(replies.startTls);
    this.#conn.startTls(tls);
  }
}
