// The checks that keep another user from redirecting or deleting our locks through a folder in
// the shared /tmp. The cases that need another uid run only as root.
import { chmod, chown, lchown, mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ensureLockDir, MailboxLockError } from './lock-dir-safety.ts';

const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

/** A fresh private folder (0700) for one test, removed after it. */
async function caseDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'poplar-lock-dir-test-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe.skipIf(process.platform === 'win32')('ensureLockDir', () => {
  it('creates the folder 0700, parents included, and tightens an existing one to 0700', async () => {
    const dir = path.join(await caseDir(), 'poplar-x', 'locks');
    await ensureLockDir(dir);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(path.dirname(dir))).mode & 0o777).toBe(0o700);

    await chmod(dir, 0o755);
    await ensureLockDir(dir);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });

  it('refuses a folder inside one that others can write to (not sticky)', async () => {
    const open = await caseDir();
    await chmod(open, 0o777);
    const error = await ensureLockDir(path.join(open, 'locks')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailboxLockError);
    expect(error).toMatchObject({ code: 'unsafe-folder', path: open });
    expect((error as Error).message).toContain(open);
    expect((error as Error).message).toContain('other users can write to it');
    // And nothing was created inside it.
    expect(await readdir(open)).toEqual([]);
  });

  it.skipIf(!isRoot)('refuses a folder that belongs to another user, as the folder or above it (needs root)', async () => {
    const theirs = await caseDir();
    await chown(theirs, NOBODY, NOBODY);

    const asLeaf = await ensureLockDir(theirs).catch((e: unknown) => e);
    expect(asLeaf).toMatchObject({ code: 'unsafe-folder', path: theirs });
    expect((asLeaf as Error).message).toMatch(/belongs to another user \(uid 65534\)/);

    const below = await ensureLockDir(path.join(theirs, 'locks')).catch((e: unknown) => e);
    expect(below).toMatchObject({ code: 'unsafe-folder', path: theirs });
    expect(await readdir(theirs)).toEqual([]);
  });

  it.skipIf(!isRoot)('refuses a symbolic link planted by another user, even to a folder of ours (needs root)', async () => {
    const base = await caseDir();
    const ours = path.join(base, 'ours');
    await mkdir(ours, { recursive: true, mode: 0o700 });
    const planted = path.join(base, 'poplar-0');
    await symlink(ours, planted);
    await lchown(planted, NOBODY, NOBODY);
    const error = await ensureLockDir(path.join(planted, 'locks')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unsafe-folder', path: planted });
    expect(await readdir(ours)).toEqual([]);
  });

  it('says which folder and what to do when part of the path is a file', async () => {
    const base = await caseDir();
    await writeFile(path.join(base, 'poplar'), 'not a folder');
    const dir = path.join(base, 'poplar', 'locks');
    const error = await ensureLockDir(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailboxLockError);
    expect(error).toMatchObject({ code: 'folder-unusable' });
    expect((error as Error).message).toContain(dir);
    expect((error as Error).message).toMatch(/not a folder\. Move or delete it/);
  });
});
