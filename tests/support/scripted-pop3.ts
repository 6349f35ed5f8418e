// A POP3 server on loopback for fault-injection tests of Poplar's POP3 client. By default it
// is a correct RFC 1939 server (with CAPA, SASL, STLS, pipelining); rules make it misbehave
// on cue; it records every session so a test can check what the client did.
//
//   const server = await startScriptedPop3({ users: [{ name: 'alice', password: 'pw' }],
//     messages: [{ uidl: 'u1', body: 'Subject: hi\r\n\r\nhello\r\n' }],
//     rules: [lockRefusal(LOCK_REFUSAL_WORDINGS.dovecot, 'PASS', { session: 1 })] });
//   ... drive the client at server.host:server.port ...
//   expect(server.sessions()[0]?.endedBy).toBe('quit');
//   await server.close();
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { Session, type Shared } from './scripted-pop3/session.ts';
import type { Rule, ScriptedMessage, ScriptedPop3Options, SessionRecord } from './scripted-pop3/types.ts';

export { DEFAULT_CAPABILITIES } from './scripted-pop3/capabilities.ts';
export {
  dripFeed,
  dropMidRetr,
  endlessReply,
  garbageReply,
  lockRefusal,
  loginDelayCapa,
  overlongLine,
  stallOn,
  type RuleExtras,
} from './scripted-pop3/rules.ts';
export { HOSTILE_SCENARIOS, type HostileScenario, type HostileScenarioName } from './scripted-pop3/scenarios.ts';
export { AUTH_FAILED, XOAUTH2_ERROR, apopDigest, cramMd5Digest } from './scripted-pop3/sasl.ts';
export type * from './scripted-pop3/types.ts';
export {
  LOCK_REFUSAL_WORDINGS,
  loginDelayRefusal,
  type LockRefusalId,
  type LockRefusalWording,
} from './scripted-pop3/wordings.ts';

export interface ScriptedPop3Server {
  readonly host: string;
  readonly port: number;
  /** The most sessions that were open at the same moment since the server started. */
  readonly maxConcurrentSessions: number;
  /** Adds a rule after those already there; returns a function that removes it. */
  addRule(rule: Rule): () => void;
  /** The messages on the server now: a copy of the list, the same message objects. */
  mailbox(): ScriptedMessage[];
  /** New mail arrives: appended to the mailbox, seen by sessions that log in later. */
  deliver(...messages: ScriptedMessage[]): void;
  /** Copies of the session records, in order of connection. */
  sessions(): SessionRecord[];
  /** Sessions accepted and not yet ended (see `SessionRecord.closedAt`). */
  activeSessionCount(): number;
  /** Resolves with the record once session `index` (1-based) has ended, even if it has not started. */
  waitForSessionClosed(index: number): Promise<SessionRecord>;
  /** Destroys open connections and stops listening. */
  close(): Promise<void>;
}

const copyRecord = (r: SessionRecord): SessionRecord => ({
  ...r,
  commands: [...r.commands],
  deleted: [...r.deleted],
});

/**
 * Starts a server on 127.0.0.1 at an ephemeral port. A session counts as open from the
 * accepted connection until the server has ended it (QUIT answered, a rule closed it) or
 * has seen the client close, so a client that QUITs and reconnects at once is not counted
 * twice.
 */
export async function startScriptedPop3(options: ScriptedPop3Options = {}): Promise<ScriptedPop3Server> {
  const shared: Shared = {
    options,
    mailbox: [...(options.messages ?? [])],
    rules: [...(options.rules ?? [])],
    clock: options.clock ?? Date.now,
    lockHolder: null,
    lastLoginAt: null,
    stamps: 0,
  };
  const records: SessionRecord[] = [];
  const live = new Set<Session>();
  const sockets = new Set<Socket>();
  let waiters: Array<() => boolean> = [];
  let active = 0;
  let maxConcurrent = 0;

  const onEnded = (): void => {
    active -= 1;
    waiters = waiters.filter((settled) => !settled());
  };

  // allowHalfOpen: a client may pipeline "QUIT" and close its side at once; the server
  // still reads QUIT, answers it and enters UPDATE, as RFC 1939 §6 has it.
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    active += 1;
    maxConcurrent = Math.max(maxConcurrent, active);
    const session = new Session(shared, socket, records.length + 1, onEnded);
    records.push(session.record);
    live.add(session);
    void session.closed.then(() => live.delete(session));
    session.run().catch(() => session.kill());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    host: '127.0.0.1',
    port,
    get maxConcurrentSessions() {
      return maxConcurrent;
    },
    addRule(rule) {
      shared.rules.push(rule);
      return () => {
        const i = shared.rules.indexOf(rule);
        if (i >= 0) shared.rules.splice(i, 1);
      };
    },
    mailbox: () => [...shared.mailbox],
    deliver: (...messages) => void shared.mailbox.push(...messages),
    sessions: () => records.map(copyRecord),
    activeSessionCount: () => active,
    waitForSessionClosed(index) {
      return new Promise((resolve) => {
        const settled = (): boolean => {
          const record = records[index - 1];
          if (record === undefined || record.closedAt === null) return false;
          resolve(copyRecord(record));
          return true;
        };
        if (!settled()) waiters.push(settled);
      });
    },
    close() {
      for (const session of live) session.kill();
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
