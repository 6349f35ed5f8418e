// The demo POP3 server: a listener on 127.0.0.1, its sessions, and the one maildrop lock they
// share. Like a real server it lets only one session at a time into the maildrop (RFC 1939 §4:
// "the POP3 server then acquires an exclusive-access lock on the maildrop"); `hold` plays
// "another device holds the mailbox" by refusing every login as if someone else had the lock.
//
// The content of the maildrop is not this file's business (content/, mailbox.ts).
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { IDLE_TIMEOUT_MS, MAX_CONNECTIONS } from './limits.ts';
import type { DemoMessage, Maildrop } from './maildrop.ts';
import { Session, type SessionHost } from './session.ts';
import { statusLine } from './wire.ts';

export interface DemoServerOptions {
  readonly maildrop: Maildrop;
  readonly user: string;
  readonly password: string;
  /** Defaults to IDLE_TIMEOUT_MS; tests shorten it. */
  readonly idleTimeoutMs?: number;
}

export class DemoServer implements SessionHost {
  readonly maildrop: Maildrop;
  readonly idleTimeoutMs: number;
  readonly user: string;
  readonly password: string;
  readonly #server: Server;
  readonly #sessions = new Set<Session>();
  #lockHolder: Session | null = null;
  #held = false;
  #unlockWaiters: Array<() => void> = [];
  #closing: Promise<void> | null = null;

  private constructor(options: DemoServerOptions) {
    this.maildrop = options.maildrop;
    this.user = options.user;
    this.password = options.password;
    this.idleTimeoutMs = options.idleTimeoutMs ?? IDLE_TIMEOUT_MS;
    this.#server = createServer((socket) => this.#accept(socket));
  }

  /** Listens on 127.0.0.1 on a port the system picks. */
  static async start(options: DemoServerOptions): Promise<DemoServer> {
    const server = new DemoServer(options);
    await new Promise<void>((resolve, reject) => {
      server.#server.once('error', reject);
      server.#server.listen({ host: '127.0.0.1', port: 0 }, () => {
        server.#server.off('error', reject);
        resolve();
      });
    });
    // After listening, a failed accept must not take the app down with it.
    server.#server.on('error', () => undefined);
    return server;
  }

  get port(): number {
    const address = this.#server.address();
    if (address === null || typeof address === 'string') throw new Error('the demo server is not listening');
    return address.port;
  }

  /** A session holds the maildrop now. */
  get locked(): boolean {
    return this.#lockHolder !== null;
  }

  hold(on: boolean): void {
    this.#held = on;
  }

  held(): boolean {
    return this.#held;
  }

  /** New mail: visible to the next session, not to one already open (RFC 1939 §5 numbering). */
  add(message: DemoMessage): void {
    this.maildrop.add(message);
  }

  /** Settles once no session holds the maildrop (a dropped connection has been noticed). */
  whenUnlocked(): Promise<void> {
    if (this.#lockHolder === null) return Promise.resolve();
    return new Promise((resolve) => this.#unlockWaiters.push(resolve));
  }

  credentialsMatch(user: string, password: string): boolean {
    // Compared as digests so neither the time taken nor an early length check tells how close
    // a guess was.
    const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
    const userOk = timingSafeEqual(digest(user), digest(this.user));
    const passwordOk = timingSafeEqual(digest(password), digest(this.password));
    return userOk && passwordOk;
  }

  lock(session: Session): boolean {
    if (this.#held || (this.#lockHolder !== null && this.#lockHolder !== session)) return false;
    this.#lockHolder = session;
    return true;
  }

  unlock(session: Session): void {
    if (this.#lockHolder !== session) return;
    this.#lockHolder = null;
    const waiters = this.#unlockWaiters;
    this.#unlockWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Stops listening and ends every session without UPDATE (their DELEs are rolled back). */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => this.#server.close(() => resolve()));
      const sessions = [...this.#sessions];
      for (const session of sessions) session.kill();
      await Promise.all([stopped, ...sessions.map((session) => session.closed)]);
    })();
    return this.#closing;
  }

  #accept(socket: Socket): void {
    socket.on('error', () => undefined);
    if (this.#closing !== null || this.#sessions.size >= MAX_CONNECTIONS) {
      // RFC 3206 §4 [SYS/TEMP]: a passing condition on our side; try again later.
      socket.end(statusLine('-ERR [SYS/TEMP] Too many connections, try again later.'), () => socket.destroy());
      return;
    }
    const session = new Session(this, socket);
    this.#sessions.add(session);
    void session.closed.then(() => this.#sessions.delete(session));
    // run() never rejects on client input; should it throw on a bug, the connection goes, not the app.
    session.run().catch(() => session.kill());
  }
}
