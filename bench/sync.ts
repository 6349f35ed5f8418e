// Benchmark: a first `poplar sync` of 2,000 varied messages from a private Dovecot on
// loopback — download, fsync'd .eml files, MIME parse, SQLite + FTS5 commit per message —
// against a named peer in the same run: CPython's poplib storing into a Maildir with the
// standard library's mailbox module.
//
//   npm run bench:sync [-- --messages 2000 --runs 3 --size BYTES]
//
// Without --size the corpus is tests/support/corpus.ts (small varied MIME messages: HTML,
// attachments, charsets); with --size, plain messages of about that many bytes each.
//
// Each run starts from an empty profile (and an empty getmail state), mail left on the server.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { startDovecot } from '../tests/support/dovecot.ts';
import { variedCorpus } from '../tests/support/corpus.ts';
import { plainCorpus } from '../tests/support/messages.ts';

const run = promisify(execFile);
const { values } = parseArgs({
  options: { messages: { type: 'string', default: '2000' }, runs: { type: 'string', default: '3' }, size: { type: 'string' } },
});
const MESSAGES = Number(values.messages);
const RUNS = Number(values.runs);
const CLI = path.resolve(import.meta.dirname, '../electron/cli/poplar.ts');
const PEER = `
import mailbox, poplib, sys, time
host, port, user, pw, path = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
t = time.perf_counter()
box = mailbox.Maildir(path, create=True)
c = poplib.POP3(host, port)
c.user(user); c.pass_(pw)
count, _ = c.stat()
for i in range(1, count + 1):
    resp, lines, octets = c.retr(i)
    box.add(b"\\r\\n".join(lines) + b"\\r\\n")
c.quit()
print(len(box), (time.perf_counter() - t) * 1000)
`;

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
const dovecot = await startDovecot({ users: [{ name: 'bench', password: 'bench' }] });
try {
  const raws: Array<string | Buffer> = values.size
    ? plainCorpus(MESSAGES, { bodyBytes: Number(values.size) })
    : variedCorpus(MESSAGES).map((m) => m.raw);
  const totalBytes = raws.reduce((sum, m) => sum + Buffer.byteLength(m), 0);
  await dovecot.seed('bench', raws);
  const env = { POPLAR_LOCK_DIR: path.join(work, 'locks'), BENCH_PW: 'bench' };
  console.log(
    `First sync of ${MESSAGES} ${values.size ? `plain messages of ~${values.size} bytes` : 'varied messages'} (${(totalBytes / 1e6).toFixed(1)} MB) from Dovecot on 127.0.0.1, median of ${RUNS} runs, ${os.cpus().length} cores`,
  );

  const poplarMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const profile = path.join(work, `profile-${i}`);
    await poplar(
      [
        'account',
        'add',
        '--profile',
        profile,
        '--name',
        'bench',
        '--host',
        '127.0.0.1',
        '--port',
        String(dovecot.port),
        '--security',
        'none',
        '--user',
        'bench',
        '--password-env',
        'BENCH_PW',
      ],
      env,
    );
    const report = JSON.parse(await poplar(['sync', '--profile', profile, '--json'], env)) as {
      accounts: Array<{ downloaded: number; ms: number; outcome: string }>;
    };
    const result = report.accounts[0];
    if (result?.outcome !== 'ok' || result.downloaded !== MESSAGES) throw new Error(`poplar sync: ${JSON.stringify(result)}`);
    poplarMs.push(result.ms);
  }
  print('Poplar sync (parse + index + fsync)', median(poplarMs), totalBytes);

  // The peer: CPython's standard library, poplib downloading and mailbox.Maildir storing
  // (tmp/ then rename into new/, no fsync and no parsing or index: less work than Poplar does).
  // getmail6 was tried first, but its per-message child processes time out on this machine.
  const peerMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const maildir = path.join(work, `maildir-${i}`);
    const { stdout } = await run('python3', ['-c', PEER, '127.0.0.1', String(dovecot.port), 'bench', 'bench', maildir], {
      maxBuffer: 1024 * 1024,
    });
    const [count, ms] = stdout.trim().split(/\s+/).map(Number);
    if (count !== MESSAGES) throw new Error(`the peer stored ${count} messages, expected ${MESSAGES}`);
    peerMs.push(ms ?? Number.NaN);
  }
  print('CPython poplib + mailbox.Maildir (peer)', median(peerMs), totalBytes);
} finally {
  await dovecot.stop();
  await rm(work, { recursive: true, force: true });
}

function print(name: string, ms: number, bytes: number): void {
  console.log(
    `${name.padEnd(40)} ${ms.toFixed(0).padStart(7)} ms  ${(MESSAGES / (ms / 1000)).toFixed(0).padStart(6)} msg/s  ${(bytes / 1e6 / (ms / 1000)).toFixed(1).padStart(6)} MB/s`,
  );
}
