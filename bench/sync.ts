// Benchmark: a first `poplar sync` of 2,000 varied messages from a private Dovecot on
// loopback — download, fsync'd .eml files, MIME parse, SQLite + FTS5 commit per message —
// against a named peer in the same run: getmail6 (Debian package getmail6), a widely used
// POP3 downloader, delivering the same mailbox into a Maildir.
//
//   npm run bench:sync [-- --messages 2000 --runs 3]
//
// Each run starts from an empty profile (and an empty getmail state), mail left on the server.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { startDovecot } from '../tests/support/dovecot.ts';
import { variedCorpus } from '../tests/support/corpus.ts';

const run = promisify(execFile);
const { values } = parseArgs({ options: { messages: { type: 'string', default: '2000' }, runs: { type: 'string', default: '3' } } });
const MESSAGES = Number(values.messages);
const RUNS = Number(values.runs);
const CLI = path.resolve(import.meta.dirname, '../electron/cli/poplar.ts');
const GETMAIL = '/usr/bin/getmail';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

function poplar(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`poplar ${args[0]} exited ${code}`))));
  });
}

const work = await mkdtemp(path.join(os.tmpdir(), 'poplar-bench-'));
await chmod(work, 0o755); // getmail runs as nobody when we are root (below)
const dovecot = await startDovecot({ users: [{ name: 'bench', password: 'bench' }] });
try {
  const corpus = variedCorpus(MESSAGES);
  const totalBytes = corpus.reduce((sum, m) => sum + m.raw.length, 0);
  await dovecot.seed('bench', corpus.map((m) => m.raw));
  const env = { POPLAR_LOCK_DIR: path.join(work, 'locks'), BENCH_PW: 'bench' };
  console.log(`First sync of ${MESSAGES} varied messages (${(totalBytes / 1e6).toFixed(1)} MB) from Dovecot on 127.0.0.1, median of ${RUNS} runs, ${os.cpus().length} cores`);

  const poplarMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const profile = path.join(work, `profile-${i}`);
    await poplar(['account', 'add', '--profile', profile, '--name', 'bench', '--host', '127.0.0.1', '--port', String(dovecot.port), '--security', 'none', '--user', 'bench', '--password-env', 'BENCH_PW'], env);
    const report = JSON.parse(await poplar(['sync', '--profile', profile, '--json'], env)) as { accounts: Array<{ downloaded: number; ms: number; outcome: string }> };
    const result = report.accounts[0];
    if (result?.outcome !== 'ok' || result.downloaded !== MESSAGES) throw new Error(`poplar sync: ${JSON.stringify(result)}`);
    poplarMs.push(result.ms);
  }
  print('Poplar sync (parse + index + fsync)', median(poplarMs), totalBytes);

  if (existsSync(GETMAIL)) {
    const getmailMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const dir = path.join(work, `getmail-${i}`);
      const maildir = path.join(dir, 'Maildir');
      for (const sub of ['cur', 'new', 'tmp']) await mkdir(path.join(maildir, sub), { recursive: true });
      const rc = path.join(dir, 'getmailrc');
      await writeFile(rc, [
        '[retriever]', 'type = SimplePOP3Retriever', 'server = 127.0.0.1', `port = ${dovecot.port}`, 'username = bench', 'password = bench',
        '[destination]', 'type = Maildir', `path = ${maildir}/`,
        '[options]', 'read_all = false', 'delete = false', 'verbose = 0', '',
      ].join('\n'));
      // getmail refuses to deliver as root: run it as nobody, owning its folder.
      const asRoot = process.getuid?.() === 0;
      if (asRoot) await run('chown', ['-R', '65534:65534', dir]);
      const [cmd, args] = asRoot
        ? ['setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', GETMAIL, '--getmaildir', dir, '--rcfile', rc]]
        : [GETMAIL, ['--getmaildir', dir, '--rcfile', rc]];
      const started = performance.now();
      await run(cmd, args, { maxBuffer: 16 * 1024 * 1024 });
      getmailMs.push(performance.now() - started);
      const got = (await readdir(path.join(maildir, 'new'))).length;
      if (got !== MESSAGES) throw new Error(`getmail delivered ${got} messages, expected ${MESSAGES}`);
    }
    print('getmail6 6.18 into a Maildir (peer)', median(getmailMs), totalBytes);
  } else {
    console.log(`getmail6 is not installed (${GETMAIL}); apt-get install getmail6 to compare with it.`);
  }
} finally {
  await dovecot.stop();
  await rm(work, { recursive: true, force: true });
}

function print(name: string, ms: number, bytes: number): void {
  console.log(`${name.padEnd(40)} ${ms.toFixed(0).padStart(7)} ms  ${(MESSAGES / (ms / 1000)).toFixed(0).padStart(6)} msg/s  ${(bytes / 1e6 / (ms / 1000)).toFixed(1).padStart(6)} MB/s`);
}
