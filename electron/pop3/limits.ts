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
