// Timeouts of the SMTP client, in one place with their reasons.
import type { SmtpTimeouts } from './settings.ts';

export const SMTP_TIMEOUTS: SmtpTimeouts = {
  // A reachable server accepts a TCP connection in well under a second; 30 s covers a slow
  // mobile link without making "unreachable" take minutes (nodemailer's default is 2 minutes).
  connectMs: 30_000,
  // RFC 5321 §4.5.3.2.1 asks clients to wait 5 minutes for the greeting; a server that has not
  // greeted in 60 s is overloaded, and the outbox retries later anyway.
  greetingMs: 60_000,
  // RFC 5321 §4.5.3.2.6: 10 minutes for the reply to the final "." — the server may be scanning
  // the message; a reply lost here leaves the outcome unknown, so waiting longer is cheaper.
  idleMs: 600_000,
};
