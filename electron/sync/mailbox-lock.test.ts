// The mailbox lock with real processes and real files: children that hold the lock, die by
// SIGKILL, or race each other to recover a stale lock. Nothing is mocked.
import { spawn, execFileSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadPid } from './fixtures/dead-pid.ts';
import type { ChildOutcome } from './fixtures/lock-child.ts';
import { lockFilePath } from './lock-dir.ts';
import { tryAcquireMailboxLock, type LockResult } from './mailbox-lock.ts';
import { mailboxKey } from '../../shared/mailbox-key.ts';
import { seconds } from '../../tests/support/timeouts.ts';

const CHILD = path.join(import.meta.dirname, 'fixtures', 'lock-child.ts');
const KEY = mailboxKey('pop.example.com', 995, 'alice');
const isRoot = process.getuid?.() === 0;

let root: string;
let counter = 0;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'poplar-lock-test-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A fresh lock folder (not yet created: the lock creates it). */
function freshDir(): string {
  counter += 1;
  return path.join(root, `case-${counter}`, 'locks');
}

function acquired(result: LockResult) {
  if (!result.acquired) throw new Error(`expected the lock, got ${result.reason} (held by ${JSON.stringify(result.heldBy)})`);
  return result.lock;
}

/** Writes a lock file by hand, as another (possibly long dead) Poplar would have. */
async function plantLock(dir: string, key: string, owner: Record<string, unknown>): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = lockFilePath(dir, key);
  await writeFile(
    file,
    JSON.stringify({
      key,
      hostname: os.hostname(),
      processStart: null,
      profile: 'planted',
      acquiredAt: 1,
      nonce: 'planted-nonce',
      ...owner,
    }),
  );
  return file;
}

interface Child {
  readonly pid: number;
  /** Sends "go"; resolves with the child's outcome line. */
  go(): Promise<ChildOutcome>;
  /** Closes its stdin: it releases what it holds and exits. */
  finish(): Promise<void>;
  kill(): Promise<void>;
}

/** Starts lock-child.ts and waits until it is ready to try the lock. */
async function startChild(dir: string, key: string): Promise<Child> {
  const proc: ChildProcessWithoutNullStreams = spawn(process.execPath, [CHILD, dir, key], { stdio: 'pipe' });
  let stderr = '';
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const lines = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
  const nextLine = async (): Promise<string> => {
    const next = await lines.next();
    if (next.done === true) throw new Error(`lock-child exited early: ${stderr}`);
    return next.value;
  };
  expect(await nextLine()).toBe('ready');
  if (proc.pid === undefined) throw new Error('no pid');
  return {
    pid: proc.pid,
    async go() {
      proc.stdin.write('go\n');
      return JSON.parse(await nextLine()) as ChildOutcome;
    },
    async finish() {
      proc.stdin.end();
      await exited;
    },
    async kill() {
      proc.kill('SIGKILL');
      await exited;
    },
  };
}

// The key itself is tested in shared/mailbox-key.test.ts; here, that its names share one lock.
describe('mailboxKey', () => {
  it('gives one lock to two spellings of one host', async () => {
    const dir = freshDir();
    const lock = acquired(await tryAcquireMailboxLock(dir, mailboxKey('pop.example.com', 995, 'alice'), { profile: null }));
    const other = await tryAcquireMailboxLock(dir, mailboxKey('POP.EXAMPLE.COM', 995, 'alice'), { profile: null });
    expect(other).toMatchObject({ acquired: false, reason: 'held' });
    await lock.release();
  });

  it('gives one lock to localhost, 127.0.0.1 and ::1, on port 110 or 995', async () => {
    const dir = freshDir();
    const lock = acquired(await tryAcquireMailboxLock(dir, mailboxKey('127.0.0.1', 110, 'alice'), { profile: null }));
    for (const [host, port] of [
      ['localhost', 995],
      ['[::1]', 110],
      ['LOCALHOST.', 110],
    ] as const) {
      expect(await tryAcquireMailboxLock(dir, mailboxKey(host, port, 'alice'), { profile: null })).toMatchObject({
        acquired: false,
        reason: 'held',
      });
    }
    await lock.release();
  });
});

describe('tryAcquireMailboxLock in one process', () => {
  it('acquires, refuses a second acquire (no re-entrancy), releases, and acquires again', async () => {
    const dir = freshDir();
    const lock = acquired(await tryAcquireMailboxLock(dir, KEY, { profile: '/home/alice/.config/Poplar' }));
    expect(lock.key).toBe(KEY);
    expect(lock.owner).toMatchObject({ pid: process.pid, hostname: os.hostname(), profile: '/home/alice/.config/Poplar' });
    if (process.platform === 'linux') expect(lock.owner.processStart).toMatch(/\/\d+$/);

    const file = lockFilePath(dir, KEY);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ key: KEY, ...lock.owner });
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);

    const second = await tryAcquireMailboxLock(dir, KEY, { profile: null });
    expect(second).toEqual({ acquired: false, reason: 'held', heldBy: lock.owner, path: file });

    await lock.release();
    await lock.release(); // idempotent
    expect(await readdir(dir)).toEqual([]);

    const again = acquired(await tryAcquireMailboxLock(dir, KEY, { profile: null }));
    expect(again.owner.nonce).not.toBe(lock.owner.nonce);
    await again.release();
  });

  it('keeps two mailboxes independent', async () => {
    const dir = freshDir();
    const a = acquired(await tryAcquireMailboxLock(dir, KEY, { profile: null }));
    const b = acquired(await tryAcquireMailboxLock(dir, mailboxKey('pop.example.com', 995, 'bob'), { profile: null }));
    expect(lockFilePath(dir, a.key)).not.toBe(lockFilePath(dir, b.key));
    await a.release();
    expect(await tryAcquireMailboxLock(dir, b.key, { profile: null })).toMatchObject({ acquired: false, reason: 'held' });
    await b.release();
  });

  it('lets exactly one of many concurrent acquires in one process win', async () => {
    const dir = freshDir();
    const results = await Promise.all(Array.from({ length: 10 }, () => tryAcquireMailboxLock(dir, KEY, { profile: null })));
    const winners = results.filter((r) => r.acquired);
    expect(winners).toHaveLength(1);
    for (const r of winners) if (r.acquired) await r.lock.release();
  });
});

describe('tryAcquireMailboxLock across processes', { timeout: seconds(60) }, () => {
  it('refuses while a child holds the lock, and recovers it after the child is killed', async () => {
    const dir = freshDir();
    const child = await startChild(dir, KEY);
    try {
      expect(await child.go()).toEqual({ acquired: true, reason: null, heldByPid: null });

      const refused = await tryAcquireMailboxLock(dir, KEY, { profile: null });
      expect(refused).toMatchObject({ acquired: false, reason: 'held', heldBy: { pid: child.pid, profile: `child-${child.pid}` } });

      await child.kill(); // SIGKILL: no release, the lock file stays behind
      expect(await readdir(dir)).toEqual([path.basename(lockFilePath(dir, KEY))]);

      const lock = acquired(await tryAcquireMailboxLock(dir, KEY, { profile: null }));
      expect(lock.owner.pid).toBe(process.pid);
      // Recovery leaves nothing behind: no .break, no renamed-away file.
      expect(await readdir(dir)).toEqual([path.basename(lockFilePath(dir, KEY))]);
      await lock.release();
    } finally {
      await child.kill();
    }
  });

  it('a child is refused while we hold the lock, and a released lock is free for it', async () => {
    const dir = freshDir();
    const lock = acquired(await tryAcquireMailboxLock(dir, KEY, { profile: null }));
    const first = await startChild(dir, KEY);
    expect(await first.go()).toEqual({ acquired: false, reason: 'held', heldByPid: process.pid });
    await first.finish();
    await lock.release();
    const second = await startChild(dir, KEY);
    expect(await second.go()).toMatchObject({ acquired: true });
    await second.finish(); // releases
    expect(await readdir(dir)).toEqual([]);
  });

  it.runIf(process.platform === 'linux')('treats a live pid with another start time as a reused pid: stale', async () => {
    const dir = freshDir();
    await plantLock(dir, KEY, { pid: process.pid, processStart: 'another-boot/12345' });
    const lock = acquired(await tryAcquireMailboxLock(dir, KEY, { profile: null }));
    await lock.release();

    // Without a recorded start time only the pid counts: ours is alive, so it is held.
    await plantLock(dir, KEY, { pid: process.pid, processStart: null });
    expect(await tryAcquireMailboxLock(dir, KEY, { profile: null })).toMatchObject({ acquired: false, reason: 'held' });
  });

  it.runIf(process.platform === 'linux')('treats a zombie (exited, not yet reaped) owner as dead', async () => {
    // A parent that forks a child which exits at once, and never waits for it (perl-base is
    // in every Debian). A shell's `sleep 0 & exec sleep 30` raced: on a busy machine the shell
    // reaped its child before the exec, and the zombie was gone (CI, 2026-12-03).
    const parent = spawn('/usr/bin/perl', ['-e', '$| = 1; my $pid = fork(); exit 0 if $pid == 0; print "$pid\n"; sleep 30'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    try {
      const line = await createInterface({ input: parent.stdout })[Symbol.asyncIterator]().next();
      const zombie = Number(line.value);
      await expect
        .poll(async () => (await readFile(`/proc/${zombie}/stat`, 'utf8')).split(') ')[1]?.[0], { timeout: seconds(10) })
        .toBe('Z');
      expect(() => process.kill(zombie, 0)).not.toThrow(); // the pid still "exists"
      const dir = freshDir();
      await plantLock(dir, KEY, { pid: zombie });
      const lock = acquired(await tryAcquireMailboxLock(dir, KEY, { profile: null }));
      await lock.release();
    } finally {
      parent.kill('SIGKILL');
    }
  });

  it('never breaks a live lock, however old', async () => {
    const dir = freshDir();
    const file = await plantLock(dir, KEY, { pid: process.pid, acquiredAt: 0 });
    const old = new Date(Date.now() - 30 * 24 * 3600_000);
    await utimes(file, old, old);
    expect(await tryAcquireMailboxLock(dir, KEY, { profile: null })).toMatchObject({ acquired: false, reason: 'held' });
  });

  it('never breaks a lock from another hostname, even with a dead pid', async () => {
    const dir = freshDir();
    const file = await plantLock(dir, KEY, { pid: await deadPid(), hostname: 'elsewhere.example' });
    const before = await readFile(file, 'utf8');
    const result = await tryAcquireMailboxLock(dir, KEY, { profile: null });
    expect(result).toMatchObject({ acquired: false, reason: 'other-computer', heldBy: { hostname: 'elsewhere.example' }, path: file });
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('lets exactly one of 8 processes recover the same stale lock (5 rounds)', { timeout: seconds(60) }, async () => {
    for (let round = 0; round < 5; round++) {
      const dir = freshDir();
      await plantLock(dir, KEY, { pid: await deadPid() });
      const children = await Promise.all(Array.from({ length: 8 }, () => startChild(dir, KEY)));
      try {
        const outcomes = await Promise.all(children.map((c) => c.go()));
        const winners = children.filter((_, i) => outcomes[i]?.acquired === true);
        expect(winners, JSON.stringify(outcomes)).toHaveLength(1);
        const [winner] = winners;
        if (winner === undefined) return;
        for (const outcome of outcomes.filter((o) => !o.acquired)) {
          expect(['held', 'recovering']).toContain(outcome.reason);
          if (outcome.reason === 'held') expect(outcome.heldByPid).toBe(winner.pid);
        }
        const owner = JSON.parse(await readFile(lockFilePath(dir, KEY), 'utf8')) as { pid: number };
        expect(owner.pid).toBe(winner.pid);
      } finally {
        await Promise.all(children.map((c) => c.finish()));
      }
      expect(await readdir(dir)).toEqual([]); // released by the winner; no .break or .gone left
    }
  });

  it('release leaves alone a lock that someone else has put in its place', async () => {
    const dir = freshDir();
    const lock = acquired(await tryAcquireMailboxLock(dir, KEY, { profile: null }));
    const file = lockFilePath(dir, KEY);
    await rm(file);
    await plantLock(dir, KEY, { pid: process.pid, nonce: 'someone-else' });
    const theirs = await readFile(file, 'utf8');
    await lock.release();
    expect(await readFile(file, 'utf8')).toBe(theirs);
  });
});

describe('stale and damaged files', () => {
  it('removes a .break left by a dead recoverer once it is old, and recovers the lock', async () => {
    const dir = freshDir();
    const file = await plantLock(dir, KEY, { pid: await deadPid() });
    const breakFile = `${file}.break`;
    const dead = await deadPid();
    await writeFile(
      breakFile,
      JSON.stringify({ pid: dead, hostname: os.hostname(), processStart: null, profile: null, acquiredAt: 1, nonce: 'b' }),
    );
    const old = new Date(Date.now() - 60_000);
    await utimes(breakFile, old, old);
    const lock = acquired(await tryAcquireMailboxLock(dir, KEY, { profile: null }));
    expect(await readdir(dir)).toEqual([path.basename(file)]);
    await lock.release();
  });

  it('waits for, then reports, a recovery in progress (a young .break of a live process)', async () => {
    const dir = freshDir();
    const file = await plantLock(dir, KEY, { pid: await deadPid() });
    await writeFile(
      `${file}.break`,
      JSON.stringify({ pid: process.pid, hostname: os.hostname(), processStart: null, profile: null, acquiredAt: 1, nonce: 'b' }),
    );
    const result = await tryAcquireMailboxLock(dir, KEY, { profile: null });
    expect(result).toMatchObject({ acquired: false, reason: 'recovering', heldBy: { pid: process.pid } });
  });

  it('reports a young unreadable lock file, and recovers it once it is old', async () => {
    const dir = freshDir();
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const file = lockFilePath(dir, KEY);
    await writeFile(file, ''); // a writer that died between create and write
    expect(await tryAcquireMailboxLock(dir, KEY, { profile: null })).toEqual({
      acquired: false,
      reason: 'unreadable',
      heldBy: null,
      path: file,
    });
    const old = new Date(Date.now() - 60_000);
    await utimes(file, old, old);
    const lock = acquired(await tryAcquireMailboxLock(dir, KEY, { profile: null }));
    await lock.release();
  });
});

describe('a lock folder that cannot be written', () => {
  it.skipIf(!isRoot)('says which folder and what to do on a read-only file system (needs root to mount)', async (ctx) => {
    const mountPoint = path.join(root, `case-${++counter}`);
    await mkdir(path.join(mountPoint), { mode: 0o700 });
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,mode=0700', 'tmpfs', mountPoint], { stdio: 'ignore' });
    } catch {
      ctx.skip('cannot mount a tmpfs here');
    }
    try {
      await mkdir(path.join(mountPoint, 'locks'), { mode: 0o700 });
      execFileSync('mount', ['-o', 'remount,ro', mountPoint], { stdio: 'ignore' });
      const dir = path.join(mountPoint, 'locks');
      const error = await tryAcquireMailboxLock(dir, KEY, { profile: null }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'folder-unusable', path: dir });
      expect((error as Error).message).toContain(`Poplar cannot use ${dir} for its mailbox locks: it is on a read-only file system`);
    } finally {
      execFileSync('umount', [mountPoint], { stdio: 'ignore' });
    }
  });
});
