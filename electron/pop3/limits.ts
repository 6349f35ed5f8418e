// Every bound the POP3 client enforces, in one place, each with the reason for its number.
// The socket layer imports these; nothing else in electron/pop3 hard-codes a size or a time.

/**
 * Longest server line we accept (status lines, CAPA/UIDL/LIST lines, SASL challenges),
 * counted in octets without the CRLF.
 *
 * RFC 2449 §4 caps the first line of a response, greeting included, at 512 octets with the
 * CRLF, but real servers exceed it: greetings with banners, IMPLEMENTATION lines, UIDLs built
 * from long Message-IDs (RFC 1939 §7 allows 70 characters, some servers send more). 8 KiB is
 * sixteen times the RFC limit, so a tolerant server still works, and small enough that a
 * server streaming garbage without a line break cannot make us buffer megabytes.
 *
 * Message bodies are NOT bound by this: a message may have lines of megabytes (unwrapped
 * base64, one-line HTML). They stream through `BodyUnstuffer` in response.ts, which never
 * buffers a line.
 */
export const MAX_RESPONSE_LINE_OCTETS = 8 * 1024;

/**
 * Longest command we send, in octets including the CRLF. RFC 2449 §4 raised RFC 1939's limit
 * to 255 octets and servers that support CAPA MUST accept that much; more may be truncated or
 * refused. RFC 5034 §4 applies it to `AUTH mech initial-response` too, so a longer initial
 * response goes on its own line after the server's "+" (see auth/exchange.ts).
 */
export const MAX_COMMAND_LINE_OCTETS = 255;

/**
 * Largest multi-line response we accept for listings (CAPA, UIDL, LIST — everything but RETR
 * and TOP, which stream to disk). A UIDL line is at most ~85 octets (number, space, a 70-char
 * UID, CRLF), so 64 MiB is about 800,000 messages: more than any mailbox we should meet,
 * and still a bound on memory when a server never sends the terminating dot.
 */
export const MAX_LISTING_OCTETS = 64 * 1024 * 1024;

/**
 * Time from starting to connect until the greeting has arrived, TLS handshake included.
 * A reachable server answers in well under a second; 30 s allows a slow mobile link or a
 * server that delays its greeting under load, and stops a black-holed connection from
 * holding the mailbox lock (ours) and the schedule for minutes.
 */
export const CONNECT_BUDGET_MS = 30_000;

/**
 * Longest silence we wait for while a command is outstanding (reset by every chunk received).
 * RFC 1939 §3 lets a server autologout an idle client only after at least 10 minutes, so the
 * server never times out first; 60 s covers slow servers (Dovecot delays a refused second
 * login by about 10 s and a wrong password by ~1.5 s) without leaving a dead TCP connection
 * open for long.
 */
export const COMMAND_IDLE_TIMEOUT_MS = 60_000;

/**
 * Commands in flight at once when the server announces PIPELINING (RFC 2449 §6.6).
 * Bounded so the server's TCP send buffer and our receive buffer stay small and a failure
 * midway (a dropped connection, a -ERR) leaves at most this many commands to reconcile.
 * 32 small commands (RETR n, DELE n) fit in one TCP segment each way, which is where
 * pipelining pays off; a larger window gains little on top of that.
 */
export const PIPELINE_WINDOW = 32;

/**
 * How long we wait for the +OK to QUIT when shutting down (the app quitting, an abort).
 * QUIT is what commits DELEs (RFC 1939 §6) and frees the server's lock, so it is worth a
 * short wait; 5 s is plenty for one round trip and short enough not to delay the app's exit
 * noticeably. Without the +OK the DELEs are assumed rolled back.
 */
export const QUIT_TIMEOUT_MS = 5_000;

/**
 * Entries a transcript keeps: the first half and the last half of a session (greeting,
 * capabilities and login; then the end, where a failure shows), with a marker for what was
 * left out between. A pipelined sync of thousands of messages would otherwise record
 * thousands of RETR/DELE lines into every stored session.
 */
export const TRANSCRIPT_MAX_ENTRIES = 400;

/**
 * Longest line a transcript keeps, in characters; longer lines are cut with a note of how
 * much was cut. Diagnostics need the start of a server line, not 8 KiB of it.
 */
export const TRANSCRIPT_MAX_LINE_CHARS = 512;

// ── Total time budgets per command (issue 11, item 3) ──────────────────────────────────────
// The idle timeout above only bounds a silence: a server that drips one byte every 100 ms is
// never silent for long and, without a total bound, kept a sync (and the machine-wide mailbox
// lock) for minutes. Every reply therefore also has a total budget, counted from the moment
// the client starts reading it (for pipelined RETRs: from the end of the reply before it, so
// replies queued behind a long one are not charged for it). Where the server announced a
// size, the budget grows with it at a slow-but-honest rate; elsewhere it is fixed.

/**
 * Total time for a one-line reply (STAT, DELE, NOOP, RSET, USER, `LIST n`, `UIDL n`).
 * A status line is at most MAX_RESPONSE_LINE_OCTETS; a server that needs longer than the idle
 * timeout to send one line is not working. Same number as the idle timeout, so a server that
 * is slow to start answering still gets its full idle wait.
 */
export const STATUS_BUDGET_MS = 60_000;

/**
 * Total time for CAPA, status and listing together. A CAPA listing is a dozen short lines
 * (RFC 2449 §5); nothing honest takes longer than a status line.
 */
export const CAPA_BUDGET_MS = 60_000;

/**
 * Total time for a UIDL or LIST listing when the message count is not known yet. 120 s moves
 * a 100,000-message UIDL listing (~2.5 MB) at 21 KB/s, slower than any working link.
 */
export const LISTING_BUDGET_MS = 120_000;

/**
 * With a message count (from STAT, an earlier listing, or the lines of this listing as they
 * arrive), a listing may take LISTING_BUDGET_FLOOR_MS plus this much per message: a UIDL line
 * is ~85 octets at most (RFC 1939 §7), so 2 ms per line is ~42 KB/s, and the floor covers the
 * server's own time to build the list (Dovecot reads every message's size on first LIST).
 * The MAX_LISTING_OCTETS cap (800,000 lines) then allows 60 + 1,600 s, still a bound.
 */
export const LISTING_BUDGET_FLOOR_MS = 60_000;
export const LISTING_BUDGET_PER_ENTRY_MS = 2;

/**
 * RETR/TOP of a message LIST announced as N octets: RETRIEVE_BUDGET_FLOOR_MS plus N octets at
 * RETRIEVE_MIN_OCTETS_PER_S. 16 KiB/s is 128 kbit/s, an EDGE mobile link or a badly loaded
 * server; a 25 MB attachment then gets 60 + 1,600 s. The floor covers the first bytes (the
 * server opening a large mbox) and our own disk writes, which are counted too.
 */
export const RETRIEVE_BUDGET_FLOOR_MS = 60_000;
export const RETRIEVE_MIN_OCTETS_PER_S = 16 * 1024;

/**
 * RETR/TOP of a message whose size is unknown (no LIST): as for a 25 MB message. TOP n 0
 * sends headers only, so it is given the budget of LIST's size capped at 1 MiB.
 */
export const RETRIEVE_UNKNOWN_SIZE_OCTETS = 25 * 1024 * 1024;
export const TOP_BUDGET_MAX_OCTETS = 1024 * 1024;

/**
 * Silence after PASS, APOP or an AUTH credential before Poplar gives up with 'login-stalled'
 * (issue 10). popa3d and solid-pop3d answer the greeting and USER, then block in fcntl(F_SETLKW)
 * on the mbox until another process releases it: that is a server waiting on a lock, not a
 * dead network. A delivery holds such a lock for seconds, a second mail program for its whole
 * session; 120 s (twice the idle timeout) outlasts deliveries and Dovecot's ~10 s lock wait,
 * and stays far below the RFC 1939 §3 ten-minute autologout, so the held connection does not
 * itself keep the mailbox busy for long. It is also the login's total budget.
 */
export const LOGIN_STALL_TIMEOUT_MS = 120_000;

/**
 * A server that closes the connection without any answer after at least this much silence
 * after PASS/APOP/AUTH is taken to have given up waiting for the mailbox lock ('login-stalled',
 * not certain); a close sooner than that stays 'connection-closed'. solid-pop3d gives up on a
 * dot-lock after ~5 s, so 5 s separates "waited for something" from "hung up at once".
 */
export const LOGIN_STALL_CLOSE_MS = 5_000;

/** Every time limit of a session, for one connection; tests and POPLAR_TIME_SCALE scale them. */
export interface Pop3Limits {
  readonly connectBudgetMs: number;
  readonly idleTimeoutMs: number;
  readonly statusBudgetMs: number;
  readonly capaBudgetMs: number;
  readonly listingBudgetMs: number;
  readonly listingFloorMs: number;
  readonly listingPerEntryMs: number;
  readonly retrieveFloorMs: number;
  readonly retrieveMinOctetsPerS: number;
  readonly loginStallMs: number;
  readonly loginStallCloseMs: number;
  readonly quitTimeoutMs: number;
}

export const DEFAULT_LIMITS: Pop3Limits = Object.freeze({
  connectBudgetMs: CONNECT_BUDGET_MS,
  idleTimeoutMs: COMMAND_IDLE_TIMEOUT_MS,
  statusBudgetMs: STATUS_BUDGET_MS,
  capaBudgetMs: CAPA_BUDGET_MS,
  listingBudgetMs: LISTING_BUDGET_MS,
  listingFloorMs: LISTING_BUDGET_FLOOR_MS,
  listingPerEntryMs: LISTING_BUDGET_PER_ENTRY_MS,
  retrieveFloorMs: RETRIEVE_BUDGET_FLOOR_MS,
  retrieveMinOctetsPerS: RETRIEVE_MIN_OCTETS_PER_S,
  loginStallMs: LOGIN_STALL_TIMEOUT_MS,
  loginStallCloseMs: LOGIN_STALL_CLOSE_MS,
  quitTimeoutMs: QUIT_TIMEOUT_MS,
});

/**
 * Range of POPLAR_TIME_SCALE. Below 0.01 the idle timeout (600 ms at 0.01) would fail a
 * loaded test machine's ordinary scheduling hiccups; above 10 nothing is gained.
 */
export const TIME_SCALE_MIN = 0.01;
export const TIME_SCALE_MAX = 10;

/** Every time multiplied by `scale`, every rate divided by it (clamped to the range above). */
export function scaleLimits(limits: Pop3Limits, scale: number): Pop3Limits {
  const s = clampScale(scale);
  if (s === 1) return limits;
  const t = (ms: number): number => Math.max(1, Math.round(ms * s));
  return Object.freeze({
    connectBudgetMs: t(limits.connectBudgetMs),
    idleTimeoutMs: t(limits.idleTimeoutMs),
    statusBudgetMs: t(limits.statusBudgetMs),
    capaBudgetMs: t(limits.capaBudgetMs),
    listingBudgetMs: t(limits.listingBudgetMs),
    listingFloorMs: t(limits.listingFloorMs),
    listingPerEntryMs: limits.listingPerEntryMs * s,
    retrieveFloorMs: t(limits.retrieveFloorMs),
    retrieveMinOctetsPerS: limits.retrieveMinOctetsPerS / s,
    loginStallMs: t(limits.loginStallMs),
    loginStallCloseMs: t(limits.loginStallCloseMs),
    quitTimeoutMs: t(limits.quitTimeoutMs),
  });
}

function clampScale(scale: number): number {
  if (!Number.isFinite(scale) || scale <= 0) return 1;
  return Math.min(TIME_SCALE_MAX, Math.max(TIME_SCALE_MIN, scale));
}

/**
 * POPLAR_TIME_SCALE (a test hook of the command line, like POPLAR_FAILPOINT): a number that
 * multiplies every time limit above, clamped to [TIME_SCALE_MIN, TIME_SCALE_MAX], so the
 * hostile-server tests see each bound fire in seconds. Unset or unreadable: 1.
 */
export function timeScaleFromEnv(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 1;
  return clampScale(Number(value));
}

let processScale = 1;

/** Sets the scale Pop3Client uses when a caller gives no `limits` (the CLI, from POPLAR_TIME_SCALE). */
export function setProcessTimeScale(scale: number): void {
  processScale = clampScale(scale);
}

/** The default limits of this process: DEFAULT_LIMITS scaled by setProcessTimeScale. */
export function processLimits(): Pop3Limits {
  return scaleLimits(DEFAULT_LIMITS, processScale);
}

/** Total budget for a listing of `entries` messages (null: not known). */
export function listingBudgetMs(limits: Pop3Limits, entries: number | null): number {
  if (entries === null) return limits.listingBudgetMs;
  return Math.max(limits.listingBudgetMs, limits.listingFloorMs + entries * limits.listingPerEntryMs);
}

/** Total budget for RETR/TOP of a message announced as `octets` (null: not known). */
export function retrieveBudgetMs(limits: Pop3Limits, octets: number | null, verb: 'RETR' | 'TOP'): number {
  let size = octets ?? RETRIEVE_UNKNOWN_SIZE_OCTETS;
  if (verb === 'TOP') size = Math.min(size, TOP_BUDGET_MAX_OCTETS);
  return Math.round(limits.retrieveFloorMs + (size / limits.retrieveMinOctetsPerS) * 1000);
}
