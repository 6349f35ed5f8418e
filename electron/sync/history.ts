// Session records (store/sessions.ts) as the scheduler's history (policy.ts).
import type { DatabaseSync } from 'node:sqlite';
import { listSessions, type SessionRecord } from '../store/sessions.ts';
import type { HistoryEntry } from './policy.ts';

const LOCKED_CODES = new Set(['mailbox-locked', 'too-many-connections', 'login-delay', 'local-lock']);

export function historyEntry(s: SessionRecord): HistoryEntry | null {
  if (s.endedAt === undefined || s.endedBy === undefined) return null; // still running (or crashed mid-way)
  const code = s.error?.code ?? null;
  const outcome = code === null ? 'ok' : LOCKED_CODES.has(code) ? 'locked' : 'error';
  return { startedAt: s.startedAt, endedAt: s.endedAt, connectedAt: s.connectedAt ?? null, outcome, errorCode: code, endedBy: s.endedBy };
}

/** Finished sessions of a mailbox, newest first, as the policy reads them. */
export function mailboxHistory(db: DatabaseSync, mailboxKey: string, limit = 50): HistoryEntry[] {
  return listSessions(db, mailboxKey, limit).flatMap((s) => {
    const h = historyEntry(s);
    return h ? [h] : [];
  });
}

export function loginDelaySeconds(db: DatabaseSync, mailboxKey: string): number | null {
  const row = db.prepare('SELECT login_delay_seconds AS d FROM mailboxes WHERE key = ?').get(mailboxKey) as { d: number | null } | undefined;
  return row?.d ?? null;
}
