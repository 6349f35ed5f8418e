// The server's own words as evidence: its response code and text, and — when the text is one
// of the known wordings (pop3/lock-refusal.ts) — which server sends it, or else which of its
// words Poplar read the refusal by (pop3/refusal-vocabulary.ts).
import { CONNECTION_LIMIT_WORDINGS, LOCK_WORDINGS, TEMPORARY_WORDINGS, type Wording } from '../pop3/lock-refusal.ts';
import { matchRefusalVocabulary, readableServerText, type VocabularyKind } from '../pop3/refusal-vocabulary.ts';
import { stripTimeMarks } from '../../shared/time-marks.ts';
import type { SessionRecord } from '../store/sessions.ts';

/** Long server texts are cut: the transcript in the diagnostics view has the whole line. */
const TEXT_SHOWN = 200;

/** `[IN-USE] Mailbox is locked by another POP3 session.`, or null when the server said nothing. */
export function serverWords(error: SessionRecord['error']): string | null {
  if (!error || (error.responseCode === null && error.serverText === null)) return null;
  // Recorded as latin1 octets (pop3/connection.ts); a UTF-8 text is shown as its characters.
  // Without the characters of a time mark (shared/time-marks.ts): a server cannot forge one.
  const text = stripTimeMarks(readableServerText(error.serverText ?? ''));
  const shown = text.length > TEXT_SHOWN ? `${text.slice(0, TEXT_SHOWN)}…` : text;
  return [error.responseCode ? `[${stripTimeMarks(error.responseCode)}]` : '', shown].filter(Boolean).join(' ');
}

export type WordingKind = 'lock' | 'connection-limit' | 'temporary';

/** The known wording the server's text matches: a connection limit first, then a lock, then a temporary state. */
export function knownWording(error: SessionRecord['error']): { readonly kind: WordingKind; readonly wording: Wording } | null {
  const text = error?.serverText;
  if (!text) return null;
  const limit = CONNECTION_LIMIT_WORDINGS.find((w) => w.pattern.test(text));
  if (limit) return { kind: 'connection-limit', wording: limit };
  const lock = LOCK_WORDINGS.find((w) => w.pattern.test(text));
  if (lock) return { kind: 'lock', wording: lock };
  const temporary = TEMPORARY_WORDINGS.find((w) => w.pattern.test(text));
  return temporary ? { kind: 'temporary', wording: temporary } : null;
}

const MEANING: Readonly<Record<WordingKind, string>> = {
  lock: 'another session holds the mailbox',
  'connection-limit': 'too many connections are open for this account',
  temporary: 'the account has been made unavailable for a while, usually by its administrator',
};

/** What a word of the general vocabulary told Poplar; credentials words are cited by explainAuth. */
const VOCABULARY_MEANING: Readonly<Record<Exclude<VocabularyKind, 'credentials'>, string>> = {
  'account-hold': 'a hold the provider has put on the account for a while',
  lock: 'a lock or a mailbox in use',
  'connection-limit': 'a limit on connections',
  temporary: 'a temporary state of the server',
};

/** The lock-like codes a vocabulary line may explain: the classifier's reading of those words. */
const READ_BY_WORDS: ReadonlySet<string> = new Set(['mailbox-locked', 'too-many-connections', 'server-temporary']);

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
  if (words === '') return [`At ${atClock} the server answered a bare “-ERR”, without a word.`];
  if (words === null) return error ? [`At ${atClock}: ${stripTimeMarks(error.message)}`] : [];
  const lines = [`At ${atClock} the server answered: “${words}”`];
  const known = knownWording(error);
  if (known) {
    lines.push(`These are the words of ${serverName(known.wording)}; they mean ${MEANING[known.kind]}.`);
  } else if (error?.responseCode === 'IN-USE') {
    // RFC 2449 §8.1.2: the code alone says so, whatever the text.
    lines.push('The response code [IN-USE] means the mailbox is in use by another session (RFC 2449 §8.1.2).');
  } else if (error?.responseCode === 'LOGIN-DELAY') {
    lines.push('The response code [LOGIN-DELAY] means the last login was too recent (RFC 2449 §8.1.1).');
  } else if (error && error.responseCode === null && READ_BY_WORDS.has(error.code)) {
    // No code and no known wording: say which words the refusal was read by, so the reading can be checked.
    const words = matchRefusalVocabulary(error.serverText ?? '', ['connection-limit', 'account-hold', 'lock', 'temporary']);
    if (words && words.kind !== 'credentials') {
      lines.push(`The server sent no response code; Poplar read “${words.words}” in its words as ${VOCABULARY_MEANING[words.kind]}.`);
    }
  }
  return lines;
}
