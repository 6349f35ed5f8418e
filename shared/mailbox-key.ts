// The mailbox key of DESIGN.md: one string per server mailbox, so that every name for one mailbox
// gives one key, and so one lock, one schedule and one UIDL ledger. Without it, `127.0.0.1` and
// `localhost`, or ports 110 and 995 of one server, are taken for three mailboxes (measured):
// every message is stored three times and two sessions are open on the server at
// once. Pure: runs in Node and in the browser (URL is a global in both).
//
//   key = <host>:<port>:<user>
//   host  lower case, no trailing root dot, an IDN as punycode (UTS #46, as browsers do),
//         an IPv6 literal in brackets and compressed (RFC 5952), and the loopback names
//         localhost / 127.0.0.1 / ::1 as `localhost`
//   port  `pop3` for 110 and 995, the POP3 / POP3S pair of RFC 1939 §3 and RFC 8314 §7.1
//         (one maildrop offered plain-or-STLS and with implicit TLS); any other port as its number
//   user  exactly as typed (see below)
import { parseUrlHost } from './host-name.ts';

/** The host part for the three loopback names. */
export const LOOPBACK_HOST = 'localhost';

/**
 * Only these three are one host. `localhost` is 127.0.0.1 or ::1 (RFC 6761 §6.3), and a server
 * on the loopback interface normally answers on both. Other 127.x.y.z addresses are NOT folded
 * in: each is a distinct address a separate server can bind (Debian maps the machine's own name
 * to 127.0.1.1; test setups run one server per loopback address), and folding two different
 * servers into one key would refuse an account the user legitimately needs, with no way round.
 * An IPv4-mapped ::ffff:127.0.0.1 is by definition the address 127.0.0.1 (RFC 4291 §2.5.5.2).
 */
const LOOPBACK_NAMES: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]', '[::ffff:7f00:1]']);

/** The standard POP3 (110) and POP3S (995) ports: one mailbox reached two ways. */
const POP3_PAIR: ReadonlySet<number> = new Set([110, 995]);
const POP3_PAIR_LABEL = 'pop3';

/**
 * The host as it appears in a mailbox key. Host names are case-insensitive (RFC 4343), a
 * trailing dot only names the DNS root, and an internationalised name is the same host as its
 * punycode (RFC 5891). The WHATWG URL parser does all of that (and IPv6 compression, and the
 * odd IPv4 spellings such as 127.1 that the resolver also accepts) identically in Node 24 and
 * Chromium; only the `http:` scheme gets that host processing (a `pop3:` URL's host is opaque).
 * Anything the parser refuses, or that could be read as more than a host (`@`, `/`, a space),
 * is kept as lower-cased text: such a host is refused by accountProblems anyway.
 */
export function mailboxHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.endsWith('.') && !h.endsWith('..')) h = h.slice(0, -1);
  if (h === '') return h;
  const bracketed = h.startsWith('[') && h.endsWith(']');
  if (!bracketed && h.includes(':')) h = `[${h}]`;
  const parsed = parseUrlHost(h);
  if (parsed !== null) h = parsed.endsWith('.') ? parsed.slice(0, -1) : parsed;
  return LOOPBACK_NAMES.has(h) ? LOOPBACK_HOST : h;
}

/** The port as it appears in a mailbox key: one label for the 110/995 pair. */
export function mailboxPort(port: number): string {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RangeError(`Invalid POP3 port: ${port}`);
  return POP3_PAIR.has(port) ? POP3_PAIR_LABEL : String(port);
}

/**
 * The one mailbox key. The user name is kept exactly as typed, not lower-cased and not
 * trimmed: RFC 1939 §7 leaves the name's meaning to the server. Dovecot folds case by default
 * (`auth_username_format = %Lu`), but popa3d and solid-pop3d log in system accounts and Courier
 * looks up its userdb, where `Ann` and `ann` can be two people. Folding would refuse a second,
 * real mailbox with no way round; keeping case only lets the same person make a duplicate by
 * typing their own name two ways. Leading or trailing spaces are refused by accountProblems
 * instead of trimmed here, so the key is always the name that is sent in USER.
 */
export function mailboxKey(host: string, port: number, user: string): string {
  return `${mailboxHost(host)}:${mailboxPort(port)}:${user}`;
}
