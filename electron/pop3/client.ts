// The POP3 client: a thin class over the connection and the command functions.
//
//   connect ─► greeting ─► CAPA ─► [STLS ─► CAPA] ─► login ─► [CAPA if per-user values]
//           ─► STAT / LIST / UIDL / RETR / TOP / DELE … ─► QUIT
//
// Any failure after the socket is open ends the session with QUIT when the connection can
// still carry it (DESIGN.md: every session ends with QUIT unless the connection is gone).
import type { Capabilities } from './capabilities.ts';
import { CHALLENGE_RESPONSE, chooseAuthMethod, type AuthPreference } from './auth/choose.ts';
import type { AuthMethod } from './auth/exchange.ts';
import { startAuth, type Credentials } from './auth/start.ts';
import { authenticate } from './commands/authenticate.ts';
import { capa } from './commands/capa.ts';
import { deleStep, dele, rset } from './commands/delete.ts';
import {
  list,
  listEach,
  listOne,
  stat,
  uidl,
  uidlEach,
  uidlOne,
  type ListEntry,
  type MaildropStat,
  type UidlEntry,
} from './commands/maildrop.ts';
import { isStepFailureResult, runPipelined, type StepFailure } from './commands/pipeline.ts';
import { retr, retrStep, top, type Retrieved } from './commands/retrieve.ts';
import { noop } from './commands/noop.ts';
import { quit, type QuitResult } from './commands/quit.ts';
import { stls } from './commands/stls.ts';
import { commandBudget } from './budget.ts';
import { Pop3Connection } from './connection.ts';
import { isPop3Error, Pop3Error } from './errors.ts';
import { PIPELINE_WINDOW, processLimits, type Pop3Limits } from './limits.ts';
import { classifyAuthRefusal } from './lock-refusal.ts';
import type { BodyConsumer } from './reader.ts';
import { parseGreeting } from './response.ts';
import type { TranscriptRecorder } from './transcript.ts';
import { openSocket, type Security, type TlsInfo, type TlsTrust } from './transport.ts';

export interface Pop3ClientOptions {
  readonly host: string;
  readonly port: number;
  readonly security: Security;
  readonly credentials: Credentials;
  /** 'auto' picks the strongest method the server offers (auth/choose.ts). */
  readonly auth?: AuthPreference;
  readonly trust?: TlsTrust;
  /**
   * Time limits of this connection (limits.ts), over the process's defaults (DEFAULT_LIMITS,
   * scaled by POPLAR_TIME_SCALE in the command line). Tests pass short ones.
   */
  readonly limits?: Partial<Pop3Limits>;
  /** Shorthands for `limits.connectBudgetMs` and `limits.idleTimeoutMs`; they win over `limits`. */
  readonly connectBudgetMs?: number;
  readonly idleTimeoutMs?: number;
  /** Pipelining window when the server offers PIPELINING; 1 turns pipelining off. */
  readonly pipelineWindow?: number;
  readonly transcript?: TranscriptRecorder | null;
  readonly signal?: AbortSignal;
}

/** What a session reached: for "test connection" and the session record. */
export interface SessionFacts {
  readonly host: string;
  readonly port: number;
  readonly security: Security;
  readonly tls: TlsInfo | null;
  readonly greeting: string;
  readonly capabilities: Capabilities;
  readonly authMethod: AuthMethod;
}

export interface RetrieveOutcome {
  readonly msg: number;
  readonly result: Retrieved | StepFailure;
}

export class Pop3Client {
  readonly #conn: Pop3Connection;
  readonly #window: number;
  #facts: SessionFacts;
  #closed = false;
  readonly #forgetSignal: () => void;

  private constructor(conn: Pop3Connection, facts: SessionFacts, window: number, forgetSignal: () => void) {
    this.#conn = conn;
    this.#facts = facts;
    this.#window = window;
    this.#forgetSignal = forgetSignal;
  }

  /**
   * Connects, secures, and logs in; throws a Pop3Error with a code a program can act on.
   *
   * With 'auto', a refused CRAM-MD5 or APOP login is tried once more, on a new connection
   * opened after the first one closed, with the next method 'auto' allows: the server may hold
   * only a hash of this user's password (choose.ts CHALLENGE_RESPONSE), and solid-pop3d closes
   * the connection after the refusal, so the same connection cannot be reused. Only one
   * session is ever open; a lock or a temporary refusal is not retried.
   */
  static async connect(options: Pop3ClientOptions): Promise<Pop3Client> {
    const excluded: AuthMethod[] = [];
    for (;;) {
      const attempt: { method: AuthMethod | null } = { method: null };
      try {
        return await Pop3Client.#connectOnce(options, excluded, attempt);
      } catch (error) {
        const method = attempt.method;
        const refused = isPop3Error(error) && (error.code === 'auth-failed' || error.code === 'login-refused');
        if (
          (options.auth ?? 'auto') !== 'auto' ||
          method === null ||
          !CHALLENGE_RESPONSE.includes(method) ||
          !refused ||
          options.signal?.aborted
        )
          throw error;
        excluded.push(method);
        options.transcript?.event(`the server refused ${method.toUpperCase()}; trying the next login method on a new connection`);
      }
    }
  }

  static async #connectOnce(
    options: Pop3ClientOptions,
    excluded: readonly AuthMethod[],
    attempt: { method: AuthMethod | null },
  ): Promise<Pop3Client> {
    const { host, port, security } = options;
    const trust = options.trust ?? {};
    const limits = resolveLimits(options);
    const startedAt = Date.now();
    const deadline = startedAt + limits.connectBudgetMs;
    const transcript = options.transcript ?? null;
    // A Pop3Error, not the signal's DOMException: callers switch on `code` (errors.ts).
    if (options.signal?.aborted) throw abortedError();
    transcript?.event(`connecting to ${host}:${port} (${security})`);
    const opened = await openSocket(host, port, security, trust, deadline);
    // An abort while the socket was opening fired before the listener below exists, and
    // addEventListener never fires for a signal that is already aborted: check it here, or
    // the session would go on to log in after it was stopped.
    if (options.signal?.aborted) {
      opened.socket.destroy();
      transcript?.event('closed');
      throw abortedError();
    }
    const conn = new Pop3Connection(opened.socket, limits, transcript, opened.receive);
    if (opened.tls) transcript?.event(`TLS started (${opened.tls.protocol ?? 'unknown protocol'})`);
    const onAbort = (): void => conn.abort(abortedError());
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const facts = await login(conn, options, trust, startedAt, opened.tls, excluded, attempt);
      const window = facts.capabilities.pipelining ? Math.max(1, options.pipelineWindow ?? PIPELINE_WINDOW) : 1;
      return new Pop3Client(conn, facts, window, () => options.signal?.removeEventListener('abort', onAbort));
    } catch (error) {
      options.signal?.removeEventListener('abort', onAbort);
      await politeClose(conn);
      throw error;
    }
  }

  get facts(): SessionFacts {
    return this.#facts;
  }

  /** Commands in flight at once: the pipelining window, or 1 without PIPELINING. */
  get pipelineWindow(): number {
    return this.#window;
  }

  get bytesReceived(): number {
    return this.#conn.bytesReceived;
  }

  /** False once the connection broke or was closed. */
  get usable(): boolean {
    return !this.#closed && this.#conn.usable;
  }

  stat(): Promise<MaildropStat> {
    return stat(this.#conn);
  }

  list(): Promise<ListEntry[]> {
    return list(this.#conn);
  }

  listOne(msg: number): Promise<ListEntry> {
    return listOne(this.#conn, msg);
  }

  uidl(): Promise<UidlEntry[]> {
    return uidl(this.#conn);
  }

  /** UIDL, each entry handed to `onEntry` as it arrives (nothing kept); resolves to the count. */
  uidlEach(onEntry: (entry: UidlEntry) => void): Promise<number> {
    return uidlEach(this.#conn, onEntry);
  }

  /** LIST, each entry handed to `onEntry` as it arrives (nothing kept); resolves to the count. */
  listEach(onEntry: (entry: ListEntry) => void): Promise<number> {
    return listEach(this.#conn, onEntry);
  }

  uidlOne(msg: number): Promise<UidlEntry> {
    return uidlOne(this.#conn, msg);
  }

  retr(msg: number, consume: BodyConsumer): Promise<Retrieved> {
    return retr(this.#conn, msg, consume);
  }

  top(msg: number, lines: number, consume: BodyConsumer): Promise<Retrieved> {
    return top(this.#conn, msg, lines, consume);
  }

  /**
   * Retrieves `msgs` in order, pipelined when the server allows, opening one consumer per
   * message and settling each before the next is handled. A -ERR for one message, or a
   * consumer that failed, settles that message as failed and the others go on.
   */
  async retrMany(
    msgs: readonly number[],
    open: (msg: number) => BodyConsumer,
    settle: (outcome: RetrieveOutcome) => void | Promise<void>,
  ): Promise<void> {
    const steps = msgs.map((msg) => retrStep(this.#conn, msg, () => open(msg)));
    await runPipelined(this.#conn, steps, this.#window, (result, step) => settle({ msg: step.msg, result }));
  }

  dele(msg: number): Promise<void> {
    return dele(this.#conn, msg);
  }

  /** Marks `msgs` deleted, pipelined when allowed; returns those the server accepted. */
  async deleMany(msgs: readonly number[]): Promise<{ marked: number[]; refused: Array<{ msg: number; error: Error }> }> {
    const marked: number[] = [];
    const refused: Array<{ msg: number; error: Error }> = [];
    const steps = msgs.map((msg) => deleStep(this.#conn, msg));
    await runPipelined(this.#conn, steps, this.#window, (result, step) => {
      if (isStepFailureResult(result)) refused.push({ msg: step.msg, error: result.error });
      else marked.push(result);
    });
    return { marked, refused };
  }

  rset(): Promise<void> {
    return rset(this.#conn);
  }

  noop(): Promise<void> {
    return noop(this.#conn);
  }

  /**
   * QUIT within QUIT_TIMEOUT_MS, then closes. `acknowledged` is true only for +OK, the one
   * answer after which the server has removed the messages marked with DELE (RFC 1939 §6).
   */
  async quit(): Promise<QuitResult> {
    if (this.#closed) return { acknowledged: false, text: null };
    this.#closed = true;
    this.#forgetSignal();
    try {
      return await withTimeout(quit(this.#conn), this.#conn.limits.quitTimeoutMs, () => this.#conn.destroy());
    } catch {
      return { acknowledged: false, text: null };
    } finally {
      await this.#conn.end();
      this.#conn.transcript?.event('closed');
    }
  }

  /** Drops the connection without QUIT: for a session that must stop now (the server rolls back DELEs). */
  destroy(): void {
    this.#closed = true;
    this.#forgetSignal();
    this.#conn.destroy();
  }
}

async function login(
  conn: Pop3Connection,
  options: Pop3ClientOptions,
  trust: TlsTrust,
  startedAt: number,
  implicitTls: TlsInfo | null,
  exclude: readonly AuthMethod[],
  attempt: { method: AuthMethod | null },
): Promise<SessionFacts> {
  const deadline = startedAt + conn.limits.connectBudgetMs;
  // The connect budget covers TCP, TLS and the greeting: a greeting that never comes is a
  // network or server problem ('timeout'), whatever happens after it.
  const greetingLine = await conn.readLine(commandBudget(null, 'its greeting', conn.limits.connectBudgetMs, null, startedAt));
  const greeting = parseGreeting(greetingLine);
  if (!greeting.status.ok) {
    // Some servers refuse at the greeting when the maildrop is locked or they are overloaded.
    const { code, certain } = classifyAuthRefusal(greeting.status, 'greeting');
    throw new Pop3Error(code, { command: null, responseCode: greeting.status.code, serverText: greeting.status.text, certain });
  }
  let capabilities = await capa(conn);
  let tls = implicitTls;
  if (options.security === 'starttls') {
    // RFC 2595 §4: STLS must be announced; a server without CAPA may still take it.
    if (capabilities.known && !capabilities.stls) {
      throw new Pop3Error('starttls-unavailable', {
        command: 'STLS',
        message: 'the server does not offer STLS, and this account requires it',
      });
    }
    tls = await stls(conn, options.host, trust, deadline);
    capabilities = await capa(conn); // RFC 2595 §4: forget what was learned before TLS
  }
  const credential = options.credentials.kind;
  const authMethod = chooseAuthMethod(capabilities, greeting.apopTimestamp !== null, options.auth ?? 'auto', {
    secure: tls !== null,
    credential,
    exclude,
  });
  attempt.method = authMethod;
  try {
    await authenticate(conn, startAuth(authMethod, options.credentials, greeting.apopTimestamp), capabilities);
  } catch (error) {
    if (isPop3Error(error)) error.announcedLoginDelaySeconds = capabilities.loginDelaySeconds;
    throw error;
  }
  // RFC 2449 §6.5, §6.7: "LOGIN-DELAY n USER" / "EXPIRE n USER" are only final after login.
  if (capabilities.known && (capabilities.loginDelayPerUser || capabilities.expirePerUser)) capabilities = await capa(conn);
  return { host: options.host, port: options.port, security: options.security, tls, greeting: greetingLine, capabilities, authMethod };
}

/** After a failure: QUIT if the connection still carries commands, then close. */
async function politeClose(conn: Pop3Connection): Promise<void> {
  if (conn.usable) {
    try {
      await withTimeout(quit(conn), conn.limits.quitTimeoutMs, () => conn.destroy());
    } catch {
      // The failure being reported matters more than a QUIT that did not go through.
    }
  }
  conn.destroy();
  conn.transcript?.event('closed');
}

/**
 * The process's limits, then the caller's `limits`, then the two shorthands. An idle timeout
 * given alone keeps the login-stall wait at its default ratio (twice the idle timeout), so a
 * test that shortens one does not wait minutes on the other.
 */
function resolveLimits(options: Pop3ClientOptions): Pop3Limits {
  const base = processLimits();
  const idle = options.idleTimeoutMs;
  const stallFromIdle =
    idle !== undefined && options.limits?.loginStallMs === undefined
      ? { loginStallMs: Math.round(idle * (base.loginStallMs / base.idleTimeoutMs)) }
      : {};
  return {
    ...base,
    ...options.limits,
    ...stallFromIdle,
    ...(options.connectBudgetMs !== undefined ? { connectBudgetMs: options.connectBudgetMs } : {}),
    ...(idle !== undefined ? { idleTimeoutMs: idle } : {}),
  };
}

function abortedError(): Pop3Error {
  return new Pop3Error('aborted', { message: 'the session was stopped' });
}

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Pop3Error('timeout', { command: 'QUIT', message: 'the server did not answer QUIT in time' }));
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
