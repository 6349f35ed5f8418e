// The hostile-server tier (issue 11): each fault a real server has shown, or could show, as a
// named scenario of the scripted server. tests/hostile-server.test.ts runs a real `poplar sync`
// against each one and holds it to its bounds; client tests may use them too.
//
// Times are real milliseconds on the server side. They are chosen for a client whose limits
// are scaled by POPLAR_TIME_SCALE=0.02 (idle 1.2 s, listing 2.4 s, login stall 2.4 s, connect
// 0.6 s, RETR floor 1.2 s): each fault outlasts the bound it tests, and nothing else does.
import { dripFeed, dropMidRetr, endlessReply, garbageReply, stallOn } from './rules.ts';
import type { Rule, ScriptedMessage } from './types.ts';

export type HostileScenarioName =
  | 'drip-feed-listing'
  | 'drip-feed-retr'
  | 'stall-after-pass'
  | 'silence-then-close-after-pass'
  | 'drop-at-retr'
  | 'lying-list-size'
  | 'duplicate-uidls'
  | 'overlong-line'
  | 'garbage'
  | 'never-ending-retr'
  | 'slow-greeting';

export interface HostileScenario {
  readonly name: HostileScenarioName;
  /** What the server does, in words (the test's title). */
  readonly fault: string;
  readonly messages: ScriptedMessage[];
  readonly rules: Rule[];
}

/** Message `n` (1-based) of a scenario: small, with a subject that names it. */
export function scenarioMessage(n: number, uidl = `hostile-${n}`, bodyLines = 20): ScriptedMessage {
  const lines = Array.from({ length: bodyLines }, (_, i) => `line ${i + 1} of message ${n}`);
  return {
    uidl,
    body: [
      `From: sender${n}@example.com`,
      'To: alice@example.com',
      `Subject: hostile message ${n}`,
      `Message-ID: <hostile-${n}@example.com>`,
      '',
      ...lines,
      '',
    ].join('\r\n'),
  };
}

const some = (count: number): ScriptedMessage[] => Array.from({ length: count }, (_, i) => scenarioMessage(i + 1));

/** A message of `octets` bytes whose LIST entry says 100. */
function lyingMessage(n: number, octets: number): ScriptedMessage {
  const head = `From: liar@example.com\r\nTo: alice@example.com\r\nSubject: hostile message ${n}\r\nMessage-ID: <hostile-${n}@example.com>\r\n\r\n`;
  const line = `${'y'.repeat(76)}\r\n`;
  return { uidl: `hostile-${n}`, body: head + line.repeat(Math.ceil(octets / line.length)), listedSize: 100 };
}

export const HOSTILE_SCENARIOS: Readonly<Record<HostileScenarioName, () => HostileScenario>> = {
  // Issue 11 item 3: UIDL at one byte per 100 ms never stays silent for the idle timeout.
  'drip-feed-listing': () => ({
    name: 'drip-feed-listing',
    fault: 'answers UIDL one byte every 100 ms',
    messages: some(30),
    rules: [dripFeed('UIDL', 1, 100)],
  }),
  // A message body at 100 bytes per 50 ms: honest size, hopeless rate.
  'drip-feed-retr': () => ({
    name: 'drip-feed-retr',
    fault: 'sends message 3 at 2 KB/s',
    messages: some(5).map((m, i) => (i === 2 ? scenarioMessage(3, 'hostile-3', 2000) : m)),
    rules: [dripFeed('RETR', 100, 50, { arg: '3' })],
  }),
  // Issue 10: popa3d and solid-pop3d block PASS while another process holds an fcntl lock.
  'stall-after-pass': () => ({ name: 'stall-after-pass', fault: 'never answers PASS', messages: some(3), rules: [stallOn('PASS')] }),
  // The same server giving up on the lock after a while, without a word.
  'silence-then-close-after-pass': () => ({
    name: 'silence-then-close-after-pass',
    fault: 'is silent for 1 s after PASS, then closes',
    messages: some(3),
    rules: [{ when: { command: 'PASS' }, delayMs: 1000, reply: [], close: 'end' }],
  }),
  // Issue 11 item 2: the connection drops during RETR 6 of 10.
  'drop-at-retr': () => ({
    name: 'drop-at-retr',
    fault: 'drops the connection in the middle of RETR 6 of 10',
    messages: some(10),
    rules: [dropMidRetr(6, 200, { session: 1 })],
  }),
  // Issue 11 item 5: LIST says 100 octets, RETR sends 10 MB.
  'lying-list-size': () => ({
    name: 'lying-list-size',
    fault: 'lists message 2 as 100 octets and sends 10 MB',
    messages: [scenarioMessage(1), lyingMessage(2, 10 * 1024 * 1024), scenarioMessage(3)],
    rules: [],
  }),
  // Issue 11 item 1: two of 30 messages share one UIDL (RFC 1939 §7 forbids it).
  'duplicate-uidls': () => ({
    name: 'duplicate-uidls',
    fault: 'gives messages 11 and 23 the same UIDL',
    messages: some(30).map((m, i) => (i === 22 ? { ...m, uidl: 'hostile-11' } : m)),
    rules: [],
  }),
  // A UIDL line of 20,000 octets: past MAX_RESPONSE_LINE_OCTETS.
  'overlong-line': () => ({
    name: 'overlong-line',
    fault: 'sends a UIDL line of 20,000 octets',
    messages: some(3),
    rules: [{ when: { command: 'UIDL' }, raw: `+OK\r\n1 ${'u'.repeat(20_000)}\r\n.\r\n` }],
  }),
  // Not POP3 at all where UIDL's status should be.
  garbage: () => ({
    name: 'garbage',
    fault: 'answers UIDL with bytes that are not POP3',
    messages: some(3),
    rules: [garbageReply('UIDL')],
  }),
  // RETR 3 never ends: 64 lines of 1,000 octets every 10 ms (~6 MB/s), no terminating dot.
  'never-ending-retr': () => ({
    name: 'never-ending-retr',
    fault: 'never ends its reply to RETR 3',
    messages: some(5),
    rules: [endlessReply('RETR', 10, 64, { arg: '3' })],
  }),
  // The greeting comes after 5 s: past the connect budget.
  'slow-greeting': () => ({
    name: 'slow-greeting',
    fault: 'sends its greeting after 5 s',
    messages: some(3),
    rules: [{ when: { command: 'GREETING' }, delayMs: 5000, reply: '+OK late hello' }],
  }),
};
