// Benchmark: a first `poplar sync` against mpop (bench/peers/mpop.ts), both downloading the same
// mailbox of mixed messages (tests/support/corpus.ts mixedCorpus: the varied kinds, every tenth
// with an attachment) from one private Dovecot on 127.0.0.1, plain POP3, mail kept on the
// server, into temp folders under one parent (same disk).
//
//   npm run bench:sync [-- --messages 2000 --runs 3 --mean BYTES --node-flags=FLAGS --also-flags=FLAGS]
//
// Without --messages it runs 2,000 messages of about 45 KB on average (90 MB, the issue's
// mailbox) and then 20,000 of about 4 KB; --mean sets the mean size. Each run starts from an empty
// profile (Poplar) or an empty Maildir and UIDLS file (mpop); each round runs both tools, in
// alternating order, and the figures are medians of the rounds. Poplar runs twice in each round:
// as the app runs its engine, bundled ("Poplar": dist/cli/poplar.mjs, which `npm run build` makes
// from the same code as the app's main.cjs), and from its TypeScript source as the `poplar` npm
// script runs it ("Poplar (src)": Node strips the types of every file at each start, about 100 ms
// of a first sync). Both under `node --max-semi-space-size=12`: `account add` first (not timed),
// then `sync --json` (timed), with bench/loop-delay-probe.ts loaded. Without a build, the bundle
// is skipped and says so.
// Two figures for Poplar: "listed" is the wall time until every message is durable, committed
// and listed (the sync's own `timings.listedMs`, taken back from the wall time to exit), and
// "indexed" until the process exits, after the analysis workers have finished too.
// Without mpop or /usr/bin/time the benchmark says so and how to install it, and runs Poplar alone.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startDovecot } from '../tests/support/dovecot.ts';
import { mixedCorpus } from '../tests/support/corpus.ts';
import { maildirCount, MPOP, mpopArgs, mpopMissing } from './peers/mpop.ts';
import { timedRun, timeMissing, type Timed } from './timed-run.ts';

const { values } = parseArgs({
  options: {
    messages: { type: 'string' },
    runs: { type: 'string', default: '3' },
    mean: { type: 'string' },
    // Node's flags for Poplar (default: the `poplar` npm script's), to weigh a V8 flag against mpop in one run.
    'node-flags': { type: 'string' },
    // A second Poplar with these flags in every round ("Poplar B"), the order rotating with the others.
    'also-flags': { type: 'string' },
  },
});
const SIZES = values.messages ? [Number(values.messages)] : [2000, 20000];
const RUNS = Number(values.runs);
const SOURCE_CLI = path.resolve(import.meta.dirname, '../electron/cli/poplar.ts');
const BUNDLED_CLI = path.resolve(import.meta.dirname, '../dist/cli/poplar.mjs');
const PROBE = path.resolve(import.meta.dirname, 'loop-delay-probe.ts');
const flagList = (flags: string): string[] => flags.split(' ').filter((f) => f !== '');
const NODE_FLAGS = flagList(values['node-flags'] ?? '--max-semi-space-size=12');
const bundled = existsSync(BUNDLED_CLI);
if (!bundled) console.log(`Skipping the bundled Poplar: ${BUNDLED_CLI} is missing (run 'npm run build' first). Running it from source.`);
const POPLARS: ReadonlyArray<{ name: string; flags: string[]; cli: string }> = [
  ...(bundled ? [{ name: 'Poplar', flags: NODE_FLAGS, cli: BUNDLED_CLI }] : []),
  { name: 'Poplar (src)', flags: NODE_FLAGS, cli: SOURCE_CLI },
  ...(values['also-flags'] !== undefined
    ? [{ name: 'Poplar B', flags: flagList(values['also-flags']), cli: bundled ? BUNDLED_CLI : SOURCE_CLI }]
    : []),
];

interface Figures extends Timed {
  /** Wall time until every message was durable and listed (Poplar; mpop: its whole run). */
  listedMs?: number;
  loop?: { p50: number; p99: number; max: number; userS: number; sysS: number; maxRssKiB: number; busyS: number };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

const noTime = await timeMissing();
const noMpop = (await mpopMissing()) ?? noTime;
if (noTime) console.log(`${noTime}: no CPU and peak RSS from outside, Poplar's come from its own process.resourceUsage().`);
if (noMpop) console.log(`Skipping mpop: ${noMpop}. Running Poplar alone.`);

const work = await mkdtemp(path.join(os.tmpdir(), 'poplar-bench-sync-'));
const dovecot = await startDovecot({ users: SIZES.map((n) => ({ name: `bench${n}`, password: 'bench' })) });
try {
  for (const count of SIZES) await benchSize(count);
} finally {
  await dovecot.stop();
  await rm(work, { recursive: true, force: true });
}

async function benchSize(count: number): Promise<void> {
  const user = `bench${count}`;
  const mean = values.mean ? Number(values.mean) : count <= 2000 ? 45_000 : 4_000;
  const raws: Buffer[] = mixedCorpus(count, mean);
  const megabytes = raws.reduce((sum, m) => sum + m.length, 0) / 1e6;
  await dovecot.seed(user, raws);
  flushDisk();
  // One untimed run first: right after seeding, the first tool to run was up to 40 % slower,
  // most of it system time, whichever tool it was (Dovecot's first look at the new Maildir, and
  // the file system's first allocation of as many new files). On a virtual disk single runs
  // still vary by ±30 % after it: the figures are medians of rounds, compared within them.
  const first = POPLARS[0];
  if (first) {
    const dir = path.join(work, `warm-up-${count}`);
    await runPoplar(dir, user, count, first.flags, first.cli);
    await rm(dir, { recursive: true, force: true });
    flushDisk();
  }
  raws.length = 0;
  const kind = `mixed messages (mean ~${(mean / 1000).toFixed(0)} KB)`;
  console.log(
    `\nFirst sync of ${count} ${kind} (${megabytes.toFixed(1)} MB) from Dovecot on 127.0.0.1, plain POP3, mail kept ` +
      `on the server; median of ${RUNS} round(s), order alternating; ${os.cpus().length} cores; ${POPLARS.map((p) => `${p.name} under node ${p.flags.join(' ')}`).join('; ')}`,
  );
  const names = [...POPLARS.map((p) => p.name), ...(noMpop ? [] : ['mpop'])];
  const results: Record<string, Figures[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < RUNS; round++) {
    // The order rotates each round, so no tool always runs first on a cold cache.
    const tools = names.map((_, i) => names[(i + round) % names.length] ?? 'mpop');
    for (const tool of tools) {
      const dir = path.join(work, `${tool.replace(/[^a-zA-Z]+/g, '-')}-${count}-${round}`);
      const poplar = POPLARS.find((p) => p.name === tool);
      results[tool]?.push(poplar ? await runPoplar(dir, user, count, poplar.flags, poplar.cli) : await runMpop(dir, user, count));
      await rm(dir, { recursive: true, force: true }); // free the disk for the next run
      flushDisk();
    }
  }
  console.log(
    `${'tool'.padEnd(12)} ${'listed s'.padStart(8)} ${'msg/s'.padStart(7)} ${'indexed s'.padStart(9)} ${'msg/s'.padStart(7)} ` +
      `${'user+sys CPU s'.padStart(15)} ${'peak RSS MB'.padStart(11)}  loop delay p50/p99/max ms, main thread busy s`,
  );
  const rate: Record<string, number> = {};
  const indexedRate: Record<string, number> = {};
  for (const tool of names) {
    const runs = results[tool] ?? [];
    if (runs.length === 0) continue;
    const pick = (f: (r: Figures) => number | null | undefined): number => median(runs.map((r) => f(r) ?? Number.NaN));
    const listedS = pick((r) => r.listedMs ?? r.wallMs) / 1000;
    const wallS = pick((r) => r.wallMs) / 1000;
    rate[tool] = count / listedS;
    indexedRate[tool] = count / wallS;
    const cpu = `${pick((r) => r.userS ?? r.loop?.userS).toFixed(2)}+${pick((r) => r.sysS ?? r.loop?.sysS).toFixed(2)}`;
    const rss = pick((r) => r.maxRssKiB ?? r.loop?.maxRssKiB) / 1024;
    const isPoplar = tool !== 'mpop';
    const loop = isPoplar ? [pick((r) => r.loop?.p50), pick((r) => r.loop?.p99), pick((r) => r.loop?.max)] : [];
    console.log(
      `${tool.padEnd(12)} ${listedS.toFixed(2).padStart(8)} ${(rate[tool] ?? 0).toFixed(0).padStart(7)} ` +
        `${isPoplar ? wallS.toFixed(2).padStart(9) : '—'.padStart(9)} ${isPoplar ? (indexedRate[tool] ?? 0).toFixed(0).padStart(7) : '—'.padStart(7)} ` +
        `${cpu.padStart(15)} ${rss.toFixed(0).padStart(11)}  ${loop.length ? `${loop.map((ms) => ms.toFixed(0)).join('/')}, ${pick((r) => r.loop?.busyS).toFixed(2)}` : '—'}`,
    );
  }
  console.log(
    '"listed": every message durable (fsynced file and folder, committed row and ledger entry) and in the list; for mpop, ' +
      'its whole run (fsynced Maildir files). "indexed": Poplar also parsed in full and in the search index; mpop indexes nothing.',
  );
  for (const { name } of POPLARS) {
    const r = rate[name];
    if (r && rate.mpop) {
      console.log(
        `${name} is ${(r / rate.mpop).toFixed(2)}× mpop to listed, ${((indexedRate[name] ?? 0) / rate.mpop).toFixed(2)}× to indexed (${count} messages)`,
      );
    }
  }
}

/**
 * Writes back what the seeding or the last run (and its removal) left dirty (sync(1)), so that
 * no tool's run pays for the writeback of the one before it.
 */
function flushDisk(): void {
  execFileSync('sync');
}

async function runPoplar(profile: string, user: string, count: number, flags: string[], cli: string): Promise<Figures> {
  const env = { POPLAR_LOCK_DIR: path.join(work, 'locks'), BENCH_PW: 'bench', POPLAR_BENCH_LOOP_DELAY: `${profile}.loop.json` };
  const server = ['--host', dovecot.host, '--port', String(dovecot.port), '--security', 'none', '--user', user];
  await timedRun(
    process.execPath,
    [...flags, cli, 'account', 'add', '--profile', profile, '--name', 'bench', ...server, '--password-env', 'BENCH_PW'],
    env,
    null,
  );
  const timed = await timedRun(
    process.execPath,
    [...flags, '--import', PROBE, cli, 'sync', '--profile', profile, '--json'],
    env,
    noTime ? null : `${profile}.time`,
  );
  const output = JSON.parse(timed.stdout) as {
    accounts: Array<{ downloaded: number; outcome: string }>;
    timings: { listedMs: number; analysedMs: number };
  };
  const result = output.accounts[0];
  if (result?.outcome !== 'ok' || result.downloaded !== count) throw new Error(`poplar sync: ${JSON.stringify(result)}`);
  const listedMs = timed.wallMs - (output.timings.analysedMs - output.timings.listedMs);
  return { ...timed, listedMs, loop: JSON.parse(await readFile(env.POPLAR_BENCH_LOOP_DELAY, 'utf8')) as Figures['loop'] };
}

async function runMpop(dir: string, user: string, count: number): Promise<Figures> {
  const maildir = path.join(dir, 'Maildir');
  const args = await mpopArgs({
    host: dovecot.host,
    port: dovecot.port,
    user,
    password: 'bench',
    maildir,
    uidlsFile: path.join(dir, 'uidls'),
  });
  const timed = await timedRun(MPOP, args, {}, path.join(dir, 'time'));
  const stored = await maildirCount(maildir);
  if (stored !== count) throw new Error(`mpop stored ${stored} messages, expected ${count}`);
  return timed;
}
