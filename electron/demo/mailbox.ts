// The demo mailbox: a real POP3 server on 127.0.0.1, filled with about fifty realistic messages,
// so a new user can try Poplar without a mail account. Poplar connects to it like to any
// server (USER/PASS, no TLS: the connection never leaves the machine).
//
// Two controls make the demo show what Poplar is for:
// - `hold(true)` plays "another device holds the mailbox": every login is refused with
//   Dovecot's "-ERR [IN-USE] Mailbox is locked by another POP3 session." until `hold(false)`,
//   so the lock diagnosis can be seen without a phone and a real account;
// - `deliver()` drops a new message in, so "Check now" finds something.
import { randomBytes } from 'node:crypto';
import type { Hook } from '../pop3-server/hook.ts';
import { Pop3Server } from '../pop3-server/server.ts';
import { deliveredMessage, demoMessages } from './content/catalog.ts';

export interface DemoMailboxOptions {
  /** The clock the messages are dated by (the last two weeks before it); Date.now by default. */
  readonly now?: () => number;
  /** Inactivity autologout; 10 minutes by default (RFC 1939 §3). Tests shorten it. */
  readonly idleTimeoutMs?: number;
  /**
   * The port to listen on, the one of the previous start, so the profile's demo account (whose
   * mailbox key names the port) and its messages are kept; a system-picked one when it is taken.
   */
  readonly port?: number;
}

export interface DemoMailbox {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly user: string;
  /** Random per start: another local program cannot log in and hold the lock by guessing. */
  readonly password: string;
  /** On: every login is refused as if another device held the mailbox ([IN-USE]). */
  hold(on: boolean): void;
  held(): boolean;
  /**
   * When the switch held the mailbox, oldest first (`to` null while it still does): the one
   * holder of a lock Poplar can know, so the diagnosis names it instead of guessing from timing.
   */
  holds(): readonly { readonly from: number; readonly to: number | null }[];
  /** Adds a new message, visible from the next session on; returns its UIDL and subject. */
  deliver(): { readonly uidl: string; readonly subject: string };
  /** Stops listening and drops any open session (without UPDATE: its DELEs are rolled back). */
  close(): Promise<void>;
}

export const DEMO_USER = 'demo';

/** What the demo's server says in its greeting; the rest of its wording is the server's own. */
export const DEMO_BANNER = 'Poplar demo mailbox ready.';

export async function startDemoMailbox(options: DemoMailboxOptions = {}): Promise<DemoMailbox> {
  const now = options.now ?? Date.now;
  let held = false;
  const holds: { from: number; to: number | null }[] = [];
  // "Another device holds the mailbox": the login is refused where a real server refuses it,
  // after the credentials were accepted, with the reply it gives when the lock is taken.
  const hook: Hook = (moment) => (held && moment.command === 'LOGIN' ? { reply: server.settings.replies.locked } : undefined);
  const password = randomBytes(12).toString('base64url');
  const settings = {
    users: [{ name: DEMO_USER, password }],
    messages: demoMessages(now()),
    replies: { banner: DEMO_BANNER },
    hook,
    ...(options.idleTimeoutMs === undefined ? {} : { limits: { idleTimeoutMs: options.idleTimeoutMs } }),
  };
  let server: Pop3Server;
  try {
    server = await Pop3Server.start(settings, options.port ?? 0);
  } catch (error) {
    if (!options.port || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    server = await Pop3Server.start(settings);
  }
  let delivered = 0;
  return {
    host: server.host,
    port: server.port,
    user: DEMO_USER,
    password,
    hold: (on) => {
      if (on && !held) holds.push({ from: now(), to: null });
      const open = holds.at(-1);
      if (!on && held && open) open.to = now();
      held = on;
    },
    held: () => held,
    holds: () => holds.map((h) => ({ ...h })),
    deliver: () => {
      delivered += 1;
      const { message, subject } = deliveredMessage(delivered, now());
      server.add(message);
      return { uidl: message.uidl, subject };
    },
    close: () => server.close(),
  };
}
