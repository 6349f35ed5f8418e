// Benchmark: retrieving 500 messages from a real Dovecot on loopback, with and without
// pipelining, against a named peer in the same run: CPython's poplib (the reference POP3
// client of the standard library, strictly one command at a time).
//
//   npm run bench:retrieve [-- --messages 500 --runs 5 --size 20000 --rtt 20]
//
// Prints messages per second and MB/s (median of the runs) for each client, first straight
// to Dovecot on loopback, then through a proxy that adds a round trip of --rtt ms, which is
// closer to a real mail provider and is where pipelining matters.
import { execFile } from 'node:child_process';
import { parseArgs, promisify } from 'node:util';
import { Pop3Client } from '../electron/pop3/client.ts';
import { Secret } from '../electron/secrets/secret.ts';
import { startDovecot } from '../tests/support/dovecot.ts';
import { startLatencyProxy } from './latency-proxy.ts';
import { plainCorpus } from '../tests/support/messages.ts';

const run = promisify(execFile);
const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '500' },
    runs: { type: 'string', default: '5' },
    size: { type: 'string', default: '20000' },
    rtt: { type: 'string', default: '20' },
  },
});
const MESSAGES = Number(values.messages);
const RUNS = Number(values.runs);
const SIZE = Number(values.size);
const RTT = Number(values.rtt);

const POPLIB = `
import poplib, sys, time
host, port, user, pw = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
t = time.perf_counter()
c = poplib.POP3(host, port)
c.user(user); c.pass_(pw)
count, _ = c.stat()
total = 0
for i in range(1, count + 1):
    resp, lines, octets = c.retr(i)
    total += sum(len(l) + 2 for l in lines)
c.quit()
print(count, total, (time.perf_counter() - t) * 1000)
`;

interface Sample {
  count: number;
  octets: number;
  ms: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function poplar(port: number, window: number): Promise<Sample> {
  const started = performance.now();
  const client = await Pop3Client.connect({
    host: '127.0.0.1',
    port,
    security: 'none',
    auth: 'user',
    pipelineWindow: window,
    credentials: { kind: 'password', user: 'bench', password: new Secret('bench') },
  });
  const { count } = await client.stat();
  let octets = 0;
  await client.retrMany(
    Array.from({ length: count }, (_, i) => i + 1),
    () => (chunk) => void (octets += chunk.length),
    () => undefined,
  );
  await client.quit();
  return { count, octets, ms: performance.now() - started };
}

async function poplib(port: number): Promise<Sample> {
  const { stdout } = await run('python3', ['-c', POPLIB, '127.0.0.1', String(port), 'bench', 'bench']);
  const [count, octets, ms] = stdout.trim().split(/\s+/).map(Number);
  return { count: count ?? 0, octets: octets ?? 0, ms: ms ?? Number.NaN };
}

async function measureAll(port: number, path: string): Promise<void> {
  const clients: Array<[string, () => Promise<Sample>]> = [
    ['Poplar, pipelined (window 32)', () => poplar(port, 32)],
    ['Poplar, one command at a time', () => poplar(port, 1)],
    ['CPython poplib (peer)', () => poplib(port)],
  ];
  console.log(
    `\nRetrieving ${MESSAGES} messages of ~${SIZE} bytes from Dovecot ${path}, median of ${RUNS} runs (Node ${process.versions.node})`,
  );
  for (const [name, measure] of clients) {
    const samples: Sample[] = [];
    for (let i = 0; i < RUNS; i++) samples.push(await measure());
    const ms = median(samples.map((s) => s.ms));
    const sample = samples[0];
    if (!sample || sample.count !== MESSAGES) throw new Error(`${name} retrieved ${sample?.count} messages, expected ${MESSAGES}`);
    const mb = sample.octets / 1e6;
    console.log(
      `${name.padEnd(32)} ${ms.toFixed(0).padStart(6)} ms  ${(MESSAGES / (ms / 1000)).toFixed(0).padStart(6)} msg/s  ${(mb / (ms / 1000)).toFixed(1).padStart(6)} MB/s`,
    );
  }
}

const dovecot = await startDovecot({ users: [{ name: 'bench', password: 'bench' }] });
try {
  await dovecot.seed('bench', plainCorpus(MESSAGES, { bodyBytes: SIZE }));
  await poplar(dovecot.port, 32); // warm Dovecot's index and the page cache once
  await measureAll(dovecot.port, 'straight to 127.0.0.1');
  const proxy = await startLatencyProxy(dovecot.port, RTT / 2);
  try {
    await measureAll(proxy.port, `through a proxy adding ${RTT} ms round trip`);
  } finally {
    await proxy.close();
  }
} finally {
  await dovecot.stop();
}
