// Session records (store/sessions.ts) as the scheduler's history (policy.ts).
import type { DatabaseSync } from 'node:sqlite';
import { lastConnectedAt, listSessions, mailboxFacts, newestLoginDelayRefusal, type SessionRecord } from '../store/sessions.ts';
import { knownLoginDelay, loginDelayFromText } from './login-delay.ts';
import type { HistoryEntry } from './policy.ts';

/** As result.ts outcomeFor: someone else holds the mailbox, or we came too soon. */
const LOCKED_CODES = new Set(['mailbox-locked', 'too-many-connections', 'login-delay', 'login-stalled', 'local-lock']);

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

/**
 * The server's LOGIN-DELAY in seconds as Poplar knows it now (login-delay.ts): from CAPA, kept
 * in the mailbox row by each session, or from the words of the newest [LOGIN-DELAY] refusal.
 * Every consumer — the scheduler before each plan, `poplar sync`, the diagnosis — reads it
 * here, so a delay learned by any session of any process applies from that moment.
 */
export function loginDelaySeconds(db: DatabaseSync, mailboxKey: string): number | null {
  const known = mailboxFacts(db, mailboxKey).loginDelaySeconds;
  const refused = newestLoginDelayRefusal(db, mailboxKey);
  const seconds = loginDelayFromText(refused?.text);
  if (seconds === null || !refused) return known;
  return knownLoginDelay(known, { seconds, at: refused.at }, lastConnectedAt(db, mailboxKey));
}
