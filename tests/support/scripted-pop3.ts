// A POP3 server on loopback for fault-injection tests of Poplar's POP3 client: Poplar's own
// server (electron/pop3-server) speaking as a generic server, with rules that make it misbehave
// on cue (its hook) and records of every session so a test can check what the client did.
// By default it is a correct RFC 1939 server (with CAPA, SASL, STLS, pipelining) that never
// hangs up on its own: no idle timer and no caps on bad commands, logins or connections.
//
//   const server = await startScriptedPop3({ users: [{ name: 'alice', password: 'pw' }],
//     messages: [{ uidl: 'u1', body: 'Subject: hi\r\n\r\nhello\r\n' }],
//     rules: [lockRefusal(LOCK_REFUSAL_WORDINGS.dovecot, 'PASS', { session: 1 })] });
//   ... drive the client at server.host:server.port ...
//   expect(server.sessions()[0]?.endedBy).toBe('quit');
//   await server.close();
import type { MaildropMessage } from '../../electron/pop3-server/maildrop.ts';
import { Pop3Server } from '../../electron/pop3-server/server.ts';
import { toCrlf } from '../../electron/pop3-server/wire.ts';
import { SessionRecords } from './scripted-pop3/records.ts';
import { takeRule } from './scripted-pop3/rules.ts';
import type { Rule, ScriptedMessage, ScriptedPop3Options, SessionRecord } from './scripted-pop3/types.ts';
import { SCRIPTED_REPLIES } from './scripted-pop3/wordings.ts';

export {
  DEFAULT_CAPABILITIES,
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
export type * from './scripted-pop3/types.ts';
export {
  AUTH_FAILED,
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

/** Starts a server on 127.0.0.1 at an ephemeral port. */
export async function startScriptedPop3(options: ScriptedPop3Options = {}): Promise<ScriptedPop3Server> {
  const clock = options.clock ?? Date.now;
  const rules = [...(options.rules ?? [])];
  const records = new SessionRecords(clock);
  // The server holds its own messages; a test gets back the objects it delivered.
  const given = new WeakMap<MaildropMessage, ScriptedMessage>();
  const stored = (message: ScriptedMessage): MaildropMessage => {
    const listed = message.listedSize === undefined ? {} : { listedSize: message.listedSize };
    const out: MaildropMessage = { uidl: message.uidl, bytes: toCrlf(message.body), ...listed };
    given.set(out, message);
    return out;
  };
  const server = await Pop3Server.start({
    users: options.users ?? [],
    messages: (options.messages ?? []).map(stored),
    apopTimestamp: options.apopTimestamp,
    sasl: { xoauth2Tokens: options.xoauth2Tokens ?? {}, cramMd5Challenge: options.cramMd5Challenge },
    capabilities: options.capabilities,
    loginDelaySeconds: options.loginDelaySeconds,
    tls: options.tls,
    exclusiveLock: options.exclusiveLock,
    replies: {
      ...SCRIPTED_REPLIES,
      ...(options.banner === undefined ? {} : { banner: options.banner }),
      ...(options.lockRefusal === undefined ? {} : { locked: options.lockRefusal }),
    },
    // A test decides when a session ends, and its client may send what no real client would.
    limits: {
      maxCommandLineOctets: Infinity,
      idleTimeoutMs: 0,
      maxBadCommands: Infinity,
      maxAuthFailures: Infinity,
      maxConnections: Infinity,
    },
    hook: (moment) => takeRule(rules, moment),
    observer: records.observer,
    clock,
  });

  return {
    host: server.host,
    port: server.port,
    get maxConcurrentSessions() {
      return records.maxConcurrent;
    },
    addRule(rule) {
      rules.push(rule);
      return () => {
        const i = rules.indexOf(rule);
        if (i >= 0) rules.splice(i, 1);
      };
    },
    mailbox: () => server.maildrop.messages.map((message) => given.get(message) ?? { uidl: message.uidl, body: message.bytes }),
    deliver: (...messages) => server.add(...messages.map(stored)),
    sessions: () => records.all(),
    activeSessionCount: () => records.active,
    waitForSessionClosed: (index) => records.closed(index),
    close: () => server.close(),
  };
}
