// Accounts: settings rows. Passwords are never stored here (see secrets.ts).
import type { DatabaseSync } from 'node:sqlite';
import { accountProblems, mailboxKey, type Account, type AccountSettings } from '../../shared/account.ts';
import { transaction } from './database.ts';

interface AccountRow {
  id: number;
  name: string;
  host: string;
  port: number;
  security: string;
  user: string;
  auth: string;
  ca_file: string | null;
  fingerprint: string | null;
  mailbox_key: string;
  retention: string;
  interval_minutes: number;
  check_at_startup: number;
  paused: number;
  notify: number;
  max_size_bytes: number | null;
  password_source: string;
  created_at: number;
}

export class AccountError extends Error {
  override readonly name = 'AccountError';
}

function fromRow(row: AccountRow): Account {
  return {
    id: row.id,
    name: row.name,
    host: row.host,
    port: row.port,
    security: row.security as Account['security'],
    user: row.user,
    auth: row.auth as Account['auth'],
    caFile: row.ca_file,
    fingerprint: row.fingerprint,
    mailboxKey: row.mailbox_key,
    retention: JSON.parse(row.retention) as Account['retention'],
    intervalMinutes: row.interval_minutes,
    checkAtStartup: row.check_at_startup === 1,
    paused: row.paused === 1,
    notify: row.notify === 1,
    maxSizeBytes: row.max_size_bytes,
    passwordSource: JSON.parse(row.password_source) as Account['passwordSource'],
    createdAt: row.created_at,
  };
}

function params(settings: AccountSettings) {
  return {
    name: settings.name,
    host: settings.host,
    port: settings.port,
    security: settings.security,
    user: settings.user,
    auth: settings.auth,
    ca_file: settings.caFile,
    fingerprint: settings.fingerprint,
    mailbox_key: mailboxKey(settings.host, settings.port, settings.user),
    retention: JSON.stringify(settings.retention),
    interval_minutes: settings.intervalMinutes,
    check_at_startup: settings.checkAtStartup ? 1 : 0,
    paused: settings.paused ? 1 : 0,
    notify: settings.notify ? 1 : 0,
    max_size_bytes: settings.maxSizeBytes,
    password_source: JSON.stringify(settings.passwordSource),
  };
}

function check(db: DatabaseSync, settings: AccountSettings, exceptId: number | null): void {
  const problems = accountProblems(settings);
  if (problems.length > 0) throw new AccountError(problems.join('; '));
  const key = mailboxKey(settings.host, settings.port, settings.user);
  const clash = db.prepare('SELECT name FROM accounts WHERE (mailbox_key = ? OR name = ?) AND id IS NOT ?').get(key, settings.name, exceptId) as { name: string } | undefined;
  if (clash?.name === settings.name) throw new AccountError(`an account named '${settings.name}' already exists`);
  // One mailbox, one account: two accounts on one mailbox would download everything twice
  // and fight over one server lock.
  if (clash) throw new AccountError(`account '${clash.name}' already uses the mailbox ${key}`);
}

export function addAccount(db: DatabaseSync, settings: AccountSettings, now: number): Account {
  check(db, settings, null);
  const p = params(settings);
  const result = db
    .prepare(`INSERT INTO accounts (name, host, port, security, user, auth, ca_file, fingerprint, mailbox_key, retention, interval_minutes,
      check_at_startup, paused, notify, max_size_bytes, password_source, created_at)
      VALUES (:name, :host, :port, :security, :user, :auth, :ca_file, :fingerprint, :mailbox_key, :retention, :interval_minutes,
      :check_at_startup, :paused, :notify, :max_size_bytes, :password_source, :created_at)`)
    .run({ ...p, created_at: now });
  return getAccount(db, Number(result.lastInsertRowid));
}

export function updateAccount(db: DatabaseSync, id: number, settings: AccountSettings): Account {
  check(db, settings, id);
  const before = getAccount(db, id);
  const key = mailboxKey(settings.host, settings.port, settings.user);
  db.exec('BEGIN IMMEDIATE');
  try {
    updateRow(db, id, settings);
    // A new server name, port or security mode (995 instead of 110) changes the mailbox key,
    // but it is the same mailbox: its ledger moves along. Left behind, every message would
    // look new, be downloaded again and collide with its stored row at every check.
    if (key !== before.mailboxKey) {
      db.prepare('UPDATE ledger SET mailbox_key = ? WHERE mailbox_key = ?').run(key, before.mailboxKey);
      db.prepare('UPDATE OR REPLACE mailboxes SET key = ? WHERE key = ?').run(key, before.mailboxKey);
    }
    db.exec('COMMIT');
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
  return getAccount(db, id);
}

function updateRow(db: DatabaseSync, id: number, settings: AccountSettings): void {
  db.prepare(`UPDATE accounts SET name = :name, host = :host, port = :port, security = :security, user = :user, auth = :auth,
      ca_file = :ca_file, fingerprint = :fingerprint, mailbox_key = :mailbox_key, retention = :retention,
      interval_minutes = :interval_minutes, check_at_startup = :check_at_startup, paused = :paused, notify = :notify,
      max_size_bytes = :max_size_bytes, password_source = :password_source WHERE id = :id`).run({ ...params(settings), id });
}

export function removeAccount(db: DatabaseSync, id: number): void {
  // In one transaction: the account, its messages (by cascade), their full-text rows (an FTS5
  // table has no foreign key) and its mailbox's ledger (a mailbox key belongs to one account).
  // Fix: the ledger used to stay behind, still saying the messages were stored here after
  // their rows and files were gone, so the account added again downloaded nothing and, with
  // "delete after download", sent DELE for every message without a local copy. The stale FTS
  // rows collided with the row ids that new messages reuse, so those failed to store.
  transaction(db, () => {
    const row = db.prepare('SELECT mailbox_key FROM accounts WHERE id = ?').get(id) as { mailbox_key: string } | undefined;
    if (!row) return;
    db.prepare('DELETE FROM messages_fts WHERE rowid IN (SELECT id FROM messages WHERE account_id = ?)').run(id);
    db.prepare('DELETE FROM ledger WHERE mailbox_key = ?').run(row.mailbox_key);
    db.prepare('DELETE FROM accounts WHERE id = ?').run(id);
  });
}

export function getAccount(db: DatabaseSync, id: number): Account {
  const row = db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as AccountRow | undefined;
  if (!row) throw new AccountError(`no account with id ${id}`);
  return fromRow(row);
}

export function findAccount(db: DatabaseSync, name: string): Account | null {
  const row = db.prepare('SELECT * FROM accounts WHERE name = ?').get(name) as AccountRow | undefined;
  return row ? fromRow(row) : null;
}

export function listAccounts(db: DatabaseSync): Account[] {
  return (db.prepare('SELECT * FROM accounts ORDER BY name').all() as unknown as AccountRow[]).map(fromRow);
}
