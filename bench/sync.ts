// Benchmark: a first `poplar sync` against mpop (bench/peers/mpop.ts), both downloading the same
// mailbox of varied messages (tests/support/corpus.ts) from one private Dovecot on 127.0.0.1,
// plain POP3, mail kept on the server, into temp folders under one parent (same disk).
//
//   npm run bench:sync [-- --messages 2000 --runs 3 --size BYTES]
//
// Without --messages it runs 2,000 and then 20,000 messages; with --size, plain messages of about
// that many bytes (tests/support/messages.ts) instead of the varied ones. Each run starts from an empty
// profile (Poplar) or an empty Maildir and UIDLS file (mpop); each round runs both tools, in
// alternating order, and the figures are medians of the rounds. Poplar runs as users run it:
// `node --max-semi-space-size=12 electron/cli/poplar.ts` (the `poplar` npm script), `account add`
// first (not timed), then `sync --json` (timed), with bench/loop-delay-probe.ts loaded.
// Without mpop or /usr/bin/time the benchmark says so and how to install it, and runs Poplar alone.
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startDovecot } from '../tests/support/dovecot.ts';
import { variedCorpus } from '../tests/support/corpus.ts';
import { plainCorpus } from '../tests/support/messages.ts';
import { maildirCount, MPOP, mpopArgs, mpopMissing } from './peers/mpop.ts';
import { timedRun, timeMissing, type Timed } from './timed-run.ts';

const { values } = parseArgs({
  options: { messages: { type: 'string' }, runs: { type: 'string', default: '3' }, size: { type: 'string' } },
});
const SIZES = values.messages ? [Number(values.messages)] : [2000, 20000];
const RUNS = Number(values.runs);
const CLI = path.resolve(import.meta.dirname, '../electron/cli/poplar.ts');
const PROBE = path.resolve(import.meta.dirname, 'loop-delay-probe.ts');
const NODE_FLAGS = ['--max-semi-space-size=12'];

interface Figures extends Timed {
  loop?: { p50: number; p99: number; max: number; userS: number; sysS: number; maxRssKiB: number };
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
  const raws: Array<string | Buffer> = values.size
    ? plainCorpus(count, { bodyBytes: Number(values.size) })
    : variedCorpus(count).map((m) => m.raw);
  const megabytes = raws.reduce((sum, m) => sum + Buffer.byteLength(m), 0) / 1e6;
  await dovecot.seed(user, raws);
  raws.length = 0;
  const kind = values.size ? `plain messages of ~${values.size} bytes` : 'varied messages';
  console.log(
    `\nFirst sync of ${count} ${kind} (${megabytes.toFixed(1)} MB) from Dovecot on 127.0.0.1, plain POP3, mail kept ` +
      `on the server; median of ${RUNS} round(s), order alternating; ${os.cpus().length} cores`,
  );
  const results: Record<'Poplar' | 'mpop', Figures[]> = { Poplar: [], mpop: [] };
  for (let round = 0; round < RUNS; round++) {
    const tools = noMpop ? (['Poplar'] as const) : round % 2 === 0 ? (['Poplar', 'mpop'] as const) : (['mpop', 'Poplar'] as const);
    for (const tool of tools) {
      const dir = path.join(work, `${tool}-${count}-${round}`);
      results[tool].push(tool === 'Poplar' ? await runPoplar(dir, user, count) : await runMpop(dir, user, count));
      await rm(dir, { recursive: true, force: true }); // free the disk for the next run
    }
  }
  console.log(
    `${'tool'.padEnd(8)} ${'wall s'.padStart(7)} ${'msg/s'.padStart(7)} ${'user+sys CPU s'.padStart(15)} ` +
      `${'peak RSS MB'.padStart(11)}  loop delay p50/p99/max ms`,
  );
  const rate: Record<string, number> = {};
  for (const tool of ['Poplar', 'mpop'] as const) {
    const runs = results[tool];
    if (runs.length === 0) continue;
    const pick = (f: (r: Figures) => number | null | undefined): number => median(runs.map((r) => f(r) ?? Number.NaN));
    const wallS = pick((r) => r.wallMs) / 1000;
    rate[tool] = count / wallS;
    const cpu = `${pick((r) => r.userS ?? r.loop?.userS).toFixed(2)}+${pick((r) => r.sysS ?? r.loop?.sysS).toFixed(2)}`;
    const rss = pick((r) => r.maxRssKiB ?? r.loop?.maxRssKiB) / 1024;
    const loop = tool === 'Poplar' ? [pick((r) => r.loop?.p50), pick((r) => r.loop?.p99), pick((r) => r.loop?.max)] : [];
    console.log(
      `${tool.padEnd(8)} ${wallS.toFixed(2).padStart(7)} ${(rate[tool] ?? 0).toFixed(0).padStart(7)} ${cpu.padStart(15)} ` +
        `${rss.toFixed(0).padStart(11)}  ${loop.length ? loop.map((ms) => ms.toFixed(0)).join('/') : '—'}`,
    );
  }
  console.log(
    `msg/s is messages over wall time to "durable and listed" (until the tool exits). Poplar's "fully indexed" is the same ` +
      `figure (${(rate.Poplar ?? 0).toFixed(0)} msg/s): today each message's MIME parse and FTS insert happen before its row is committed.`,
  );
  if (rate.Poplar && rate.mpop) console.log(`Poplar is ${(rate.Poplar / rate.mpop).toFixed(2)}× mpop (${count} messages)`);
}

async function runPoplar(profile: string, user: string, count: number): Promise<Figures> {
  const env = { POPLAR_LOCK_DIR: path.join(work, 'locks'), BENCH_PW: 'bench', POPLAR_BENCH_LOOP_DELAY: `${profile}.loop.json` };
  const server = ['--host', dovecot.host, '--port', String(dovecot.port), '--security', 'none', '--user', user];
  await timedRun(
    process.execPath,
    [...NODE_FLAGS, CLI, 'account', 'add', '--profile', profile, '--name', 'bench', ...server, '--password-env', 'BENCH_PW'],
    env,
    null,
  );
  const timed = await timedRun(
    process.execPath,
    [...NODE_FLAGS, '--import', PROBE, CLI, 'sync', '--profile', profile, '--json'],
    env,
    noTime ? null : `${profile}.time`,
  );
  const result = (JSON.parse(timed.stdout) as { accounts: Array<{ downloaded: number; outcome: string }> }).accounts[0];
  if (result?.outcome !== 'ok' || result.downloaded !== count) throw new Error(`poplar sync: ${JSON.stringify(result)}`);
  return { ...timed, loop: JSON.parse(await readFile(env.POPLAR_BENCH_LOOP_DELAY, 'utf8')) as Figures['loop'] };
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
