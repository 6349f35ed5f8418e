// One sync session alone in its own process, for bench/memory.ts: it makes a profile with one
// account for the given server, runs one session, and prints one JSON line with its peak RSS.
//
//   node bench/memory-child.ts TREE PROFILE_DIR HOST PORT
//
// TREE is the root of the Poplar source tree whose code runs (this one, or an older checkout
// made with `git archive`, to measure the previous algorithm in the same run), or a bundle of
// bench/memory-session.ts (a path ending in .mjs): the same code as the app runs it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { accountSettings } from '../shared/fixtures/account-settings.ts';

const [tree, profileDir, host, port] = process.argv.slice(2);
if (tree === undefined || profileDir === undefined || host === undefined || port === undefined) {
  process.stderr.write('usage: memory-child.ts TREE PROFILE_DIR HOST PORT\n');
  process.exit(2);
}
const load = (relative: string): Promise<Record<string, unknown>> =>
  import(pathToFileURL(path.join(tree, relative)).href) as Promise<Record<string, unknown>>;

/* eslint-disable @typescript-eslint/no-explicit-any -- two source trees and a bundle, one call shape */
const bundle = tree.endsWith('.mjs') ? ((await import(pathToFileURL(tree).href)) as any) : null;
const { openProfile } = bundle ?? ((await load('electron/store/profile.ts')) as any);
const { addAccount } = bundle ?? ((await load('electron/store/accounts.ts')) as any);
// A --before tree of an earlier commit has Secret in electron/pop3/transcript.ts.
const { Secret } = bundle ?? ((await load('electron/secrets/secret.ts').catch(() => load('electron/pop3/transcript.ts'))) as any);
const { runSession } = bundle ?? ((await load('electron/sync/session.ts')) as any);
/**
 * This process's peak resident set. Not getrusage's maxRSS: Linux carries that over from the
 * parent that forked this process (its RSS at the fork counts), so a child of a big parent
 * reports the parent's size. VmHWM belongs to this process's own address space, made at exec.
 */
function peakRss(): number {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb !== undefined) return Number(kb) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}

const profile = openProfile(profileDir);
try {
  const account = addAccount(
    profile.db,
    accountSettings({ name: 'bench', host, port: Number(port), security: 'none', user: 'bench', auth: 'user' }),
    Date.now(),
  );
  const baselineRss = process.memoryUsage().rss;
  // Where the memory is, sampled: V8's heap, memory outside it (buffers, SQLite, mailparser's
  // native parts show in rss only).
  const peak = { heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0 };
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    for (const k of Object.keys(peak) as Array<keyof typeof peak>) peak[k] = Math.max(peak[k], m[k]);
  }, 250);
  // POPLAR_BENCH_LIVE=1 (with --expose-gc): the live heap after a full GC every 2 s, on stderr.
  const live =
    process.env.POPLAR_BENCH_LIVE === '1' && typeof globalThis.gc === 'function'
      ? setInterval(() => {
          globalThis.gc?.();
          const m = process.memoryUsage();
          process.stderr.write(
            `live heap ${(m.heapUsed / 1048576).toFixed(1)} MiB, external ${(m.external / 1048576).toFixed(1)} MiB, rss ${(m.rss / 1048576).toFixed(1)} MiB\n`,
          );
        }, 2000)
      : null;
  const started = Date.now();
  const result = await runSession(
    { profile, lockDir: path.join(profileDir, 'locks'), now: Date.now, password: async () => new Secret('bench') },
    account,
    { trigger: 'bench' },
  );
  const maxRss = peakRss();
  clearInterval(sampler);
  if (live) clearInterval(live);
  process.stdout.write(
    JSON.stringify({
      baselineRss,
      maxRss,
      peak,
      ms: Date.now() - started,
      downloaded: result.downloaded,
      outcome: result.outcome,
      error: result.error?.code ?? null,
    }) + '\n',
  );
} finally {
  profile.close();
}
