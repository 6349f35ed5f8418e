// Crash safety against a real Dovecot (DESIGN.md, "One session", invariants): `poplar sync`
// with the dangerous rule "delete from the server after download" is SIGKILLed again and
// again — at every checkpoint of the session (POPLAR_FAILPOINT, electron/cli/failpoint.ts)
// and at random moments — and after every kill the live server is compared with the profile:
// no message may be gone from the server without a committed, byte-identical local copy.
// Then a last sync runs to completion and every message must be stored exactly once.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDovecot, type DovecotInstance } from '../../tests/support/dovecot.ts';
import { plainMessage, seededRandom } from '../../tests/support/messages.ts';
import { DOVECOT, describeWith } from '../../tests/support/requirements.ts';
import { servedBodies } from '../../tests/support/served-bodies.ts';
import { Pop3Client } from '../pop3/client.ts';
import { isPop3Error } from '../pop3/errors.ts';
import { Secret } from '../secrets/secret.ts';
import { openLedgerEntries, storedRows, type StoredRow } from '../store/fixtures/inspect.ts';
import { seconds } from '../../tests/support/timeouts.ts';

const CLI = fileURLToPath(new URL('../cli/poplar.ts', import.meta.url));
const USER = 'crash';
const PASSWORD = 'crash-Secret-4';
const PASSWORD_ENV = 'POPLAR_CRASH_TEST_PASSWORD';
/** Whole budget of the kill loop; the test stops killing (and fails) if it is exceeded. */
const LOOP_BUDGET_MS = 150_000;

/**
 * The kill points, in order. `random` is a SIGKILL from outside after a delay drawn from a
 * seeded generator; the others are POPLAR_FAILPOINT checkpoints (NAME:N = the N-th time the
 * session reaches NAME). Kills that store a few messages at a time come first; each
 * `stored` / `deleted-before-quit` / `quit` triple then downloads the rest, has its DELEs
 * rolled back, and finally empties the mailbox without the ledger hearing of it. A point the
 * session does not reach (`committed:9` when commits are batched, say) lets the sync finish:
 * allowed, but not counted as a kill.
 */
const KILL_POINTS: readonly string[] = [
  'logged-in:1',
  'chunk:1',
  'chunk:7',
  'chunk:40',
  'file-durable:1',
  'committed:1',
  'file-durable:3',
  'committed:2',
  'random',
  'committed:5',
  'random',
  'chunk:3',
  'committed:9',
  'random',
  'stored:1',
  'deleted-before-quit:1',
  'quit:1',
  'chunk:120',
  'file-durable:2',
  'committed:3',
  'random',
  'logged-in:1',
  'chunk:15',
  'committed:1',
  'random',
  'file-durable:5',
  'committed:2',
  'random',
  'stored:1',
  'deleted-before-quit:1',
  'quit:1',
  'chunk:25',
  'committed:4',
  'random',
  'file-durable:8',
  'committed:1',
  'random',
  'random',
  'chunk:2',
  'stored:1',
  'deleted-before-quit:1',
  'quit:1',
];
/**
 * Before each kill point that needs something to download, when fewer than TOP_UP_BELOW
 * messages wait on the server, a wave of WAVE new ones is delivered (two of ~300 KB first, so
 * early `chunk` kills land inside a message).
 */
const TOP_UP_BELOW = 20;
/** Kill points that must actually kill (the issue asks for many). */
const MIN_KILLS = 30;
const WAVE = 60;
/** The kill points that need messages to download to be reached at all. */
const DOWNLOADING = ['chunk', 'file-durable', 'committed', 'random'];
const BIG_BODY_BYTES = 300_000;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

interface SyncJson {
  accounts: Array<{
    account: string;
    outcome: string;
    downloaded: number;
    deletedOnServer: number;
    error: { code: string; message: string } | null;
  }>;
}

type Row = StoredRow;

describeWith(DOVECOT, 'crash safety: SIGKILL at every checkpoint never loses or duplicates a message', () => {
  let dovecot: DovecotInstance;
  let root: string;
  let profileDir: string;
  let lockDir: string;
  /** UIDL → the bytes RETR served before any sync touched the message. */
  const originals = new Map<string, Buffer>();
  let seeded = 0;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'poplar-crash-'));
    profileDir = path.join(root, 'profile');
    lockDir = path.join(root, 'locks');
    dovecot = await startDovecot({ users: [{ name: USER, password: PASSWORD }] });
    const added = await poplar([
      'account',
      'add',
      '--profile',
      profileDir,
      '--name',
      USER,
      '--host',
      '127.0.0.1',
      '--port',
      String(dovecot.port),
      '--security',
      'none',
      '--user',
      USER,
      '--password-env',
      PASSWORD_ENV,
      '--delete-after-download',
    ]);
    expect(added.code, added.stderr).toBe(0);
  });

  afterAll(async () => {
    await dovecot?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  function poplar(args: string[], opts: { failpoint?: string; killAfterMs?: number } = {}): Promise<Run> {
    const env: NodeJS.ProcessEnv = { ...process.env, POPLAR_LOCK_DIR: lockDir, [PASSWORD_ENV]: PASSWORD };
    delete env.POPLAR_FAILPOINT;
    if (opts.failpoint !== undefined) env.POPLAR_FAILPOINT = opts.failpoint;
    const started = Date.now();
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', CLI, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    const killer = opts.killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs);
    // A sync that hangs is a failure, not something to wait for forever.
    const watchdog = setTimeout(() => {
      stderr += '\n[test] killed by the watchdog after 60 s';
      child.kill('SIGKILL');
    }, seconds(60));
    return new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => {
        clearTimeout(killer);
        clearTimeout(watchdog);
        resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
      });
    });
  }

  /** A plain-auth session of the test's own; retried while Dovecot still holds a killed session's lock. */
  async function withServer<T>(work: (client: Pop3Client) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let client: Pop3Client;
      try {
        client = await Pop3Client.connect({
          host: '127.0.0.1',
          port: dovecot.port,
          security: 'none',
          auth: 'user',
          credentials: { kind: 'password', user: USER, password: new Secret(PASSWORD) },
        });
      } catch (error) {
        if (attempt < 3 && isPop3Error(error) && error.code === 'mailbox-locked') continue;
        throw error;
      }
      try {
        return await work(client);
      } finally {
        await client.quit();
      }
    }
  }

  const serverUidls = (): Promise<Set<string>> => withServer(async (c) => new Set((await c.uidl()).map((e) => e.uidl)));

  /** Seeds `count` new messages and records what RETR serves for them. */
  async function seedWave(count: number): Promise<void> {
    const batch = Array.from({ length: count }, (_, i) => plainMessage(seeded + i + 1, i < 2 ? { bodyBytes: BIG_BODY_BYTES } : {}));
    seeded += count;
    await dovecot.seed(USER, batch);
    await withServer(async (client) => {
      const listing = (await client.uidl()).filter((e) => !originals.has(e.uidl));
      for (const [uidl, body] of await servedBodies(client, listing)) originals.set(uidl, body);
    });
    expect(originals.size).toBe(seeded);
  }

  const rows = (): Row[] => storedRows(profileDir);

  const fileOf = (row: Row): Promise<Buffer> => readFile(path.join(profileDir, 'messages', row.path));

  /**
   * The invariant, after a kill: every message gone from the server has a committed row whose
   * file holds exactly the original bytes; and every committed row (gone or not) has its
   * complete file, with no UIDL or Message-ID stored twice. Returns how many messages on the
   * server are not stored yet.
   */
  async function checkInvariant(label: string): Promise<number> {
    const onServer = await serverUidls();
    const stored = rows();
    const byUidl = new Map(stored.map((r) => [r.uidl, r]));
    expect(byUidl.size, `${label}: a UIDL stored twice`).toBe(stored.length);
    expect(new Set(stored.map((r) => r.message_id)).size, `${label}: a Message-ID stored twice`).toBe(stored.length);
    for (const [uidl, bytes] of originals) {
      const row = byUidl.get(uidl);
      if (!onServer.has(uidl)) expect(row, `${label}: ${uidl} was deleted on the server without a local copy`).toBeDefined();
      if (row === undefined) continue;
      expect(row.stored_at, `${label}: ${uidl} has a row but no ledger entry`).not.toBeNull();
      const file = await fileOf(row).catch((error: NodeJS.ErrnoException) => {
        throw new Error(`${label}: ${uidl} is committed but its file cannot be read (${error.code})`);
      });
      expect(file.equals(bytes), `${label}: ${uidl} stored with other bytes (${file.length} vs ${bytes.length})`).toBe(true);
    }
    for (const r of stored) expect(originals.has(r.uidl), `${label}: stored an unknown UIDL ${r.uidl}`).toBe(true);
    return [...onServer].filter((uidl) => !byUidl.has(uidl)).length;
  }

  async function filesUnder(dir: string): Promise<string[]> {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  }

  function parseSync(run: Run, label: string): SyncJson['accounts'][number] {
    let parsed: SyncJson;
    try {
      parsed = JSON.parse(run.stdout) as SyncJson;
    } catch {
      throw new Error(`${label}: sync exited ${run.code} without JSON.\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
    }
    const [result] = parsed.accounts;
    if (!result) throw new Error(`${label}: no account in ${run.stdout}`);
    return result;
  }

  it(
    'keeps the invariant through 30+ kills, then stores every message exactly once',
    async () => {
      const random = seededRandom(20_260_501);
      const started = Date.now();
      const killed = new Map<string, number>();
      let survived = 0;
      let lockedRuns = 0;

      let waves = 0;
      let startupMs = 0;
      let pending = 0; // messages on the server not stored yet, as of the last check
      // Points that are not reached (a batch number past the last batch, a random kill after
      // the sync ended, a slow machine) do not count; extra points that are always reached
      // with something to download are appended until 30 kills, within the time budget.
      const points = [...KILL_POINTS];
      const EXTRA = ['chunk:2', 'file-durable:1', 'committed:1', 'chunk:9'];
      for (let i = 0; i < points.length; i++) {
        const point = points[i] ?? 'random';
        expect(Date.now() - started, `kill loop over its ${LOOP_BUDGET_MS} ms budget at #${i + 1} ${point}`).toBeLessThan(LOOP_BUDGET_MS);
        if (pending < TOP_UP_BELOW && DOWNLOADING.some((name) => point.startsWith(name))) {
          await seedWave(WAVE);
          waves++;
        }
        const delay = point === 'random' ? startupMs + Math.floor(random() * 400) : undefined;
        const label = `#${i + 1} ${point}${delay === undefined ? '' : ` after ${delay} ms`}`;
        const run = await poplar(
          ['sync', '--profile', profileDir, '--json'],
          delay === undefined ? { failpoint: point } : { killAfterMs: delay },
        );
        // Node's start-up (loading and type-stripping the CLI) takes a few hundred ms, in which a
        // kill proves nothing: random kills start 100 ms before the first login was seen.
        if (point === 'logged-in:1' && run.signal === 'SIGKILL' && startupMs === 0) startupMs = Math.max(0, run.ms - 100);
        if (run.signal === 'SIGKILL') {
          const kind = point === 'random' ? 'random' : (point.split(':')[0] ?? point);
          killed.set(kind, (killed.get(kind) ?? 0) + 1);
        } else {
          // The point was not reached (fewer messages to download than N) or the random kill
          // came after the end: the sync finished. It must have gone well, or met the lock a
          // killed session left on the server.
          const result = parseSync(run, label);
          if (result.outcome === 'locked') lockedRuns++;
          else expect(result, `${label}: ${run.stderr}`).toMatchObject({ outcome: 'ok' });
          survived++;
        }
        pending = await checkInvariant(label);
        const killsSoFar = [...killed.values()].reduce((a, b) => a + b, 0);
        if (i === points.length - 1 && killsSoFar < MIN_KILLS && points.length < KILL_POINTS.length + 24) {
          points.push(EXTRA[(points.length - KILL_POINTS.length) % EXTRA.length] ?? 'chunk:2');
        }
      }
      const kills = [...killed.values()].reduce((a, b) => a + b, 0);
      const loopMs = Date.now() - started;

      // To completion: until a sync goes well and the server is empty.
      let finalRuns = 0;
      for (;;) {
        finalRuns++;
        expect(finalRuns, 'the final sync did not empty the mailbox in 5 runs').toBeLessThanOrEqual(5);
        const run = await poplar(['sync', '--profile', profileDir, '--json']);
        const result = parseSync(run, `final run ${finalRuns}`);
        if (result.outcome === 'locked') continue;
        expect(result, run.stderr).toMatchObject({ outcome: 'ok' });
        expect(run.code).toBe(0);
        if ((await serverUidls()).size === 0) break;
      }

      console.log(
        `[crash] ${kills} kill points exercised in ${points.length} runs (${[...killed].map(([k, n]) => `${k} ${n}`).join(', ')}); ` +
          `${survived} runs finished (${lockedRuns} locked); ${seeded} messages in ${waves} waves; random kills from ${startupMs} ms; kill loop ${loopMs} ms, total ${Date.now() - started} ms`,
      );
      expect(kills).toBeGreaterThanOrEqual(MIN_KILLS);
      for (const name of ['logged-in', 'chunk', 'file-durable', 'committed', 'stored', 'deleted-before-quit', 'quit', 'random']) {
        expect(killed.get(name) ?? 0, `no kill at ${name}`).toBeGreaterThan(0);
      }

      // Every message exactly once, byte-identical, and the server empty.
      expect(await serverUidls()).toEqual(new Set());
      const stored = rows();
      expect(stored).toHaveLength(seeded);
      expect(new Set(stored.map((r) => r.uidl))).toEqual(new Set(originals.keys()));
      const expectedIds = new Set(Array.from({ length: seeded }, (_, i) => `<msg-${i + 1}@test.poplar.invalid>`));
      expect(new Set(stored.map((r) => r.message_id))).toEqual(expectedIds);
      for (const row of stored) {
        expect((await fileOf(row)).equals(originals.get(row.uidl) ?? Buffer.alloc(0)), `${row.uidl} byte-identical`).toBe(true);
      }
      expect(openLedgerEntries(profileDir), 'ledger entries not both stored and deleted on the server').toBe(0);
      const files = await filesUnder(path.join(profileDir, 'messages'));
      expect(
        files.filter((f) => f.endsWith('.part')),
        'unfinished downloads left behind',
      ).toEqual([]);
      // A file made durable but never committed is overwritten by its own re-download (its name
      // comes from the UIDL), so there are exactly as many .eml files as rows.
      expect(files.filter((f) => f.endsWith('.eml'))).toHaveLength(seeded);
    },
    seconds(240),
  );
});
