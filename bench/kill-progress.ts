// Benchmark: does a mailbox drain while `poplar sync` keeps being killed? (issue 11, "Done
// when": with SIGKILL every 0.2–4 s on a 1,000-message mailbox with delete-after-download, the
// local store grows while the kills go on, and the first session that reaches QUIT empties the
// server of everything stored). Before batches closed on time, 100 such kills committed not
// one 50-message batch.
//
//   node bench/kill-progress.ts [--messages 1000] [--body-bytes 20000] [--rate-kib 2048] [--kills 40] [--before DIR]
//
// A private Dovecot on 127.0.0.1 holds the mailbox, reached through a proxy that lets the
// server's bytes through at --rate-kib KiB/s (bench/throttle-proxy.ts), so that a whole sync
// (about 20 MB at the defaults: ~10 s) outlasts every kill, as on a slow or flaky link; each round starts `poplar sync` and kills it
// with SIGKILL after a delay drawn from a seeded generator between 0.2 and 4 s, then counts the
// committed rows. After the kills, syncs run to completion until the server is empty. With
// --before DIR (an earlier source tree, e.g. `git archive 5b22ce5 | tar -x -C DIR` with
// node_modules linked), the same rounds run against it in the same run: the named peer.
// Figures only; nothing is asserted.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startThrottleProxy } from './throttle-proxy.ts';
import { Pop3Client } from '../electron/pop3/client.ts';
import { Secret } from '../electron/secrets/secret.ts';
import { storedMessageCount } from '../electron/store/fixtures/inspect.ts';
import { startDovecot, type DovecotInstance } from '../tests/support/dovecot.ts';
import { plainMessage, seededRandom } from '../tests/support/messages.ts';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '1000' },
    'body-bytes': { type: 'string', default: '20000' },
    'rate-kib': { type: 'string', default: '2048' },
    kills: { type: 'string', default: '40' },
    before: { type: 'string' },
  },
});
const MESSAGES = Number(values.messages);
const KILLS = Number(values.kills);
const BODY_BYTES = Number(values['body-bytes']);
const RATE_KIB = Number(values['rate-kib']);
const HERE = path.resolve(import.meta.dirname, '..');
const PASSWORD = 'kill-Bench-7';
const PASSWORD_ENV = 'POPLAR_KILL_BENCH_PASSWORD';

function poplar(
  tree: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  killAfterMs?: number,
): Promise<{ code: number | null; signal: string | null }> {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', path.join(tree, 'electron/cli/poplar.ts'), ...args], {
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
  const killer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal });
    });
  });
}

async function onServer(dovecot: DovecotInstance, user: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      const client = await Pop3Client.connect({
        host: '127.0.0.1',
        port: dovecot.port,
        security: 'none',
        auth: 'user',
        credentials: { kind: 'password', user, password: new Secret(PASSWORD) },
      });
      const { count } = await client.stat();
      await client.quit();
      return count;
    } catch (error) {
      if (attempt >= 5) throw error; // Dovecot may still hold a killed session's lock for a moment
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

async function run(label: string, tree: string, dovecot: DovecotInstance, port: number, user: string, root: string): Promise<void> {
  const profileDir = path.join(root, `profile-${user}`);
  const env = { POPLAR_LOCK_DIR: path.join(root, `locks-${user}`), [PASSWORD_ENV]: PASSWORD };
  const added = await poplar(
    tree,
    [
      'account',
      'add',
      '--profile',
      profileDir,
      '--name',
      user,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--security',
      'none',
      '--user',
      user,
      '--auth',
      'user',
      '--password-env',
      PASSWORD_ENV,
      '--delete-after-download',
    ],
    env,
  );
  if (added.code !== 0) throw new Error(`${label}: account add exited ${added.code}`);
  const random = seededRandom(11);
  const counts: number[] = [];
  let grew = 0;
  let finished = 0;
  const started = Date.now();
  for (let k = 0; k < KILLS; k++) {
    const before = storedMessageCount(profileDir);
    const ran = await poplar(tree, ['sync', '--profile', profileDir, '--json'], env, 200 + Math.floor(random() * 3800));
    const after = storedMessageCount(profileDir);
    if (ran.signal === null) finished++;
    if (after > before) grew++;
    counts.push(after);
  }
  const killedMs = Date.now() - started;
  const afterKills = storedMessageCount(profileDir);
  let completions = 0;
  while ((await onServer(dovecot, user)) > 0 && completions < 5) {
    await poplar(tree, ['sync', '--profile', profileDir, '--json'], env);
    completions++;
  }
  const left = await onServer(dovecot, user);
  const stored = storedMessageCount(profileDir);
  const every = Math.max(1, Math.floor(counts.length / 8));
  console.log(
    `  ${label.padEnd(24)} after ${KILLS} kills (${(killedMs / 1000).toFixed(0)} s): ${afterKills} of ${MESSAGES} stored; ` +
      `${grew} kills of ${KILLS} found more stored than before (${finished} syncs ended before their kill)`,
  );
  console.log(`  ${''.padEnd(24)} stored after kills ${counts.filter((_, i) => i % every === every - 1).join(' → ')}`);
  console.log(
    `  ${''.padEnd(24)} then ${completions} whole sync${completions === 1 ? '' : 's'}: ${stored} stored, ${left} left on the server`,
  );
}

const root = await mkdtemp(path.join(os.tmpdir(), 'poplar-kill-bench-'));
const users = ['after', ...(values.before ? ['before'] : [])];
const dovecot = await startDovecot({ users: users.map((name) => ({ name, password: PASSWORD })) });
try {
  const corpus = Array.from({ length: MESSAGES }, (_, i) => plainMessage(i + 1, { bodyBytes: BODY_BYTES }));
  for (const user of users) await dovecot.seed(user, corpus);
  console.log(
    `SIGKILL every 0.2–4 s (seeded) of poplar sync, ${MESSAGES} messages of ~${BODY_BYTES} bytes, delete after download, ` +
      `Dovecot on 127.0.0.1 through a ${RATE_KIB} KiB/s link, ${os.cpus().length} cores`,
  );
  const proxy = await startThrottleProxy(dovecot.port, RATE_KIB * 1024);
  try {
    if (values.before)
      await run(`Poplar before (${path.basename(values.before)})`, path.resolve(values.before), dovecot, proxy.port, 'before', root);
    await run('Poplar (this tree)', HERE, dovecot, proxy.port, 'after', root);
  } finally {
    await proxy.close();
  }
} finally {
  await dovecot.stop();
  await rm(root, { recursive: true, force: true });
}
