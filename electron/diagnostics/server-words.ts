// The server's own words as evidence: its response code and text, and — when the text is one
// of the known lock or connection-limit wordings (pop3/lock-refusal.ts) — which server sends it.
import { CONNECTION_LIMIT_WORDINGS, LOCK_WORDINGS, type Wording } from '../pop3/lock-refusal.ts';
import type { SessionRecord } from '../store/sessions.ts';

/** Long server texts are cut: the transcript in the diagnostics view has the whole line. */
const TEXT_SHOWN = 200;

/** `[IN-USE] Mailbox is locked by another POP3 session.`, or null when the server said nothing. */
export function serverWords(error: SessionRecord['error']): string | null {
  if (!error || (error.responseCode === null && error.serverText === null)) return null;
  const text = error.serverText ?? '';
  const shown = text.length > TEXT_SHOWN ? `${text.slice(0, TEXT_SHOWN)}…` : text;
  return [error.responseCode ? `[${error.responseCode}]` : '', shown].filter(Boolean).join(' ');
}

/** The known wording the server's text matches: a lock wording first, then a connection limit. */
export function knownWording(error: SessionRecord['error']): { readonly kind: 'lock' | 'connection-limit'; readonly wording: Wording } | null {
  const text = error?.serverText;
  if (!text) return null;
  const limit = CONNECTION_LIMIT_WORDINGS.find((w) => w.pattern.test(text));
  if (limit) return { kind: 'connection-limit', wording: limit };
  const lock = LOCK_WORDINGS.find((w) => w.pattern.test(text));
  return lock ? { kind: 'lock', wording: lock } : null;
}

/**
 * The server a wording comes from, without the source-file references kept in
 * lock-refusal.ts for maintainers: "Dovecot 2.3, pop3_lock_session = yes (src/pop3/main.c; …)"
 * becomes "Dovecot 2.3, pop3_lock_session = yes".
 */
export function serverName(w: Wording): string {
  return w.server.replace(/\s*\([^)]*\)/g, '').trim();
}

/** Evidence lines: what the server answered at `at`, and whose wording that is. */
export function serverEvidence(error: SessionRecord['error'], atClock: string): string[] {
  const words = serverWords(error);
  if (words === null) return error ? [`At ${atClock}: ${error.message}`] : [];
  const lines = [`At ${atClock} the server answered: “${words}”`];
  const known = knownWording(error);
  if (known) {
    const meaning = known.kind === 'lock' ? 'another session holds the mailbox' : 'too many connections are open for this account';
    lines.push(`These are the words of ${serverName(known.wording)}; they mean ${meaning}.`);
  } else if (error?.responseCode === 'IN-USE') {
    // RFC 2449 §8.1.2: the code alone says so, whatever the text.
    lines.push('The response code [IN-USE] means the mailbox is in use by another session (RFC 2449 §8.1.2).');
  } else if (error?.responseCode === 'LOGIN-DELAY') {
    lines.push('The response code [LOGIN-DELAY] means the last login was too recent (RFC 2449 §8.1.1).');
  }
  return lines;
}
