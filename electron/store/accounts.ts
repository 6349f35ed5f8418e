// Accounts: settings rows. Passwords are never stored here (electron/secrets/).
import type { DatabaseSync } from 'node:sqlite';
import type { Account, AccountSettings } from '../../shared/account.ts';
import { accountProblems } from '../../shared/account-rules.ts';
import { mailboxKey } from '../../shared/mailbox-key.ts';
import { transaction } from './database.ts';
import { mergeLedger, mergeMailboxFacts } from './mailbox-merge.ts';

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
  trash_days: number | null;
  password_source: string;
  smtp: string | null;
  identity: string | null;
  created_at: number;
}

/**
 * Settings the store refuses. `code`: 'invalid' (accountProblems), 'name-taken', or
 * 'same-mailbox' (another account already reaches this mailbox, shared/mailbox-key.ts).
 */
export class AccountError extends Error {
  override readonly name = 'AccountError';
  readonly code: 'invalid' | 'name-taken' | 'same-mailbox';
  constructor(message: string, code: AccountError['code'] = 'invalid') {
    super(message);
    this.code = code;
  }
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
    trashDays: row.trash_days,
    passwordSource: JSON.parse(row.password_source) as Account['passwordSource'],
    smtp: row.smtp === null ? null : (JSON.parse(row.smtp) as Account['smtp']),
    identity: row.identity === null ? null : (JSON.parse(row.identity) as Account['identity']),
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
    trash_days: settings.trashDays ?? null,
    password_source: JSON.stringify(settings.passwordSource),
    smtp: settings.smtp ? JSON.stringify(settings.smtp) : null,
    identity: settings.identity ? JSON.stringify(settings.identity) : null,
  };
}

function check(db: DatabaseSync, settings: AccountSettings, exceptId: number | null): void {
  const problems = accountProblems(settings);
  if (problems.length > 0) throw new AccountError(problems.join('; '));
  if (db.prepare('SELECT 1 FROM accounts WHERE name = ? AND id IS NOT ?').get(settings.name, exceptId)) {
    throw new AccountError(`an account named '${settings.name}' already exists`, 'name-taken');
  }
  const first = sameMailboxAs(db, settings, exceptId);
  if (first) throw new AccountError(sameMailboxMessage(first), 'same-mailbox');
}

/**
 * The account that already reaches the mailbox of `settings` under any of its names
 * (`localhost` for 127.0.0.1, port 995 for 110, …), other than `exceptId`; null when none.
 */
export function sameMailboxAs(
  db: DatabaseSync,
  settings: Pick<AccountSettings, 'host' | 'port' | 'user'>,
  exceptId: number | null,
): Account | null {
  const row = db
    .prepare('SELECT * FROM accounts WHERE mailbox_key = ? AND id IS NOT ?')
    .get(mailboxKey(settings.host, settings.port, settings.user), exceptId) as AccountRow | undefined;
  return row ? fromRow(row) : null;
}

/**
 * One mailbox, one account: two would download every message twice and open two sessions on
 * the server at once (measured: Dovecot logged both logins a second apart), and the server
 * answers the second with "mailbox locked".
 */
export function sameMailboxMessage(first: Pick<Account, 'name' | 'host' | 'user'>): string {
  return (
    `This is the same mailbox as account '${first.name}' (${first.host}, user ${first.user}): ` +
    'one mailbox can have only one account, or every message would be downloaded twice and two sessions would lock each other out. ' +
    `Change account '${first.name}' instead, or remove it first.`
  );
}

export function addAccount(db: DatabaseSync, settings: AccountSettings, now: number): Account {
  check(db, settings, null);
  const p = params(settings);
  const result = db
    .prepare(
      `INSERT INTO accounts (name, host, port, security, user, auth, ca_file, fingerprint, mailbox_key, retention, interval_minutes,
      check_at_startup, paused, notify, max_size_bytes, trash_days, password_source, smtp, identity, created_at)
      VALUES (:name, :host, :port, :security, :user, :auth, :ca_file, :fingerprint, :mailbox_key, :retention, :interval_minutes,
      :check_at_startup, :paused, :notify, :max_size_bytes, :trash_days, :password_source, :smtp, :identity, :created_at)`,
    )
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
    // A new server name (pop.example.com for mail.example.com) or port (not the 110/995 pair,
    // which is one key) changes the mailbox key, but the account says it is the same mailbox:
    // its ledger moves along. Left behind, every message would look new, be downloaded again
    // and collide with its stored row at every check. Merged, not overwritten: rows the new key
    // already has keep their stored markers.
    if (key !== before.mailboxKey) {
      // mergeLedger also serves migration 4, which predates removed_at: those marks move here.
      const removed = db
        .prepare('SELECT uidl, removed_at, removed_partial FROM ledger WHERE mailbox_key = ? AND removed_at IS NOT NULL')
        .all(before.mailboxKey) as unknown as Array<{ uidl: string; removed_at: number; removed_partial: number }>;
      mergeLedger(db, before.mailboxKey, key);
      const mark = db.prepare(
        'UPDATE ledger SET removed_at = ?, removed_partial = ? WHERE mailbox_key = ? AND uidl = ? AND message_row IS NULL',
      );
      for (const r of removed) mark.run(r.removed_at, r.removed_partial, key, r.uidl);
      mergeMailboxFacts(db, before.mailboxKey, key);
    }
    db.exec('COMMIT');
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
  return getAccount(db, id);
}

function updateRow(db: DatabaseSync, id: number, settings: AccountSettings): void {
  db.prepare(
    `UPDATE accounts SET name = :name, host = :host, port = :port, security = :security, user = :user, auth = :auth,
      ca_file = :ca_file, fingerprint = :fingerprint, mailbox_key = :mailbox_key, retention = :retention,
      interval_minutes = :interval_minutes, check_at_startup = :check_at_startup, paused = :paused, notify = :notify,
      max_size_bytes = :max_size_bytes, trash_days = :trash_days, password_source = :password_source,
      smtp = :smtp, identity = :identity,
      -- Another outgoing server may announce another SIZE (migration 12): forgotten when it changes.
      smtp_size_limit = CASE WHEN smtp IS :smtp THEN smtp_size_limit ELSE NULL END WHERE id = :id`,
  ).run({ ...params(settings), id });
}

/**
 * Deletes the account's rows in one transaction: the account, its messages (by cascade), their
 * full-text rows (an FTS5 table has no foreign key) and its mailbox's ledger (a mailbox key
 * belongs to one account). A ledger left behind would still say the messages are stored here
 * after their rows and files are gone: the account added again would download nothing and, with
 * "delete after download", send DELE for every message without a local copy. Stale full-text
 * rows would collide with the row ids new messages reuse, so those would fail to store.
 * The whole removal, files and saved password included, is account-removal.ts.
 */
export function deleteAccountRows(db: DatabaseSync, id: number): void {
  transaction(db, () => {
    const row = db.prepare('SELECT mailbox_key FROM accounts WHERE id = ?').get(id) as { mailbox_key: string } | undefined;
    if (!row) return;
    db.prepare('DELETE FROM messages_fts WHERE rowid IN (SELECT id FROM messages WHERE account_id = ?)').run(id);
    db.prepare('DELETE FROM ledger WHERE mailbox_key = ?').run(row.mailbox_key);
    db.prepare('DELETE FROM accounts WHERE id = ?').run(id);
  });
}

export function getAccount(db: DatabaseSync, id: number): Account {
  const account = findAccountById(db, id);
  if (!account) throw new AccountError(`no account with id ${id}`);
  return account;
}

export function findAccountById(db: DatabaseSync, id: number): Account | null {
  const row = db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as AccountRow | undefined;
  return row ? fromRow(row) : null;
}

export function findAccount(db: DatabaseSync, name: string): Account | null {
  const row = db.prepare('SELECT * FROM accounts WHERE name = ?').get(name) as AccountRow | undefined;
  return row ? fromRow(row) : null;
}

export function listAccounts(db: DatabaseSync): Account[] {
  return (db.prepare('SELECT * FROM accounts ORDER BY name').all() as unknown as AccountRow[]).map(fromRow);
}
