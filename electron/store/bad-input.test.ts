// Bad input to a profile loses nothing and says what to do: a database overwritten with
// garbage or damaged inside, a profile folder that cannot be used, and a database on a full
// disk. Each is met by `poplar` as a user runs it (exit 1, one plain message, never a stack
// trace), and none of them may touch the downloaded .eml files or the damaged database.
// No server is needed: every command here fails before connecting, or does not connect.
import { createHash } from 'node:crypto';
import { chmod, cp, mkdir, mkdtemp, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../tests/support/messages.ts';
import { startScriptedPop3 } from '../../tests/support/scripted-pop3.ts';
import { hasStackTrace, messagesJson, runPoplar, syncJson, type PoplarOptions, type PoplarRun } from '../../tests/support/poplar-cli.ts';
import { isRoot, itAsRoot, mountTmpfs, remountTmpfs, unmountTmpfs } from '../../tests/support/tmpfs.ts';
import { Secret } from '../secrets/secret.ts';
import { tryAcquireMailboxLock } from '../sync/mailbox-lock.ts';
import { runSession } from '../sync/session.ts';
import { addAccount, findAccount } from './accounts.ts';
import { accountSettings } from '../../shared/fixtures/account-settings.ts';
import { recordStored } from './ledger.ts';
import { insertMessage } from './message-insert.ts';
import { parseMessageFile } from '../mime/parse.ts';
import { openProfile } from './profile.ts';
import { seconds } from '../../tests/support/timeouts.ts';

const MESSAGE = Buffer.from(
  [
    'From: Ada Lovelace <ada@example.org>',
    'To: Alice <alice@example.net>',
    'Subject: engine notes',
    'Date: Mon, 05 Jan 2026 08:00:00 +0000',
    'Message-ID: <notes.1@test.poplar.invalid>',
    '',
    'The analytical engine weaves algebraic patterns.',
    '',
  ].join('\r\n'),
);

const DAMAGED =
  /^The mail database (\S+) is damaged \(.+\)\. Your downloaded messages are still in the messages folder beside it\. Move the damaged file aside; Poplar will create a new one and download the mail still on the server again\.$/;

let root: string;
const lockDir = (): string => path.join(root, 'locks');

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'poplar-bad-input-'));
  await chmod(root, 0o755); // the mode-000 test runs poplar as another user, who must reach its folder
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

async function poplar(args: readonly string[], opts: PoplarOptions = {}): Promise<PoplarRun> {
  const run = await runPoplar(args, { ...opts, env: { POPLAR_LOCK_DIR: lockDir(), POPLAR_TEST_PW: 'irrelevant', ...opts.env } });
  expect(hasStackTrace(run.stderr), `poplar ${args.join(' ')} printed a stack trace:\n${run.stderr}`).toBe(false);
  return run;
}

/**
 * A closed profile with one account ('ada', by default on a port where nothing listens) and one stored
 * message, made with the store's own functions; returns the .eml file's path.
 */
async function makeProfile(dir: string, port = 1): Promise<{ eml: string; accountId: number; mailboxKey: string }> {
  const profile = openProfile(dir);
  try {
    const account = addAccount(
      profile.db,
      accountSettings({
        name: 'ada',
        host: '127.0.0.1',
        port,
        security: 'none',
        user: 'ada',
        passwordSource: { kind: 'env', variable: 'POPLAR_TEST_PW' },
      }),
      Date.now(),
    );
    const relativePath = profile.files.relativePath(account.id, account.mailboxKey, 'uidl-1');
    const eml = profile.files.absolute(relativePath);
    await mkdir(path.dirname(eml), { recursive: true });
    await writeFile(eml, MESSAGE, { mode: 0o600 });
    const parsed = await parseMessageFile(eml);
    const row = insertMessage(profile.db, {
      accountId: account.id,
      uidl: 'uidl-1',
      path: relativePath,
      size: MESSAGE.length,
      serverSize: MESSAGE.length,
      partial: false,
      receivedAt: Date.now(),
      parsed,
    });
    recordStored(profile.db, account.mailboxKey, 'uidl-1', row, Date.now());
    return { eml, accountId: account.id, mailboxKey: account.mailboxKey };
  } finally {
    profile.close();
  }
}

/** SHA-256 of every file under `dir`, by relative path. */
async function fingerprint(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const file = path.join(e.parentPath, e.name);
    out.set(
      path.relative(dir, file),
      createHash('sha256')
        .update(await readFile(file))
        .digest('hex'),
    );
  }
  return out;
}

/** Overwrites the b-tree root pages of `tables` with garbage, leaving the header and schema intact. */
async function damageTables(dbFile: string, tables: string[]): Promise<void> {
  const db = new DatabaseSync(dbFile, { readOnly: true });
  const pageSize = (db.prepare('PRAGMA page_size').get() as { page_size: number }).page_size;
  const roots = tables.map(
    (name) =>
      (db.prepare("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) as { rootpage: number }).rootpage,
  );
  db.close();
  const random = seededRandom(1);
  const handle = await open(dbFile, 'r+');
  try {
    for (const page of roots) {
      expect(page).toBeGreaterThan(1);
      await handle.write(
        Buffer.from(Array.from({ length: pageSize }, () => Math.floor(random() * 256))),
        0,
        pageSize,
        (page - 1) * pageSize,
      );
    }
  } finally {
    await handle.close();
  }
}

describe('a damaged database', { timeout: seconds(60) }, () => {
  it('overwritten with garbage: every command exits 1 with the damaged-database advice, and nothing is touched', async () => {
    const dir = path.join(root, 'garbage');
    const { eml } = await makeProfile(dir);
    const dbFile = path.join(dir, 'poplar.db');
    const random = seededRandom(7);
    const garbage = Buffer.from(Array.from({ length: (await stat(dbFile)).size }, () => Math.floor(random() * 256)));
    await writeFile(dbFile, garbage);
    const before = await fingerprint(dir);

    const p = ['--profile', dir];
    for (const args of [
      ['messages', ...p],
      ['messages', '--json', ...p],
      ['sync', ...p],
      ['sync', '--json', ...p],
      ['account', 'list', ...p],
      ['account', 'set', 'ada', '--interval', '5', ...p],
      ['show', '1', ...p],
      ['show', '1', '--raw', ...p],
    ]) {
      const run = await poplar(args);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stdout, args.join(' ')).toBe('');
      expect(run.stderr.trim(), args.join(' ')).toMatch(DAMAGED);
      expect(DAMAGED.exec(run.stderr.trim())?.[1]).toBe(dbFile);
    }
    // Poplar never "repairs" the damaged file by writing over it, and never touches the mail.
    expect(await fingerprint(dir)).toEqual(before);
    expect((await readFile(eml)).equals(MESSAGE)).toBe(true);
  });

  it('damaged inside, found only by a query: the same advice instead of a stack trace, and nothing is touched', async () => {
    const dir = path.join(root, 'pages');
    const { eml } = await makeProfile(dir);
    const dbFile = path.join(dir, 'poplar.db');
    await damageTables(dbFile, ['messages', 'sessions']);
    const before = await fingerprint(dir);
    const p = ['--profile', dir];

    // The accounts table is intact: listing accounts works.
    const list = await poplar(['account', 'list', ...p]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^ada: ada at 127\.0\.0\.1:1/);

    for (const args of [
      ['messages', ...p],
      ['messages', '--search', 'engine', ...p],
      ['show', '1', ...p],
    ]) {
      const run = await poplar(args);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stderr.trim(), args.join(' ')).toMatch(DAMAGED);
    }

    // The sync cannot record its session: a failure of this account, reported as such.
    const json = await poplar(['sync', '--json', ...p]);
    expect(json.code).toBe(1);
    const [result] = syncJson(json);
    expect(result).toMatchObject({ account: 'ada', outcome: 'error', downloaded: 0, error: { code: 'store' } });
    expect(result?.error?.message).toMatch(DAMAGED);
    const text = await poplar(['sync', ...p]);
    expect(text.code).toBe(1);
    expect(text.stderr).toMatch(/^ada: the check failed \(store\)\.\n {2}The mail database \S+ is damaged/);

    expect((await readFile(eml)).equals(MESSAGE)).toBe(true);
    const after = await fingerprint(dir);
    expect(after.get(path.relative(dir, eml))).toBe(before.get(path.relative(dir, eml)));
  });

  it('damaged where the session reads it: the sync says so in plain words, and still ends with QUIT', async () => {
    const server = await startScriptedPop3({
      users: [{ name: 'ada', password: 'irrelevant' }],
      messages: [{ uidl: 'uidl-2', body: 'Subject: new\r\n\r\nnew mail\r\n' }],
    });
    try {
      const dir = path.join(root, 'ledger');
      await makeProfile(dir, server.port);
      await damageTables(path.join(dir, 'poplar.db'), ['ledger']);
      const run = await poplar(['sync', '--json', '--profile', dir]);
      expect(run.code).toBe(1);
      const [result] = syncJson(run);
      expect(result).toMatchObject({ account: 'ada', outcome: 'error', downloaded: 0, error: { code: 'store' } });
      expect(result?.error?.message).toMatch(DAMAGED);
      const session = await server.waitForSessionClosed(1);
      expect(session.endedBy).toBe('quit');
      expect(session.deleted).toEqual([]);
      expect(server.mailbox().map((m) => m.uidl)).toEqual(['uidl-2']);
    } finally {
      await server.close();
    }
  });

  it('a session that cannot be recorded still releases the mailbox lock', async () => {
    const dir = path.join(root, 'lock-release');
    const { mailboxKey } = await makeProfile(dir);
    await damageTables(path.join(dir, 'poplar.db'), ['sessions']);
    const profile = openProfile(dir);
    try {
      const account = findAccount(profile.db, 'ada');
      if (!account) throw new Error('no account');
      const ctx = { profile, lockDir: lockDir(), now: Date.now, password: async () => new Secret('irrelevant') };
      await expect(runSession(ctx, account, { trigger: 'test' })).rejects.toThrow(/malformed/);
      const lock = await tryAcquireMailboxLock(lockDir(), mailboxKey, { profile: dir });
      expect(lock.acquired, 'the failed session kept the lock').toBe(true);
      if (lock.acquired) await lock.lock.release();
    } finally {
      profile.close();
    }
  });
});

describe('a profile folder that cannot be used', { timeout: seconds(60) }, () => {
  const commands = (dir: string): string[][] => [
    ['messages', '--profile', dir],
    ['sync', '--json', '--profile', dir],
    ['account', 'list', '--profile', dir],
    ['account', 'add', '--name', 'x', '--host', '127.0.0.1', '--user', 'x', '--password-env', 'X', '--profile', dir],
  ];

  it('below a regular file: exit 1, naming the folder and the reason', async () => {
    const file = path.join(root, 'not-a-folder');
    await writeFile(file, 'just a file\n');
    const dir = path.join(file, 'profile');
    for (const args of commands(dir)) {
      const run = await poplar(args);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim()).toBe(
        `Poplar cannot use the profile folder ${dir} (ENOTDIR). Check that it exists and that you may write to it.`,
      );
    }
    expect(await readFile(file, 'utf8')).toBe('just a file\n');
  });

  it('with mode 000: exit 1, naming the folder and the reason', async () => {
    const parent = path.join(root, 'mode-000');
    const dir = path.join(parent, 'profile');
    await makeProfile(dir);
    await chmod(parent, 0o755);
    await chmod(dir, 0o000);
    // Root is not stopped by file modes: as root, run poplar as `nobody`, who is.
    const as: PoplarOptions = isRoot() ? { uid: 65534, gid: 65534 } : {};
    const version = await poplar(['--version'], as);
    expect(version.code, `poplar cannot run as uid 65534 at all (is the checkout readable by others?):\n${version.stderr}`).toBe(0);
    try {
      for (const args of commands(dir)) {
        const run = await poplar(args, as);
        expect(run.code, args.join(' ')).toBe(1);
        expect(run.stderr.trim(), args.join(' ')).toBe(
          `Poplar cannot use the profile folder ${dir} (EACCES). Check that it exists and that you may write to it.`,
        );
      }
    } finally {
      await chmod(dir, 0o700);
    }
    expect((await poplar(['messages', '--profile', dir])).stdout).toContain('engine notes');
  });

  itAsRoot('on a read-only file system: exit 1, saying the database cannot be opened or written; nothing is lost', async () => {
    const mount = path.join(root, 'ro');
    await mkdir(mount);
    await mountTmpfs(mount, '1m');
    try {
      const dir = path.join(mount, 'profile');
      const { eml } = await makeProfile(dir);
      const before = await fingerprint(dir);
      await remountTmpfs(mount, 'ro');
      for (const args of commands(dir)) {
        const run = await poplar(args);
        expect(run.code, args.join(' ')).toBe(1);
        expect(run.stderr.trim(), args.join(' ')).toMatch(
          new RegExp(
            `^Poplar cannot open or write the mail database ${dir}/poplar\\.db \\(.+\\)\\. Check that the profile folder exists and that you may write to it\\.$`,
          ),
        );
      }
      expect(await fingerprint(dir)).toEqual(before);
      await remountTmpfs(mount, 'rw');
      expect((await readFile(eml)).equals(MESSAGE)).toBe(true);
      const list = await poplar(['messages', '--json', '--profile', dir]);
      expect(messagesJson(list).map((m) => m.subject)).toEqual(['engine notes']);
    } finally {
      await unmountTmpfs(mount);
    }
  });
});

describe('a database on a full disk', { timeout: seconds(60) }, () => {
  itAsRoot('says the disk is full and what to do, not "disk I/O error"; after freeing space everything is there', async () => {
    const source = path.join(root, 'full-source');
    await makeProfile(source);
    const mount = path.join(root, 'full');
    await mkdir(mount);
    await mountTmpfs(mount, '1m');
    try {
      const dir = path.join(mount, 'profile');
      await cp(source, dir, { recursive: true });
      // Fill every byte that is left.
      const filler = path.join(mount, 'filler');
      const handle = await open(filler, 'w');
      try {
        const block = Buffer.alloc(4096, 0x78);
        for (;;) await handle.write(block);
      } catch (error) {
        expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
      } finally {
        await handle.close();
      }
      const full = `The disk holding ${dir}/poplar.db is full. Free some space; nothing was lost.`;
      for (const args of [
        ['messages', '--profile', dir],
        ['sync', '--json', '--profile', dir],
        ['account', 'list', '--profile', dir],
        ['account', 'set', 'ada', '--interval', '5', '--profile', dir],
      ]) {
        const run = await poplar(args);
        expect(run.code, args.join(' ')).toBe(1);
        expect(run.stderr.trim(), args.join(' ')).toBe(full);
      }
      await rm(filler);
      const list = await poplar(['messages', '--json', '--profile', dir]);
      expect(list.code, list.stderr).toBe(0);
      expect(messagesJson(list).map((m) => m.subject)).toEqual(['engine notes']);
      const set = await poplar(['account', 'set', 'ada', '--interval', '5', '--profile', dir]);
      expect(set.code, set.stderr).toBe(0);
    } finally {
      await unmountTmpfs(mount);
    }
  });
});
