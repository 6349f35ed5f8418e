// Bad input during a sync loses nothing, against a real Dovecot and `poplar` run as a user
// runs it: a disk that fills up halfway through a download (a small tmpfs, as root), messages
// on the server that are not proper messages at all, and a sync killed while writing a
// message. After each, every message is either still on the server or stored here with its
// exact bytes — never neither — and the next sync finishes the job, storing each exactly once.
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type DovecotInstance } from '../../tests/support/dovecot.ts';
import { plainMessage, seededRandom } from '../../tests/support/messages.ts';
import {
  hasStackTrace,
  messagesJson,
  runPoplar,
  syncJson,
  type PoplarOptions,
  type PoplarRun,
  type SyncJsonAccount,
} from '../../tests/support/poplar-cli.ts';
import { DOVECOT, describeWith } from '../../tests/support/requirements.ts';
import { itAsRoot, mountTmpfs, remountTmpfs, unmountTmpfs } from '../../tests/support/tmpfs.ts';
import type { Account } from '../../shared/account.ts';
import { Pop3Client } from '../pop3/client.ts';
import { Secret } from '../secrets/secret.ts';

const PASSWORD = 'bad-Input-77';
const BIG = 300_000;

/** Binary noise with CRLF line ends: no header, no structure, NUL and 8-bit bytes. */
function binaryGarbage(): Buffer {
  const random = seededRandom(99);
  const lines: Buffer[] = [];
  for (let i = 0; i < 40; i++) {
    const line = Buffer.from(
      Array.from({ length: 60 }, () => {
        const byte = Math.floor(random() * 256);
        return byte === 0x0a || byte === 0x0d ? 0x00 : byte;
      }),
    );
    lines.push(line, Buffer.from('\r\n'));
  }
  return Buffer.concat(lines);
}

const JUNK: ReadonlyArray<{ what: string; raw: Buffer; subject: string; damaged: boolean }> = [
  { what: 'binary garbage', raw: binaryGarbage(), subject: '', damaged: true },
  {
    what: 'no empty line between header and body',
    raw: Buffer.from(
      'From: Nobody <nobody@example.org>\r\nSubject: no separator here\r\nthis line is not a header field\r\nand neither is this one\r\n',
    ),
    subject: 'no separator here',
    damaged: true,
  },
  {
    what: 'a truncated multipart',
    raw: Buffer.from(
      [
        'From: Trudy <trudy@example.org>',
        'Subject: truncated multipart',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="XYZ"',
        '',
        '--XYZ',
        'Content-Type: text/plain',
        '',
        'hello partial world',
        '--XYZ',
        'Content-Type: application/pdf',
        'Content-Transfer-Encoding: base64',
        'Content-Disposition: attachment; filename="cut.pdf"',
        '',
        'JVBERi0xLjQKJVBERi0xLjQK',
        'JVBER',
      ].join('\r\n') + '\r\n',
    ),
    subject: 'truncated multipart',
    damaged: true,
  },
  {
    what: 'a proper message',
    raw: Buffer.from(plainMessage(1)),
    subject: /^Subject: (.*)$/m.exec(plainMessage(1))?.[1] ?? '',
    damaged: false,
  },
];

describeWith(DOVECOT, 'bad input during a sync loses nothing', () => {
  let dovecot: DovecotInstance;
  let root: string;
  /** Per user: the messages as RETR served them before any sync, in server order. */
  const originals = new Map<string, Array<{ uidl: string; bytes: Buffer }>>();

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'poplar-bad-sync-'));
    dovecot = await startDovecot({ users: ['full', 'junk', 'killed'].map((name) => ({ name, password: PASSWORD })) });
    await dovecot.seed(
      'full',
      Array.from({ length: 20 }, (_, i) => plainMessage(100 + i, { bodyBytes: BIG })),
    );
    await dovecot.seed(
      'junk',
      JUNK.map((j) => j.raw),
    );
    await dovecot.seed(
      'killed',
      // Three messages of 900 KB: a message over 256 KiB is written to its .part file as it
      // arrives (store/message-files.ts), so a kill while one arrives leaves a .part behind; a
      // smaller one is in memory until its batch is finished. The kill (chunk:600 below) comes
      // about 500 KB into the first: its body's dot-stuffed lines make chunks of ~800 bytes.
      Array.from({ length: 8 }, (_, i) => plainMessage(200 + i, i < 3 ? { bodyBytes: 3 * BIG } : {})),
    );
    for (const user of ['full', 'junk', 'killed']) originals.set(user, await serverMailbox(user));
  });

  afterAll(async () => {
    await dovecot?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  async function poplar(args: readonly string[], opts: PoplarOptions = {}): Promise<PoplarRun> {
    const run = await runPoplar(args, {
      ...opts,
      env: { POPLAR_LOCK_DIR: path.join(root, 'locks'), POPLAR_TEST_PW: PASSWORD, ...opts.env },
    });
    if (run.signal === null)
      expect(hasStackTrace(run.stderr), `poplar ${args.join(' ')} printed a stack trace:\n${run.stderr}`).toBe(false);
    return run;
  }

  async function withServer<T>(user: string, work: (client: Pop3Client) => Promise<T>): Promise<T> {
    const client = await Pop3Client.connect({
      host: '127.0.0.1',
      port: dovecot.port,
      security: 'none',
      auth: 'user',
      credentials: { kind: 'password', user, password: new Secret(PASSWORD) },
    });
    try {
      return await work(client);
    } finally {
      await client.quit();
    }
  }

  async function serverMailbox(user: string): Promise<Array<{ uidl: string; bytes: Buffer }>> {
    return withServer(user, async (client) => {
      const listing = await client.uidl();
      const chunks = new Map<number, Buffer[]>();
      await client.retrMany(
        listing.map((e) => e.msg),
        (msg) => {
          const list: Buffer[] = [];
          chunks.set(msg, list);
          return (chunk) => void list.push(Buffer.from(chunk));
        },
        () => undefined,
      );
      return listing.map((e) => ({ uidl: e.uidl, bytes: Buffer.concat(chunks.get(e.msg) ?? []) }));
    });
  }

  const serverUidls = async (user: string): Promise<Set<string>> =>
    withServer(user, async (c) => new Set((await c.uidl()).map((e) => e.uidl)));

  async function addAccount(dir: string, user: string, ...extra: string[]): Promise<Account> {
    const added = await poplar([
      'account',
      'add',
      '--profile',
      dir,
      '--name',
      user,
      '--host',
      '127.0.0.1',
      '--port',
      String(dovecot.port),
      '--security',
      'none',
      '--user',
      user,
      '--password-env',
      'POPLAR_TEST_PW',
      ...extra,
    ]);
    expect(added.code, added.stderr).toBe(0);
    const list = await poplar(['account', 'list', '--json', '--profile', dir]);
    const account = (JSON.parse(list.stdout) as { accounts: Account[] }).accounts.find((a) => a.name === user);
    if (!account) throw new Error(`no account ${user}`);
    return account;
  }

  /** `sync --json` for one account; a sync that meets the lock a killed session left is run again. */
  async function sync(dir: string, extra: PoplarOptions = {}): Promise<{ run: PoplarRun; result: SyncJsonAccount }> {
    for (let attempt = 1; ; attempt++) {
      const run = await poplar(['sync', '--json', '--profile', dir], extra);
      const [result] = syncJson(run);
      if (!result) throw new Error(`no account in ${run.stdout}`);
      if (result.outcome === 'locked' && attempt < 3) continue;
      return { run, result };
    }
  }

  /**
   * The promise after any failure: each message is on the server, or stored here with exactly
   * the bytes RETR served, and none is stored twice. Returns the UIDLs stored here.
   */
  async function nothingLost(dir: string, user: string, label: string): Promise<Set<string>> {
    const list = await poplar(['messages', '--json', '--limit', '1000', '--profile', dir]);
    expect(list.code, `${label}: ${list.stderr}`).toBe(0);
    const rows = messagesJson(list);
    const stored = new Set(rows.map((r) => r.uidl ?? ''));
    expect(stored.size, `${label}: a message stored twice`).toBe(rows.length);
    const bytes = new Map((originals.get(user) ?? []).map((o) => [o.uidl, o.bytes]));
    for (const r of rows) {
      const raw = await poplar(['show', String(r.id), '--raw', '--profile', dir]);
      expect(raw.code).toBe(0);
      expect(
        raw.stdoutBytes.equals(bytes.get(r.uidl ?? '') ?? Buffer.alloc(0)),
        `${label}: message ${r.id} (${r.uidl}) differs from what the server sent`,
      ).toBe(true);
    }
    const onServer = await serverUidls(user);
    for (const uidl of bytes.keys()) {
      expect(onServer.has(uidl) || stored.has(uidl), `${label}: ${uidl} is neither on the server nor stored here`).toBe(true);
    }
    return stored;
  }

  async function filesUnder(dir: string, suffix: string): Promise<string[]> {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
    return entries.filter((e) => e.isFile() && e.name.endsWith(suffix)).map((e) => path.join(e.parentPath, e.name));
  }

  describe('a full disk', () => {
    itAsRoot(
      'stops with a plain disk-full message, keeps what was stored, deletes nothing else, and finishes once there is room',
      async () => {
        const mount = path.join(root, 'small-disk');
        await mkdir(mount);
        await mountTmpfs(mount, '3m'); // 20 messages of 300 KB do not fit
        try {
          const dir = path.join(mount, 'profile');
          const account = await addAccount(dir, 'full', '--delete-after-download');
          const all = originals.get('full') ?? [];
          expect(all).toHaveLength(20);

          const { run, result } = await sync(dir);
          expect(run.code).toBe(1);
          expect(result).toMatchObject({ account: 'full', outcome: 'error', error: { code: 'disk-full' } });
          expect(result.error?.message).toMatch(/disk .*is full/);
          expect(result.error?.message).toMatch(/nothing is deleted there that is not stored here\. Free some space and check again\.$/);
          // Some messages fit before the disk was full; they are stored, and the message says how many.
          expect(result.downloaded, 'nothing was stored: did a failed commit leave its files filling the disk?').toBeGreaterThan(0);
          expect(/ (\d+) messages? (?:was|were) stored;/.exec(result.error?.message ?? '')?.[1]).toBe(String(result.downloaded));
          expect(result.downloaded).toBeLessThan(20);
          let stored = await nothingLost(dir, 'full', 'after the disk filled up');
          expect(stored.size).toBe(result.downloaded);
          // Delete after download: exactly the stored messages went from the server, no other.
          expect(result.deletedOnServer).toBe(stored.size);
          expect([...(await serverUidls('full'))].sort()).toEqual(
            all
              .map((o) => o.uidl)
              .filter((u) => !stored.has(u))
              .sort(),
          );

          // Still full: the same, in words, and still nothing lost.
          const text = await poplar(['sync', '--profile', dir]);
          expect(text.code).toBe(1);
          expect(text.stderr).toMatch(
            /^full: the check failed \(disk-full\)\.\n {2}The disk holding the profile is full, so Poplar stopped downloading\./,
          );
          stored = await nothingLost(dir, 'full', 'after a second sync on the full disk');

          // Room again: the next sync stores the rest, each message exactly once.
          await remountTmpfs(mount, 'size=32m');
          const done = await sync(dir);
          expect(done.run.code, done.run.stdout + done.run.stderr).toBe(0);
          expect(done.result).toMatchObject({
            outcome: 'ok',
            downloaded: 20 - stored.size,
            deletedOnServer: 20 - stored.size,
            error: null,
          });
          stored = await nothingLost(dir, 'full', 'after freeing space');
          expect(stored.size).toBe(20);
          expect((await serverUidls('full')).size).toBe(0);
          const accountDir = path.join(dir, 'messages', String(account.id));
          expect(await filesUnder(accountDir, '.eml')).toHaveLength(20);
          expect(await filesUnder(accountDir, '.part')).toEqual([]);
        } finally {
          await unmountTmpfs(mount);
        }
      },
    );
  });

  describe('messages that are not proper messages', () => {
    let dir: string;
    beforeAll(async () => {
      dir = path.join(root, 'junk-profile');
      await addAccount(dir, 'junk');
      const { run, result } = await sync(dir);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(result).toMatchObject({ outcome: 'ok', downloaded: JUNK.length, error: null });
    });

    it('are stored and listed, with their subject or "(no subject)"', async () => {
      const rows = messagesJson(await poplar(['messages', '--json', '--profile', dir]));
      const order = (originals.get('junk') ?? []).map((o) => o.uidl);
      expect(rows.map((r) => order.indexOf(r.uidl ?? '')).sort()).toEqual([0, 1, 2, 3]);
      for (const r of rows) {
        const junk = JUNK[order.indexOf(r.uidl ?? '')];
        expect(r.subject, junk?.what).toBe(junk?.subject);
        if (junk?.damaged) expect(r.parseError, junk.what).not.toBeNull();
        else expect(r.parseError, junk?.what).toBeNull();
      }
      const text = await poplar(['messages', '--profile', dir]);
      expect(text.stdout).toMatch(/ \(no subject\)$/m);
      for (const j of JUNK.filter((x) => x.subject !== '')) expect(text.stdout).toContain(j.subject);
    });

    it('show --raw gives their exact bytes, and show says they are damaged', async () => {
      await nothingLost(dir, 'junk', 'junk');
      const rows = messagesJson(await poplar(['messages', '--json', '--profile', dir]));
      const order = (originals.get('junk') ?? []).map((o) => o.uidl);
      for (const r of rows) {
        const junk = JUNK[order.indexOf(r.uidl ?? '')];
        // Dovecot serves them as stored (CRLF line ends throughout), so these are the seeded bytes too.
        const raw = await poplar(['show', String(r.id), '--raw', '--profile', dir]);
        expect(raw.stdoutBytes.equals(junk?.raw ?? Buffer.alloc(0)), junk?.what).toBe(true);
        const shown = await poplar(['show', String(r.id), '--profile', dir]);
        expect(shown.code, junk?.what).toBe(0);
        if (junk?.damaged)
          expect(shown.stdout, junk.what).toMatch(
            new RegExp(`^Note: +this message is damaged \\(.+\\); 'poplar show ${r.id} --raw' shows it as received\\.$`, 'm'),
          );
        else expect(shown.stdout, junk?.what).not.toContain('damaged');
      }
    });
  });

  describe('a sync killed while writing a message', () => {
    it('leaves a .part file that the next sync removes, and the next sync stores everything once', async () => {
      const dir = path.join(root, 'killed-profile');
      const account = await addAccount(dir, 'killed', '--delete-after-download');
      const tmp = path.join(dir, 'messages', String(account.id), 'tmp');

      const killed = await poplar(['sync', '--json', '--profile', dir], { env: { POPLAR_FAILPOINT: 'chunk:600' } });
      expect(killed.signal).toBe('SIGKILL');
      const parts = await filesUnder(tmp, '.part');
      expect(parts.length, 'the kill left its unfinished download').toBeGreaterThan(0);
      expect((await serverUidls('killed')).size).toBe(8); // nothing was deleted

      let run: PoplarRun;
      for (let attempt = 1; ; attempt++) {
        run = await poplar(['sync', '--profile', dir]);
        if (run.code === 0 || attempt === 3 || !run.stderr.includes('mailbox is in use')) break;
      }
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(
        `removed ${parts.length} unfinished download${parts.length === 1 ? '' : 's'} left by an interrupted session`,
      );
      expect(await filesUnder(tmp, '.part')).toEqual([]);
      const stored = await nothingLost(dir, 'killed', 'after the kill');
      expect(stored.size).toBe(8);
      expect((await serverUidls('killed')).size).toBe(0);
      expect(await filesUnder(path.join(dir, 'messages', String(account.id)), '.eml')).toHaveLength(8);
    });
  });

  it('had a real server to talk to', () => {
    expect([...originals.values()].map((o) => o.length)).toEqual([20, JUNK.length, 8]);
  });
});
