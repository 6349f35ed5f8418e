// One connection to the scripted server: the RFC 1939 state machine, with rules in front.
//
//   greeting ─► AUTHORIZATION ─USER+PASS, APOP, AUTH─► LOGIN ─► TRANSACTION ─QUIT─► UPDATE
//                 │ STLS, CAPA                      (lock, LOGIN-DELAY)              │
//                 └─QUIT─► closed                                                    ▼ closed
//
// Every command, the greeting and the LOGIN moment first go past the scripted rules.
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { capabilityList } from './capabilities.ts';
import { Connection } from './connection.ts';
import { MaildropView, multiLine } from './maildrop.ts';
import { takeRule } from './rules.ts';
import { AUTH_FAILED, apopDigest, mechanisms, runSasl, sameText, type SaslConfig } from './sasl.ts';
import { transactionResponse } from './transaction.ts';
import type { EndedBy, Rule, ScriptedMessage, ScriptedPop3Options, SessionRecord } from './types.ts';
import { LOCK_REFUSAL_WORDINGS, loginDelayRefusal } from './wordings.ts';

/** What all sessions of one server share. */
export interface Shared {
  readonly options: ScriptedPop3Options;
  readonly mailbox: ScriptedMessage[];
  readonly rules: Rule[];
  readonly clock: () => number;
  /** The session holding the maildrop lock. */
  lockHolder: number | null;
  lastLoginAt: number | null;
  stamps: number;
}

export class Session {
  readonly record: SessionRecord;
  /** Settles when the connection is closed at the socket level. */
  readonly closed: Promise<void>;
  readonly #shared: Shared;
  readonly #conn: Connection;
  readonly #onEnded: (session: Session) => void;
  #view: MaildropView | null = null;
  #user: string | null = null;
  #timestamp: string | null = null;
  #counts = new Map<string, number>();
  /** No more commands will be read. */
  #done = false;

  constructor(shared: Shared, socket: Socket, index: number, onEnded: (session: Session) => void) {
    this.#shared = shared;
    this.#conn = new Connection(socket);
    this.#onEnded = onEnded;
    this.record = {
      index,
      openedAt: shared.clock(),
      closedAt: null,
      commands: [],
      endedBy: null,
      deleted: [],
      user: null,
    };
    this.closed = this.#conn.closed.then(() => {
      this.#done = true;
      this.#conclude('client-closed');
    });
  }

  async run(): Promise<void> {
    await this.#greet();
    while (!this.#done) {
      const line = await this.#conn.next();
      if (line === null) break;
      this.record.commands.push(line);
      await this.#command(line);
    }
    this.#conclude('client-closed');
    this.#conn.end();
  }

  /** Ends the connection from the server side now (server shutdown). */
  kill(): void {
    this.#conclude('server-closed');
    this.#conn.destroy();
  }

  /** The session is over for the server: recorded, its lock released, counted as gone. */
  #conclude(endedBy: EndedBy): void {
    if (this.record.endedBy !== null) return;
    this.record.endedBy = endedBy;
    this.record.closedAt = this.#shared.clock();
    if (this.#shared.lockHolder === this.record.index) this.#shared.lockHolder = null;
    this.#onEnded(this);
  }

  #reply(...lines: string[]): void {
    this.#conn.reply(...lines);
  }

  #write(data: Buffer): void {
    this.#conn.write(data);
  }

  #stamp(): string {
    // RFC 1939 §7: "<process-ID.clock@hostname>", different for every greeting.
    this.#shared.stamps += 1;
    return `<${process.pid}.${this.#shared.clock()}.${this.#shared.stamps}@scripted-pop3.invalid>`;
  }

  async #greet(): Promise<void> {
    const { apopTimestamp, banner = 'Scripted POP3 server ready.' } = this.#shared.options;
    if (apopTimestamp !== undefined && apopTimestamp !== false) {
      this.#timestamp = apopTimestamp === true ? this.#stamp() : apopTimestamp;
    }
    const stamp = this.#timestamp === null ? '' : ` ${this.#timestamp}`;
    await this.#withRules('GREETING', '', () => this.#reply(`+OK ${banner}${stamp}`));
  }

  async #withRules(command: string, arg: string, fallback: () => void | Promise<void>): Promise<void> {
    const nth = (this.#counts.get(command) ?? 0) + 1;
    this.#counts.set(command, nth);
    const rule = takeRule(this.#shared.rules, { command, arg, nth, session: this.record.index });
    if (rule === undefined) return fallback();
    if (rule.delayMs !== undefined) await sleep(rule.delayMs);
    if (rule.stall === true) {
      // Hung: what the client sends is still recorded, never answered, until it closes.
      this.#done = true;
      for (let line = await this.#conn.next(); line !== null; line = await this.#conn.next()) {
        this.record.commands.push(line);
      }
      return;
    }
    if (rule.endless !== undefined) return this.#endless(rule.endless);
    if (rule.dropAfterBytes !== undefined) this.#conn.limit(rule.dropAfterBytes);
    if (rule.drip !== undefined) this.#conn.capture();
    if (rule.raw !== undefined) this.#conn.write(rule.raw);
    if (rule.reply !== undefined) this.#conn.reply(...[rule.reply].flat());
    if (rule.raw === undefined && rule.reply === undefined) await fallback();
    if (rule.drip !== undefined) await this.#drip(this.#conn.release(), rule.drip);
    if (rule.dropAfterBytes !== undefined || rule.close !== undefined) {
      this.#done = true;
      this.#conclude('server-closed');
      await this.#conn.close(rule.close ?? 'end');
    }
  }

  /** Sends `bytes` a few at a time, for as long as the client stays (a drip-feed). */
  async #drip(bytes: Buffer, { bytes: size, everyMs }: { bytes: number; everyMs: number }): Promise<void> {
    for (let at = 0; at < bytes.length && !this.#conn.gone && this.record.endedBy === null; at += Math.max(1, size)) {
      this.#write(bytes.subarray(at, at + Math.max(1, size)));
      await sleep(everyMs);
    }
  }

  /** A multi-line reply that never ends: lines at a steady pace until the client hangs up. */
  async #endless({ status = '+OK', line = 'X'.repeat(998), everyMs, linesPerTick = 1 }: NonNullable<Rule['endless']>): Promise<void> {
    this.#done = true; // nothing after this is answered
    this.#reply(status);
    const tick = Buffer.from(`${line}\r\n`.repeat(linesPerTick));
    while (!this.#conn.gone && this.record.endedBy === null) {
      this.#write(tick);
      await Promise.all([this.#conn.flushed(), sleep(everyMs)]);
    }
  }

  async #command(line: string): Promise<void> {
    // RFC 1939 §3: a keyword, case-insensitive, then arguments separated by one space.
    const space = line.indexOf(' ');
    const verb = (space < 0 ? line : line.slice(0, space)).toUpperCase();
    const arg = space < 0 ? '' : line.slice(space + 1);
    await this.#withRules(verb, arg, () => this.#default(verb, arg));
  }

  async #default(verb: string, arg: string): Promise<void> {
    if (verb === 'CAPA') {
      const { capabilities, loginDelaySeconds, tls, xoauth2Tokens = {} } = this.#shared.options;
      const stls = tls !== undefined && !this.#conn.secure;
      const xoauth2 = Object.keys(xoauth2Tokens).length > 0;
      const lines = capabilityList({ capabilities, loginDelaySeconds, xoauth2, stls });
      return this.#write(multiLine('+OK Capability list follows', lines));
    }
    if (verb === 'QUIT') return this.#quit();
    if (this.#view === null) return this.#authorization(verb, arg);
    const response = transactionResponse(verb, arg, this.#view);
    if (response !== null) return this.#write(response);
    const loginVerb = ['USER', 'PASS', 'APOP', 'AUTH', 'STLS'].includes(verb);
    this.#reply(loginVerb ? '-ERR Already logged in.' : '-ERR Unknown command.');
  }

  /** RFC 1939 §6: QUIT in TRANSACTION enters UPDATE and removes what was marked deleted. */
  #quit(): void {
    const gone = this.#view?.deletedMessages() ?? [];
    for (const message of gone) {
      const i = this.#shared.mailbox.indexOf(message);
      if (i >= 0) this.#shared.mailbox.splice(i, 1);
    }
    this.record.deleted.push(...gone.map((message) => message.uidl));
    this.#reply(this.#view === null ? '+OK Logging out.' : `+OK Logging out, ${gone.length} messages deleted.`);
    this.#done = true;
    this.#conclude('quit');
    this.#conn.end();
  }

  async #authorization(verb: string, arg: string): Promise<void> {
    switch (verb) {
      case 'USER':
        // Like Dovecot, any name is accepted here and a wrong one refused at PASS, so the
        // reply does not tell which user names exist.
        this.#user = arg === '' ? null : arg;
        return this.#reply(arg === '' ? '-ERR No username given.' : '+OK');
      case 'PASS':
        return this.#pass(arg);
      case 'APOP':
        return this.#apop(arg);
      case 'AUTH':
        return this.#auth(arg);
      case 'STLS':
        return this.#stls();
      default:
        return this.#reply('-ERR Unknown command, or not valid before login.');
    }
  }

  /** RFC 1939 §7: PASS has one argument, spaces included. */
  async #pass(password: string): Promise<void> {
    const name = this.#user;
    this.#user = null;
    if (name === null) return this.#reply('-ERR No username given.');
    const user = this.#shared.options.users?.find((u) => u.name === name);
    if (user === undefined || !sameText(user.password, password)) return this.#reply(AUTH_FAILED);
    return this.#login(name);
  }

  /** RFC 1939 §7: APOP needs the greeting's timestamp; the digest is MD5(timestamp + secret). */
  async #apop(arg: string): Promise<void> {
    if (this.#timestamp === null) return this.#reply('-ERR APOP is not available: the greeting had no timestamp.');
    const [name = '', digest = ''] = arg.split(' ');
    const user = this.#shared.options.users?.find((u) => u.name === name);
    if (user === undefined || !sameText(apopDigest(this.#timestamp, user.password), digest.toLowerCase())) {
      return this.#reply(AUTH_FAILED);
    }
    return this.#login(name);
  }

  async #auth(arg: string): Promise<void> {
    const { users = [], xoauth2Tokens = {}, cramMd5Challenge } = this.#shared.options;
    const config: SaslConfig = { users, xoauth2Tokens, challenge: () => cramMd5Challenge ?? this.#stamp() };
    const [mechanism = '', initial] = arg.split(' ');
    // AUTH without a mechanism lists them, as many servers do for pre-CAPA clients.
    if (mechanism === '') return this.#write(multiLine('+OK', mechanisms(config)));
    const io = {
      send: (line: string) => this.#reply(line),
      read: async () => {
        const line = await this.#conn.next();
        if (line !== null) this.record.commands.push(line);
        return line;
      },
    };
    const result = await runSasl(config, io, mechanism.toUpperCase(), initial);
    if (result.kind === 'ok') return this.#login(result.user);
    if (result.kind === 'fail') this.#reply(result.reply);
  }

  /** Credentials were accepted: lock the maildrop, unless it is locked or too soon. */
  async #login(name: string): Promise<void> {
    await this.#withRules('LOGIN', name, () => {
      const shared = this.#shared;
      const { exclusiveLock = true, lockRefusal = LOCK_REFUSAL_WORDINGS.dovecot.reply } = shared.options;
      const delay = shared.options.loginDelaySeconds;
      const now = shared.clock();
      if (exclusiveLock && shared.lockHolder !== null) return this.#reply(lockRefusal);
      // RFC 2449 §8.1.1: a login sooner than the announced LOGIN-DELAY is refused.
      if (delay !== undefined && shared.lastLoginAt !== null && now - shared.lastLoginAt < delay * 1000) {
        return this.#reply(loginDelayRefusal(delay));
      }
      shared.lockHolder = this.record.index;
      shared.lastLoginAt = now;
      this.#view = new MaildropView(shared.mailbox);
      this.record.user = name;
      this.#reply('+OK Logged in, maildrop locked and ready.');
    });
  }

  /** RFC 2595 §4: STLS only before login, once, and only when TLS is configured. */
  #stls(): void {
    const tls = this.#shared.options.tls;
    if (tls === undefined) return this.#reply('-ERR Unknown command, or not valid before login.');
    if (this.#conn.secure) return this.#reply('-ERR TLS is already active.');
    this.#reply('+OK Begin TLS negotiation.');
    this.#conn.startTls(tls);
  }
}
