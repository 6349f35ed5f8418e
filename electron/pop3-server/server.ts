// A POP3 server (RFC 1939, with CAPA, RESP-CODES and PIPELINING from RFC 2449, AUTH from RFC
// 5034, STLS from RFC 2595) on 127.0.0.1: a listener, its sessions, and the one maildrop lock
// they share. Like a real server it lets only one session at a time into the maildrop (RFC 1939
// §4: "the POP3 server then acquires an exclusive-access lock on the maildrop").
//
// The demo mailbox (electron/demo/mailbox.ts) and the scripted test server
// (tests/support/scripted-pop3.ts) are this server with their own content, wordings and hook.
import { createServer, type Server, type Socket } from 'node:net';
import { Maildrop, type MaildropMessage } from './maildrop.ts';
import { Session, type EndedBy, type SessionHost } from './session.ts';
import { settingsFrom, type Pop3ServerOptions, type ServerSettings } from './settings.ts';
import { statusLine } from './wire.ts';

export class Pop3Server implements SessionHost {
  readonly host = '127.0.0.1';
  readonly settings: ServerSettings;
  readonly maildrop: Maildrop;
  readonly #server: Server;
  readonly #sessions = new Set<Session>();
  #opened = 0;
  #lockHolder: Session | null = null;
  #lastLoginAt: number | null = null;
  #stamps = 0;
  #unlockWaiters: Array<() => void> = [];
  #closing: Promise<void> | null = null;

  private constructor(options: Pop3ServerOptions) {
    this.settings = settingsFrom(options);
    this.maildrop = new Maildrop(options.messages);
    // allowHalfOpen: a client may pipeline "QUIT" and close its side at once; the server
    // still reads QUIT, answers it and enters UPDATE, as RFC 1939 §6 has it.
    this.#server = createServer({ allowHalfOpen: true }, (socket) => this.#accept(socket));
  }

  /** Listens on 127.0.0.1 on `port`; 0 (the default): a port the system picks. */
  static async start(options: Pop3ServerOptions, port = 0): Promise<Pop3Server> {
    const server = new Pop3Server(options);
    await new Promise<void>((resolve, reject) => {
      server.#server.once('error', reject);
      server.#server.listen({ host: server.host, port }, () => {
        server.#server.off('error', reject);
        resolve();
      });
    });
    // After listening, a failed accept must not take the process down with it.
    server.#server.on('error', () => undefined);
    return server;
  }

  get port(): number {
    const address = this.#server.address();
    if (address === null || typeof address === 'string') throw new Error('the POP3 server is not listening');
    return address.port;
  }

  /** A session holds the maildrop now. */
  get locked(): boolean {
    return this.#lockHolder !== null;
  }

  /** New mail: visible to the next session, not to one already open (RFC 1939 §5 numbering). */
  add(...messages: MaildropMessage[]): void {
    this.maildrop.add(...messages);
  }

  /** Settles once no session holds the maildrop (a dropped connection has been noticed). */
  whenUnlocked(): Promise<void> {
    if (this.#lockHolder === null) return Promise.resolve();
    return new Promise((resolve) => this.#unlockWaiters.push(resolve));
  }

  admit(session: Session): string | null {
    const { exclusiveLock, loginDelaySeconds, replies, clock } = this.settings;
    const now = clock();
    if (exclusiveLock && this.#lockHolder !== null && this.#lockHolder !== session) return replies.locked;
    // RFC 2449 §8.1.1: a login sooner than the announced LOGIN-DELAY is refused.
    const last = this.#lastLoginAt;
    if (loginDelaySeconds !== undefined && last !== null && now - last < loginDelaySeconds * 1000) {
      return replies.loginDelay(loginDelaySeconds);
    }
    this.#lockHolder = session;
    this.#lastLoginAt = now;
    return null;
  }

  ended(session: Session, endedBy: EndedBy): void {
    this.settings.observer.ended?.(session.index, endedBy);
    if (this.#lockHolder !== session) return;
    this.#lockHolder = null;
    const waiters = this.#unlockWaiters;
    this.#unlockWaiters = [];
    for (const resolve of waiters) resolve();
  }

  stamp(): string {
    // RFC 1939 §7: "<process-ID.clock@hostname>", different for every greeting.
    this.#stamps += 1;
    return `<${process.pid}.${this.settings.clock()}.${this.#stamps}@pop3-server.invalid>`;
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
    if (this.#closing !== null || this.#sessions.size >= this.settings.limits.maxConnections) {
      socket.end(statusLine(this.settings.replies.tooManyConnections), () => socket.destroy());
      return;
    }
    this.#opened += 1;
    const session = new Session(this, socket, this.#opened);
    this.#sessions.add(session);
    void session.closed.then(() => this.#sessions.delete(session));
    // run() never rejects on client input; should it throw on a bug, the connection goes, not the process.
    session.run().catch(() => session.kill());
  }
}
