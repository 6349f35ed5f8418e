// The server's LOGIN-DELAY as Poplar knows it: announced in CAPA (RFC 2449 §6.5, kept in the
// mailbox row by the session), or named in the text of a [LOGIN-DELAY] refusal (RFC 2449
// §8.1.1), which some servers send without announcing the delay first, and which others send
// before login, when Poplar has not seen the post-login CAPA yet. Cyrus words it
// "Logins must be at least 2 minutes apart"; others "wait 120 seconds", "try again in 5 min".

/** The largest delay a refusal's text is believed for: a misread "24 hours" must not stop mail for a day. */
export const MAX_PARSED_LOGIN_DELAY_SECONDS = 60 * 60;

const UNIT_SECONDS: ReadonlyArray<readonly [RegExp, number]> = [
  [/^(?:s|sec|secs|second|seconds)$/i, 1],
  [/^(?:m|min|mins|minute|minutes)$/i, 60],
  [/^(?:h|hr|hrs|hour|hours)$/i, 3600],
];

/**
 * The delay a refusal's text names, in seconds, or null when it names none. The first
 * "<number> <unit>" counts; a number without a unit is not guessed at.
 */
export function loginDelayFromText(text: string | null | undefined): number | null {
  if (!text) return null;
  for (const m of text.matchAll(/(\d+(?:[.,]\d+)?)\s*([a-z]+)/gi)) {
    const unit = UNIT_SECONDS.find(([re]) => re.test(m[2] ?? ''));
    if (!unit) continue;
    const seconds = Math.round(Number((m[1] ?? '').replace(',', '.')) * unit[1]);
    if (!Number.isFinite(seconds) || seconds <= 0) return null;
    return Math.min(seconds, MAX_PARSED_LOGIN_DELAY_SECONDS);
  }
  return null;
}

/**
 * The delay to keep: the larger of the one announced in CAPA and the one a [LOGIN-DELAY]
 * refusal named since Poplar's last successful login (a later login's CAPA is newer word from
 * the server). Without an announced one, the newest refusal's word stands, whenever it came.
 */
export function knownLoginDelay(
  announced: number | null,
  refusal: { seconds: number; at: number } | null,
  lastLoginAt: number | null,
): number | null {
  if (refusal === null) return announced;
  if (announced === null) return refusal.seconds;
  if (lastLoginAt !== null && lastLoginAt > refusal.at) return announced;
  return Math.max(announced, refusal.seconds);
}
