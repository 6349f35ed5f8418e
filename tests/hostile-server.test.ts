// The hostile-server tier (issue 11): a real `poplar sync` child process against each named
// fault of the scripted server (tests/support/scripted-pop3/scenarios.ts). For every scenario:
// the process ends within its bound, its peak RSS (VmHWM, polled from /proc) stays within its
// bound, the error it prints names what happened, the server saw the session end (so the
// mailbox lock was released), and every complete message before the fault is stored exactly
// once. POPLAR_TIME_SCALE=0.02 shrinks every POP3 time limit (limits.ts) so each bound fires
// in seconds; the scenarios' own timings are chosen for that scale.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagesJson, runPoplar, syncJson, type PoplarRun, type SyncJsonAccount } from './support/poplar-cli.ts';
import { HOSTILE_SCENARIOS, startScriptedPop3, type HostileScenarioName } from './support/scripted-pop3.ts';
import { seconds } from './support/timeouts.ts';

const TIME_SCALE = '0.02';
/**
 * Starting `poplar` (Node 24 loading TypeScript, opening SQLite) takes ~1 s idle and up to 8 s
 * with a loaded machine (15 s measured at a load average of 20): added to every bound, and scaled like the suite's other waits (timeouts.ts).
 * The product's own bound is the rest: at TIME_SCALE, every limit of limits.ts is 1–3 s.
 */
const STARTUP_MS = seconds(15);
const PASSWORD = 'hostile-pw';

interface Expectation {
  readonly scenario: HostileScenarioName;
  /** Wall-clock bound of the `poplar sync` process, without its start-up (STARTUP_MS is added). */
  readonly boundMs: number;
  /** Bound of its peak resident set (VmHWM). */
  readonly rssMb: number;
  /** The error code the sync reports; null: it succeeds. */
  readonly code: string | null;
  /** What its error message must say. */
  readonly says?: RegExp;
  /** What a plain `poplar sync` (text, as a person reads it) must print on stderr, in a second run. */
  readonly textSays?: RegExp;
  /** Messages (by number) stored exactly once after the first sync. */
  readonly stored: readonly number[];
  readonly maxSize?: number;
  /** A second sync, without the fault where it was once-only: then every listed message is stored once. */
  readonly thenAll?: number;
  /** Further checks of the stored messages. */
  readonly check?: (stored: StoredMessage[]) => void;
}

interface StoredMessage {
  readonly subject: string;
  readonly uidl: string | null;
  readonly size: number;
}

/** Node 24 running `poplar` with SQLite open is ~70–90 MB here; 200 MB leaves room and still catches a 10 MB body held several times. */
const RSS_MB = 200;

const TABLE: readonly Expectation[] = [
  {
    scenario: 'drip-feed-listing',
    boundMs: 6_000,
    rssMb: RSS_MB,
    code: 'timeout',
    says: /longer than [\d.]+ s to send its UIDL listing/,
    textSays: /answering far too slowly: the server took longer than [\d.]+ s to send its UIDL listing/,
    stored: [],
  },
  { scenario: 'drip-feed-retr', boundMs: 6_000, rssMb: RSS_MB, code: 'timeout', says: /to send message 3 \(RETR/, stored: [1, 2] },
  {
    scenario: 'stall-after-pass',
    boundMs: 6_000,
    rssMb: RSS_MB,
    code: 'login-stalled',
    says: /nothing for [\d.]+ s after PASS/,
    textSays: /waiting for another program to release your mailbox/,
    stored: [],
  },
  {
    scenario: 'silence-then-close-after-pass',
    boundMs: 6_000,
    rssMb: RSS_MB,
    code: 'login-stalled',
    says: /after PASS and closed the connection/,
    stored: [],
  },
  {
    scenario: 'drop-at-retr',
    boundMs: 6_000,
    rssMb: RSS_MB,
    code: 'connection-closed',
    says: /closed/,
    stored: [1, 2, 3, 4, 5],
    thenAll: 10,
  },
  {
    scenario: 'lying-list-size',
    boundMs: 10_000,
    rssMb: RSS_MB,
    code: null,
    stored: [1, 2, 3],
    maxSize: 2048,
    // Issue 11 item 5: --max-size holds while receiving, whatever LIST said.
    check: (stored) => expect(stored.find((m) => m.subject === 'hostile message 2')?.size ?? 0).toBeLessThanOrEqual(64 * 1024),
  },
  {
    scenario: 'duplicate-uidls',
    boundMs: 6_000,
    rssMb: RSS_MB,
    code: null,
    stored: Array.from({ length: 30 }, (_, i) => i + 1),
    thenAll: 30,
  },
  { scenario: 'overlong-line', boundMs: 6_000, rssMb: RSS_MB, code: 'line-too-long', says: /longer than \d+ octets/, stored: [] },
  { scenario: 'garbage', boundMs: 6_000, rssMb: RSS_MB, code: 'protocol', says: /./, stored: [] },
  { scenario: 'never-ending-retr', boundMs: 6_000, rssMb: RSS_MB, code: 'timeout', says: /to send message 3 \(RETR/, stored: [1, 2] },
  { scenario: 'slow-greeting', boundMs: 6_000, rssMb: RSS_MB, code: 'timeout', says: /to send its greeting/, stored: [] },
];

/** What each scenario measured, printed at the end for the report. */
const measured: Array<{ scenario: string; ms: number; rssMb: number; code: string | null; message: string | null }> = [];

/** Peak RSS of a running process, in MB, from /proc/PID/status (VmHWM is monotonic, so the last read is the peak so far). */
function watchPeakRss(): { onSpawn: (pid: number) => void; peakMb: () => number; stop: () => void } {
  let peakKb = 0;
  let timer: NodeJS.Timeout | undefined;
  const read = (pid: number): void => {
    try {
      const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match?.[1]) peakKb = Math.max(peakKb, Number(match[1]));
    } catch {
      // The process has exited: the last reading stands.
    }
  };
  return {
    onSpawn: (pid) => {
      read(pid);
      timer = setInterval(() => read(pid), 20);
    },
    peakMb: () => Math.round(peakKb / 1024),
    stop: () => clearInterval(timer),
  };
}

describe('hostile servers: poplar sync ends in bounded time and memory, and keeps what it received', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'poplar-hostile-'));
  });

  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
    // One line per scenario, for the record (issue 11 asks for the numbers).
    for (const m of measured)
      console.log(`[hostile] ${m.scenario}: ${m.ms} ms, peak RSS ${m.rssMb} MB, ${m.code ?? 'ok'}${m.message ? ` — ${m.message}` : ''}`);
  });

  for (const expectation of TABLE) {
    const scenario = HOSTILE_SCENARIOS[expectation.scenario]();
    it(
      `${scenario.name}: the server ${scenario.fault}`,
      async () => {
        const server = await startScriptedPop3({
          users: [{ name: 'alice', password: PASSWORD }],
          messages: scenario.messages,
          rules: scenario.rules,
        });
        const profile = path.join(root, scenario.name);
        const env = { POPLAR_LOCK_DIR: path.join(root, 'locks'), POPLAR_TEST_PW: PASSWORD, POPLAR_TIME_SCALE: TIME_SCALE };
        const poplar = (args: string[], extra: Parameters<typeof runPoplar>[1] = {}): Promise<PoplarRun> =>
          runPoplar([...args, '--profile', profile], { env, timeoutMs: seconds(60), ...extra });
        try {
          const add = await poplar([
            'account',
            'add',
            '--name',
            'hostile',
            '--host',
            server.host,
            '--port',
            String(server.port),
            '--security',
            'none',
            '--auth',
            'user',
            '--user',
            'alice',
            '--password-env',
            'POPLAR_TEST_PW',
            ...(expectation.maxSize ? ['--max-size', String(expectation.maxSize)] : []),
          ]);
          expect(add.code, add.stderr).toBe(0);

          const rss = watchPeakRss();
          const t0 = performance.now();
          const run = await poplar(['sync', '--json'], { onSpawn: rss.onSpawn, timeoutMs: expectation.boundMs + STARTUP_MS + seconds(30) });
          const ms = Math.round(performance.now() - t0);
          rss.stop();
          const [result] = syncJson(run) as [SyncJsonAccount | undefined];
          measured.push({
            scenario: scenario.name,
            ms,
            rssMb: rss.peakMb(),
            code: result?.error?.code ?? null,
            message: result?.error?.message ?? null,
          });

          expect(ms, 'the sync ran past its bound').toBeLessThan(expectation.boundMs + STARTUP_MS);
          expect(rss.peakMb(), 'peak RSS (MB)').toBeLessThan(expectation.rssMb);
          expect(rss.peakMb(), 'RSS was measured').toBeGreaterThan(0);
          expect(result?.error?.code ?? null, JSON.stringify(result)).toBe(expectation.code);
          if (expectation.says) expect(result?.error?.message ?? '').toMatch(expectation.says);
          // The session is over on the server's side too: nothing holds the mailbox. (A server
          // asleep in a delay, slow-greeting's, notices the client's FIN only when it wakes.)
          for (const record of server.sessions()) {
            const closed = await Promise.race([server.waitForSessionClosed(record.index), delay(seconds(10)).then(() => null)]);
            expect(closed?.endedBy, `session ${record.index} still open`).toBeDefined();
          }

          const stored = await storedMessages(poplar);
          expect(onceEach(stored), 'messages stored, each exactly once').toEqual(
            expectation.stored.map((n) => [`hostile message ${n}`, 1]),
          );
          expectation.check?.(stored);

          if (expectation.textSays) {
            const text = await poplar(['sync'], { timeoutMs: expectation.boundMs + STARTUP_MS + seconds(30) });
            expect(text.stderr).toMatch(expectation.textSays);
            expect(text.stderr).not.toMatch(/password is wrong|check that this computer is online/i);
          }

          if (expectation.thenAll !== undefined) {
            const again = await poplar(['sync', '--json'], { timeoutMs: expectation.boundMs + STARTUP_MS + seconds(30) });
            expect(syncJson(again)[0]?.error ?? null, again.stdout).toBeNull();
            const all = Array.from({ length: expectation.thenAll }, (_, i) => [`hostile message ${i + 1}`, 1]);
            expect(onceEach(await storedMessages(poplar)), 'after a second sync').toEqual(all);
          }
        } finally {
          await server.close();
        }
      },
      expectation.boundMs * 2 + seconds(120),
    );
  }
});

async function storedMessages(poplar: (args: string[]) => Promise<PoplarRun>): Promise<StoredMessage[]> {
  const run = await poplar(['messages', '--json', '--limit', '1000']);
  expect(run.code, run.stderr).toBe(0);
  return messagesJson(run).map((m) => ({ subject: m.subject, uidl: m.uidl, size: m.size }));
}

/** [subject, how many times stored], in message order. */
function onceEach(stored: readonly StoredMessage[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const m of stored) counts.set(m.subject, (counts.get(m.subject) ?? 0) + 1);
  const number = (subject: string): number => Number(/(\d+)$/.exec(subject)?.[1] ?? 0);
  return [...counts.entries()].sort((a, b) => number(a[0]) - number(b[0]));
}
