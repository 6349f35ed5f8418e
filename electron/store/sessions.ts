// Session records: every POP3 session Poplar opened (or tried to), how it ended, and its
// redacted transcript. Lock diagnostics read this history as evidence.
import type { DatabaseSync } from 'node:sqlite';
import type { TranscriptEntry } from '../pop3/transcript.ts';

/** How a session ended. */
export type EndedBy =
  | 'quit' // +OK to QUIT
  | 'quit-refused' // -ERR or no answer to QUIT: DELEs assumed rolled back (RFC 1939 §6)
  | 'lock-refused' // the server said the mailbox is in use (or a connection limit / login delay)
  | 'auth-failed'
  | 'server-error'
  | 'network-drop'
  | 'timeout'
  | 'local-lock' // another Poplar process on this computer holds the mailbox
  | 'aborted'
  | 'local-error'; // disk full, database failure …

export interface SessionStart {
  readonly mailboxKey: string;
  readonly accountId: number;
  readonly trigger: string;
  readonly startedAt: number;
}

export interface SessionEnd {
  readonly endedAt: number;
  readonly endedBy: EndedBy;
  readonly connectedAt: number | null;
  readonly error: { code: string; message: string; responseCode: string | null; serverText: string | null } | null;
  readonly downloaded: number;
  readonly deletedOnServer: number;
  readonly bytes: number;
  readonly greeting: string | null;
  readonly capabilities: readonly string[] | null;
  readonly security: string | null;
  readonly authMethod: string | null;
  readonly notes: readonly string[];
  readonly transcript: readonly TranscriptEntry[];
}

export interface SessionRecord extends SessionStart, Partial<SessionEnd> {
  readonly id: number;
}

export function startSession(db: DatabaseSync, s: SessionStart): number {
  const r = db
    .prepare('INSERT INTO sessions (mailbox_key, account_id, trigger, started_at) VALUES (?, ?, ?, ?)')
    .run(s.mailboxKey, s.accountId, s.trigger, s.startedAt);
  return Number(r.lastInsertRowid);
}

export function finishSession(db: DatabaseSync, id: number, e: SessionEnd): void {
  db.prepare(
    `UPDATE sessions SET ended_at = ?, ended_by = ?, connected_at = ?, error_code = ?, error_message = ?, response_code = ?,
      server_text = ?, downloaded = ?, deleted_on_server = ?, bytes = ?, greeting = ?, capabilities = ?, security = ?, auth_method = ?,
      notes = ?, transcript = ? WHERE id = ?`,
  ).run(
    e.endedAt,
    e.endedBy,
    e.connectedAt,
    e.error?.code ?? null,
    e.error?.message ?? null,
    e.error?.responseCode ?? null,
    e.error?.serverText ?? null,
    e.downloaded,
    e.deletedOnServer,
    e.bytes,
    e.greeting,
    e.capabilities ? JSON.stringify(e.capabilities) : null,
    e.security,
    e.authMethod,
    JSON.stringify(e.notes),
    JSON.stringify(e.transcript),
    id,
  );
}

interface Row {
  id: number;
  mailbox_key: string;
  account_id: number;
  trigger: string;
  started_at: number;
  connected_at: number | null;
  ended_at: number | null;
  ended_by: EndedBy | null;
  error_code: string | null;
  error_message: string | null;
  response_code: string | null;
  server_text: string | null;
  downloaded: number;
  deleted_on_server: number;
  bytes: number;
  greeting: string | null;
  capabilities: string | null;
  security: string | null;
  auth_method: string | null;
  notes: string | null;
  transcript: string | null;
}

/** The newest sessions of a mailbox first. */
export function listSessions(db: DatabaseSync, mailboxKey: string, limit = 50): SessionRecord[] {
  const rows = db
    .prepare('SELECT * FROM sessions WHERE mailbox_key = ? ORDER BY started_at DESC, id DESC LIMIT ?')
    .all(mailboxKey, limit) as unknown as Row[];
  return rows.map((r) => ({
    id: r.id,
    mailboxKey: r.mailbox_key,
    accountId: r.account_id,
    trigger: r.trigger,
    startedAt: r.started_at,
    ...(r.ended_at !== null
      ? {
          endedAt: r.ended_at,
          endedBy: r.ended_by ?? 'local-error',
          connectedAt: r.connected_at,
          error: r.error_code
            ? { code: r.error_code, message: r.error_message ?? '', responseCode: r.response_code, serverText: r.server_text }
            : null,
          downloaded: r.downloaded,
          deletedOnServer: r.deleted_on_server,
          bytes: r.bytes,
          greeting: r.greeting,
          capabilities: r.capabilities ? (JSON.parse(r.capabilities) as string[]) : null,
          security: r.security,
          authMethod: r.auth_method,
          notes: r.notes ? (JSON.parse(r.notes) as string[]) : [],
          transcript: r.transcript ? (JSON.parse(r.transcript) as TranscriptEntry[]) : [],
        }
      : {}),
  }));
}

/** Records what a session learned about the server mailbox. */
export function updateMailbox(
  db: DatabaseSync,
  key: string,
  facts: { uidlSupported: boolean; loginDelaySeconds: number | null; expireDays: number | 'never' | null; loginAt: number },
): void {
  db.prepare(
    `INSERT INTO mailboxes (key, uidl_supported, login_delay_seconds, expire_days, last_login_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (key) DO UPDATE SET uidl_supported = excluded.uidl_supported, login_delay_seconds = excluded.login_delay_seconds,
    expire_days = excluded.expire_days, last_login_at = excluded.last_login_at`,
  ).run(
    key,
    facts.uidlSupported ? 1 : 0,
    facts.loginDelaySeconds,
    facts.expireDays === null ? null : String(facts.expireDays),
    facts.loginAt,
  );
}

/** The LOGIN-DELAY a server announced before it refused a login: only that fact, nothing else is known. */
export function recordLoginDelay(db: DatabaseSync, key: string, seconds: number): void {
  db.prepare(
    `INSERT INTO mailboxes (key, login_delay_seconds) VALUES (?, ?)
    ON CONFLICT (key) DO UPDATE SET login_delay_seconds = excluded.login_delay_seconds`,
  ).run(key, seconds);
}

/** What sessions have learned about a server mailbox (updateMailbox); nulls until the first login. */
export function mailboxFacts(db: DatabaseSync, key: string): { uidlSupported: boolean | null; loginDelaySeconds: number | null } {
  const row = db.prepare('SELECT uidl_supported, login_delay_seconds FROM mailboxes WHERE key = ?').get(key) as
    { uidl_supported: number | null; login_delay_seconds: number | null } | undefined;
  return {
    uidlSupported: row?.uidl_supported == null ? null : row.uidl_supported === 1,
    loginDelaySeconds: row?.login_delay_seconds ?? null,
  };
}

/** The newest session of a mailbox that the server refused with [LOGIN-DELAY] (RFC 2449 §8): when, and the server's words. */
export function newestLoginDelayRefusal(db: DatabaseSync, key: string): { at: number; text: string | null } | null {
  const row = db
    .prepare(
      `SELECT started_at AS at, server_text AS text FROM sessions WHERE mailbox_key = ? AND error_code = 'login-delay'
    ORDER BY started_at DESC, id DESC LIMIT 1`,
    )
    .get(key) as { at: number; text: string | null } | undefined;
  return row ?? null;
}

/** When a session of this mailbox last connected to the server; null when none ever did. */
export function lastConnectedAt(db: DatabaseSync, key: string): number | null {
  const row = db.prepare('SELECT MAX(connected_at) AS at FROM sessions WHERE mailbox_key = ? AND connected_at IS NOT NULL').get(key) as
    { at: number | null } | undefined;
  return row?.at ?? null;
}
