// The mailbox-key migration on a real SQLite file written with the old schema, and real message
// files: one mailbox reached as 127.0.0.1:110, localhost:995 and [::1]:110 (three accounts, as
// issue 11 measured), and pop.example.com. on 110 beside pop.example.com on 995.
import { existsSync, linkSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../cli/poplar.ts';
import type { CliIo } from '../cli/commands.ts';
import { PassThrough } from 'node:stream';
import { listAccounts } from './accounts.ts';
import { writeOldSchema } from './fixtures/old-schema.ts';
import { MIGRATIONS } from './migrations.ts';
import { openProfile, type Profile } from './profile.ts';
import { parseOldKey } from './rekey-migration.ts';
import { seconds } from '../../tests/support/timeouts.ts';

let dir = '';
let profile: Profile | undefined;
afterEach(async () => {
  profile?.close();
  profile = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = '';
});

interface Old {
  db: DatabaseSync;
  account(id: number, name: string, host: string, port: number, user: string): void;
  /** A stored message with its file; returns the row id. */
  message(accountId: number, uidl: string, opts?: { partial?: boolean; read?: boolean; deletedLocally?: boolean }): number;
  ledger(key: string, uidl: string, firstSeen: number, stored: number | null, row?: number | null, deletedOnServer?: number | null): void;
}

function oldProfile(root: string): Old {
  mkdirSync(path.join(root, 'messages'), { recursive: true });
  const db = new DatabaseSync(path.join(root, 'poplar.db'));
  writeOldSchema(db, 3);
  const keys = new Map<number, string>();
  return {
    db,
    account(id, name, host, port, user) {
      // The key as a profile before migration 4 holds it: only the host lower-cased.
      const key = `${host.toLowerCase()}:${port}:${user}`;
      keys.set(id, key);
      db.prepare(
        `INSERT INTO accounts (id, name, host, port, security, user, mailbox_key, retention, interval_minutes, password_source, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, '{"kind":"leave","deleteWhenDeletedLocally":false}', 10, '{"kind":"prompt"}', ?)`,
      ).run(id, name, host, port, port === 995 ? 'tls' : 'none', user, key, id);
    },
    message(accountId, uidl, opts = {}) {
      const rel = path.join(String(accountId), 'ab', `${uidl}-${accountId}.eml`);
      mkdirSync(path.join(root, 'messages', path.dirname(rel)), { recursive: true });
      writeFileSync(path.join(root, 'messages', rel), `Subject: ${uidl}\r\nX-Copy: ${accountId}\r\n\r\n${opts.partial ? '' : 'body'}\r\n`);
      const r = db
        .prepare(
          'INSERT INTO messages (account_id, uidl, path, size, partial, subject, received_at, read, deleted_locally) VALUES (?, ?, ?, 10, ?, ?, 1, ?, ?)',
        )
        .run(accountId, uidl, rel, opts.partial ? 1 : 0, uidl, opts.read ? 1 : 0, opts.deletedLocally ? 1 : 0);
      const id = Number(r.lastInsertRowid);
      db.prepare("INSERT INTO messages_fts (rowid, subject, addresses, body) VALUES (?, ?, '', 'body')").run(id, uidl);
      return id;
    },
    ledger(key, uidl, firstSeen, stored, row = null, deletedOnServer = null) {
      db.prepare(
        'INSERT INTO ledger (mailbox_key, uidl, first_seen_at, stored_at, message_row, deleted_on_server_at) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(key, uidl, firstSeen, stored, row, deletedOnServer);
    },
  };
}

function io(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const input = new PassThrough();
  input.end('');
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), stdin: input, env: {} };
}

// Real files and databases only, no child processes; the bound is for a busy machine.
describe('migration: one normalised key per mailbox', { timeout: seconds(30) }, () => {
  it('merges accounts that were one mailbox, keeps every stored marker and message, and says so once', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'poplar-rekey-'));
    const old = oldProfile(dir);
    old.account(1, 'home', '127.0.0.1', 110, 'me');
    old.account(2, 'loop', 'localhost', 995, 'me');
    old.account(3, 'six', '[::1]', 110, 'me');
    old.account(4, 'work', 'POP.Example.COM.', 110, 'ann');
    old.account(5, 'work-tls', 'pop.example.com', 995, 'ann');
    old.account(6, 'other-port', 'pop.example.com', 2110, 'ann');
    old.account(7, 'capital', 'localhost', 110, 'Me');

    const h1 = old.message(1, 'u1', { read: true });
    const h2 = old.message(1, 'u2', { partial: true });
    const h3 = old.message(1, 'u3', { deletedLocally: true });
    const l1 = old.message(2, 'u1');
    const l2 = old.message(2, 'u2');
    const l3 = old.message(2, 'u3');
    const l4 = old.message(2, 'u4');
    const s4 = old.message(3, 'u4', { read: true });
    const s5 = old.message(3, 'u5');
    const w1 = old.message(5, 'w1');
    const o1 = old.message(6, 'o1');
    old.db
      .prepare("INSERT INTO remote_content_allowed (kind, value, message_row, allowed_at) VALUES ('message', ?, ?, 1)")
      .run(String(l1), l1);

    old.ledger('127.0.0.1:110:me', 'u1', 10, 11, h1);
    old.ledger('127.0.0.1:110:me', 'u2', 10, 12, h2);
    old.ledger('127.0.0.1:110:me', 'u3', 10, 13, h3);
    old.ledger('127.0.0.1:110:me', 'seen-only', 5, null);
    old.ledger('localhost:995:me', 'u1', 20, 21, l1);
    old.ledger('localhost:995:me', 'u2', 20, 22, l2);
    old.ledger('localhost:995:me', 'u3', 20, 23, l3);
    old.ledger('localhost:995:me', 'u4', 20, 24, l4);
    old.ledger('localhost:995:me', 'seen-only', 30, 31); // stored by this account, its row since removed
    old.ledger('localhost:995:me', 'gone', 25, 26, null, 27);
    old.ledger('[::1]:110:me', 'u4', 15, 16, s4);
    old.ledger('[::1]:110:me', 'u5', 15, 17, s5);
    old.ledger('pop.example.com.:110:ann', 'w0', 1, 2);
    old.ledger('pop.example.com:995:ann', 'w1', 3, 4, w1);
    old.ledger('pop.example.com:2110:ann', 'o1', 5, 6, o1);

    const session = old.db.prepare('INSERT INTO sessions (mailbox_key, account_id, trigger, started_at) VALUES (?, ?, ?, ?)');
    session.run('127.0.0.1:110:me', 1, 'timer', 100);
    session.run('localhost:995:me', 2, 'timer', 101);
    session.run('[::1]:110:me', 3, 'timer', 102);
    session.run('gone.example.com.:995:zed', null, 'timer', 103); // an account removed long ago
    old.db
      .prepare('INSERT INTO mailboxes (key, uidl_supported, login_delay_seconds, expire_days, last_login_at) VALUES (?, ?, ?, ?, ?)')
      .run('127.0.0.1:110:me', null, 60, 'NEVER', 100);
    old.db
      .prepare('INSERT INTO mailboxes (key, uidl_supported, login_delay_seconds, expire_days, last_login_at) VALUES (?, ?, ?, ?, ?)')
      .run('localhost:995:me', 1, 300, '30', 50);
    old.db.close();

    // A link left by an earlier run of this migration that did not commit (same file), and a
    // stranger's file where another moved file would go: neither may stop or damage the move.
    const messages = path.join(dir, 'messages');
    mkdirSync(path.join(messages, '1', 'ab'), { recursive: true });
    linkSync(path.join(messages, '2', 'ab', 'u2-2.eml'), path.join(messages, '1', 'ab', 'u2-2.eml'));
    writeFileSync(path.join(messages, '1', 'ab', 'u4-2.eml'), 'not the message');
    mkdirSync(path.join(dir, 'secrets'));
    writeFileSync(path.join(dir, 'secrets', '2.password'), 'secret of loop');
    writeFileSync(path.join(dir, 'secrets', '1.password'), 'secret of home');

    profile = openProfile(dir);
    const db = profile.db;
    expect((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(MIGRATIONS.length);
    expect(listAccounts(db).map((a) => [a.id, a.name, a.mailboxKey])).toEqual([
      [7, 'capital', 'localhost:pop3:Me'],
      [1, 'home', 'localhost:pop3:me'],
      [6, 'other-port', 'pop.example.com:2110:ann'],
      [4, 'work', 'pop.example.com:pop3:ann'],
    ]);

    // One copy per message, in the account kept, each with its bytes. u2: the complete copy
    // wins over the headers-only one; u1 read in either is read; u3 deleted here only in one
    // account is not deleted; u4 was in two merged accounts (and one name was taken).
    const rows = db
      .prepare('SELECT id, uidl, path, partial, read, deleted_locally FROM messages WHERE account_id = 1 ORDER BY uidl')
      .all() as Array<{ id: number; uidl: string; path: string; partial: number; read: number; deleted_locally: number }>;
    expect(rows.map((r) => [r.uidl, r.id, r.partial, r.read, r.deleted_locally])).toEqual([
      ['u1', h1, 0, 1, 0],
      ['u2', l2, 0, 0, 0],
      ['u3', h3, 0, 0, 0],
      ['u4', l4, 0, 1, 0],
      ['u5', s5, 0, 0, 0],
    ]);
    for (const r of rows) {
      expect(r.path.split(path.sep)[0]).toBe('1');
      expect(readFileSync(path.join(messages, r.path), 'utf8')).toMatch(new RegExp(`^Subject: ${r.uidl}\r\n`));
    }
    expect(readFileSync(path.join(messages, rows[1]?.path ?? ''), 'utf8')).toContain('body');
    expect(readFileSync(path.join(messages, '1', 'ab', 'u4-2.eml'), 'utf8')).toBe('not the message');
    expect(rows[3]?.path).toBe(path.join('1', 'ab', '1-u4-2.eml'));
    // The other copies and the emptied folders are gone; the full-text index has one row each.
    expect(existsSync(path.join(messages, '2'))).toBe(false);
    expect(existsSync(path.join(messages, '3'))).toBe(false);
    expect(existsSync(path.join(messages, '1', 'ab', 'u2-1.eml'))).toBe(false);
    expect((db.prepare('SELECT COUNT(*) AS n FROM messages_fts WHERE rowid IN (?, ?, ?, ?)').get(l1, h2, l3, s4) as { n: number }).n).toBe(
      0,
    );
    expect((db.prepare("SELECT COUNT(*) AS n FROM messages_fts WHERE messages_fts MATCH 'u4'").get() as { n: number }).n).toBe(1);
    expect(db.prepare('SELECT kind, value, message_row AS row FROM remote_content_allowed').all()).toEqual([
      { kind: 'message', value: String(h1), row: h1 },
    ]);

    // One ledger: every UIDL stored by any of the three stays stored, with the earliest facts.
    const ledger = db
      .prepare(
        'SELECT mailbox_key AS k, uidl, first_seen_at AS seen, stored_at AS stored, message_row AS row, deleted_on_server_at AS del FROM ledger ORDER BY k, uidl',
      )
      .all();
    expect(ledger).toEqual([
      { k: 'localhost:pop3:me', uidl: 'gone', seen: 25, stored: 26, row: null, del: 27 },
      { k: 'localhost:pop3:me', uidl: 'seen-only', seen: 5, stored: 31, row: null, del: null },
      { k: 'localhost:pop3:me', uidl: 'u1', seen: 10, stored: 11, row: h1, del: null },
      { k: 'localhost:pop3:me', uidl: 'u2', seen: 10, stored: 12, row: l2, del: null },
      { k: 'localhost:pop3:me', uidl: 'u3', seen: 10, stored: 13, row: h3, del: null },
      { k: 'localhost:pop3:me', uidl: 'u4', seen: 15, stored: 16, row: l4, del: null },
      { k: 'localhost:pop3:me', uidl: 'u5', seen: 15, stored: 17, row: s5, del: null },
      { k: 'pop.example.com:2110:ann', uidl: 'o1', seen: 5, stored: 6, row: o1, del: null },
      { k: 'pop.example.com:pop3:ann', uidl: 'w0', seen: 1, stored: 2, row: null, del: null },
      { k: 'pop.example.com:pop3:ann', uidl: 'w1', seen: 3, stored: 4, row: w1, del: null },
    ]);
    expect(db.prepare('SELECT account_id AS a FROM messages WHERE id = ?').get(w1)).toEqual({ a: 4 });

    // Sessions and what was learnt of the server follow the key; the stricter LOGIN-DELAY wins.
    expect(db.prepare('SELECT mailbox_key AS k, account_id AS a FROM sessions ORDER BY started_at').all()).toEqual([
      { k: 'localhost:pop3:me', a: 1 },
      { k: 'localhost:pop3:me', a: 1 },
      { k: 'localhost:pop3:me', a: 1 },
      { k: 'gone.example.com:pop3:zed', a: null },
    ]);
    expect(db.prepare('SELECT * FROM mailboxes').all()).toEqual([
      { key: 'localhost:pop3:me', uidl_supported: 1, login_delay_seconds: 300, expire_days: 'NEVER', last_login_at: 100 },
    ]);

    // The merged accounts' saved passwords went with them; the kept account's stays.
    expect(existsSync(path.join(dir, 'secrets', '2.password'))).toBe(false);
    expect(readFileSync(path.join(dir, 'secrets', '1.password'), 'utf8')).toBe('secret of home');
    profile.close();
    profile = undefined;

    // `poplar account list` says it once.
    const first = io();
    expect(await main(['account', 'list', '--profile', dir], first)).toBe(0);
    const notes = first.stdout.filter((l) => l.startsWith('Note:'));
    expect(notes).toEqual([
      "Note: accounts 'home' (127.0.0.1:110) and 'loop' (localhost:995) were the same mailbox of user me, so Poplar merged them into 'home': 1 message moved over and 3 second copies of messages were removed. Nothing on the server was touched. Two accounts on one mailbox stored every message twice and opened two sessions on the server at once.",
      expect.stringMatching(
        /^Note: accounts 'home' \(127\.0\.0\.1:110\) and 'six' \(\[::1\]:110\) .* 1 message moved over and 1 second copy of a message was removed\./,
      ),
      expect.stringMatching(
        /^Note: accounts 'work' \(POP\.Example\.COM\.:110\) and 'work-tls' \(pop\.example\.com:995\) .* 1 message moved over and 0 second copies/,
      ),
    ]);
    const again = io();
    expect(await main(['account', 'list', '--json', '--profile', dir], again)).toBe(0);
    expect(JSON.parse(again.stdout.join('\n'))).toMatchObject({ notes: [] });
  });

  it('failing before its commit, leaves the old profile whole and runs again the next time', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'poplar-rekey-'));
    const old = oldProfile(dir);
    old.account(1, 'home', '127.0.0.1', 110, 'me');
    old.account(2, 'loop', 'localhost', 995, 'me');
    old.message(1, 'u1');
    const moving = old.message(2, 'u2');
    old.ledger('localhost:995:me', 'u2', 1, 2, moving);
    // A failure at the last step of the merge, after the file was linked into its new folder.
    old.db.exec("CREATE TRIGGER fail_merge BEFORE DELETE ON accounts BEGIN SELECT RAISE(ABORT, 'disk trouble'); END");
    old.db.close();
    expect(() => openProfile(dir)).toThrow(/disk trouble/);

    const check = new DatabaseSync(path.join(dir, 'poplar.db'));
    expect(check.prepare('PRAGMA user_version').get()).toEqual({ user_version: 3 });
    expect(check.prepare('SELECT id, mailbox_key AS k FROM accounts ORDER BY id').all()).toEqual([
      { id: 1, k: '127.0.0.1:110:me' },
      { id: 2, k: 'localhost:995:me' },
    ]);
    expect(check.prepare('SELECT account_id AS a, path FROM messages WHERE id = ?').get(moving)).toEqual({
      a: 2,
      path: path.join('2', 'ab', 'u2-2.eml'),
    });
    expect(readFileSync(path.join(dir, 'messages', '2', 'ab', 'u2-2.eml'), 'utf8')).toMatch(/^Subject: u2/);
    check.exec('DROP TRIGGER fail_merge');
    check.close();

    profile = openProfile(dir);
    expect(listAccounts(profile.db).map((a) => a.name)).toEqual(['home']);
    const row = profile.db.prepare('SELECT account_id AS a, path FROM messages WHERE id = ?').get(moving) as { a: number; path: string };
    expect(row).toEqual({ a: 1, path: path.join('1', 'ab', 'u2-2.eml') });
    expect(readFileSync(path.join(dir, 'messages', row.path), 'utf8')).toMatch(/^Subject: u2/);
    expect(profile.db.prepare('SELECT mailbox_key AS k, stored_at AS s, message_row AS r FROM ledger').all()).toEqual([
      { k: 'localhost:pop3:me', s: 2, r: moving },
    ]);
  });

  it('re-keys a profile with one account per mailbox without touching its messages', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'poplar-rekey-'));
    const old = oldProfile(dir);
    old.account(1, 'home', 'Bücher.example', 995, 'me');
    const m = old.message(1, 'u1');
    old.ledger('bücher.example:995:me', 'u1', 1, 2, m);
    old.db.close();
    profile = openProfile(dir);
    expect(listAccounts(profile.db).map((a) => a.mailboxKey)).toEqual(['xn--bcher-kva.example:pop3:me']);
    expect(profile.db.prepare('SELECT mailbox_key AS k, message_row AS row FROM ledger').all()).toEqual([
      { k: 'xn--bcher-kva.example:pop3:me', row: m },
    ]);
    expect(profile.db.prepare('SELECT path FROM messages').all()).toEqual([{ path: path.join('1', 'ab', 'u1-1.eml') }]);
    expect(profile.db.prepare('SELECT COUNT(*) AS n FROM account_merges').get()).toEqual({ n: 0 });
  });

  it('reads the old keys of removed accounts, an IPv6 address written bare included', () => {
    expect(parseOldKey('pop.example.com.:995:ann')).toBe('pop.example.com:pop3:ann');
    expect(parseOldKey('::1:110:me')).toBe('localhost:pop3:me');
    expect(parseOldKey('2001:db8::1:2110:a:b')).toBe('[2001:db8::1]:2110:a:b');
    expect(parseOldKey('host:me')).toBeNull();
  });
});
