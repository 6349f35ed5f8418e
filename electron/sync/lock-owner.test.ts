// Whether a lock's owner is alive, with real processes: the answer decides whether a lock may be
// broken, so every doubt must come out as "alive".
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { deadPid } from './fixtures/dead-pid.ts';
import { liveness, newOwner, parseOwner, type LockOwner } from './lock-owner.ts';

const here = (fields: Partial<LockOwner>): LockOwner => ({
  pid: process.pid,
  hostname: os.hostname(),
  processStart: null,
  profile: null,
  acquiredAt: 1,
  nonce: 'n',
  ...fields,
});

describe('newOwner and parseOwner', () => {
  it('describes this process, with a fresh nonce each time, and reads back what it wrote', async () => {
    const a = await newOwner('/home/alice/.config/Poplar');
    const b = await newOwner(null);
    expect(a).toMatchObject({ pid: process.pid, hostname: os.hostname(), profile: '/home/alice/.config/Poplar' });
    if (process.platform === 'linux') expect(a.processStart).toMatch(/\/\d+$/);
    expect(a.nonce).not.toBe(b.nonce);
    expect(parseOwner(JSON.stringify({ key: 'k', ...a }))).toEqual(a);
  });

  it('reads no owner from damaged text or a pid that would address a process group', () => {
    expect(parseOwner('')).toBeNull();
    expect(parseOwner('{"pid":')).toBeNull();
    expect(parseOwner(JSON.stringify({ ...here({}), nonce: '' }))).toBeNull();
    for (const pid of [0, -1, 1.5]) expect(parseOwner(JSON.stringify(here({ pid })))).toBeNull();
  });
});

describe('liveness', () => {
  it('is alive for this process and dead for an exited one', async () => {
    expect(await liveness(here({}))).toBe('alive');
    expect(await liveness(here({ pid: await deadPid() }))).toBe('dead');
  });

  it('never judges an owner on another host, even with a dead pid', async () => {
    expect(await liveness(here({ pid: await deadPid(), hostname: 'elsewhere.example' }))).toBe('other-computer');
  });

  it.runIf(process.platform === 'linux')('is dead for a live pid with another start time (the pid was reused)', async () => {
    const own = await newOwner(null);
    expect(await liveness(here({ processStart: own.processStart }))).toBe('alive');
    expect(await liveness(here({ processStart: 'another-boot/12345' }))).toBe('dead');
  });
});
