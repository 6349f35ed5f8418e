// STAT, LIST and UIDL (RFC 1939 §5, §7): what is in the maildrop.
import { commandBudget, type ReadBudget } from '../budget.ts';
import type { Pop3Connection } from '../connection.ts';
import { Pop3Error } from '../errors.ts';
import { listingBudgetMs } from '../limits.ts';
import { command } from '../transcript.ts';
import { expectOk } from './expect-ok.ts';

export interface MaildropStat {
  readonly count: number;
  readonly octets: number;
}

export interface ListEntry {
  readonly msg: number;
  readonly octets: number;
}

export interface UidlEntry {
  readonly msg: number;
  /** 1–70 characters in 0x21–0x7E (RFC 1939 §7); compared exactly, case included. */
  readonly uidl: string;
}

export async function stat(conn: Pop3Connection): Promise<MaildropStat> {
  conn.send(command('STAT'));
  const status = await expectOk(conn, 'STAT');
  const [count, octets] = numbers('STAT', status.text, 2);
  conn.maildrop.count = count;
  return { count, octets };
}

/**
 * The budget of a UIDL or LIST listing, status line included, from the moment it is asked
 * for: fixed while the count is unknown, then growing with the count STAT gave or with the
 * lines that arrived (limits.ts, listingBudgetMs).
 */
function listingBudget(conn: Pop3Connection, verb: 'LIST' | 'UIDL'): (lines: number) => ReadBudget {
  const startedAt = Date.now();
  return (lines) => {
    const known = conn.maildrop.count;
    const entries = known === null && lines === 0 ? null : Math.max(known ?? 0, lines);
    return commandBudget(verb, `its ${verb} listing`, listingBudgetMs(conn.limits, entries), null, startedAt);
  };
}

export async function list(conn: Pop3Connection): Promise<ListEntry[]> {
  conn.send(command('LIST'));
  const budget = listingBudget(conn, 'LIST');
  await expectOk(conn, 'LIST', budget(0));
  const entries = (await conn.readListing('LIST', budget)).map((line) => {
    const [msg, octets] = numbers('LIST', line, 2);
    return { msg, octets };
  });
  // Remembered for the RETR budgets (retrieve.ts): a message's time scales with its size.
  for (const { msg, octets } of entries) conn.maildrop.sizes.set(msg, octets);
  conn.maildrop.count = entries.length;
  return entries;
}

export async function listOne(conn: Pop3Connection, msg: number): Promise<ListEntry> {
  conn.send(command('LIST', String(msg)));
  const status = await expectOk(conn, 'LIST');
  const [n, octets] = numbers('LIST', status.text, 2);
  conn.maildrop.sizes.set(n, octets);
  return { msg: n, octets };
}

export async function uidl(conn: Pop3Connection): Promise<UidlEntry[]> {
  conn.send(command('UIDL'));
  const budget = listingBudget(conn, 'UIDL');
  await expectOk(conn, 'UIDL', budget(0));
  const entries = (await conn.readListing('UIDL', budget)).map((line) => parseUidlLine(line));
  conn.maildrop.count = entries.length;
  return entries;
}

export async function uidlOne(conn: Pop3Connection, msg: number): Promise<UidlEntry> {
  conn.send(command('UIDL', String(msg)));
  const status = await expectOk(conn, 'UIDL');
  return parseUidlLine(status.text);
}

/**
 * UIDL without keeping the listing: each entry goes to `onEntry` as its line arrives (for
 * large mailboxes; sync/session.ts writes them into the store). Tolerant of what RFC 1939 §7
 * forbids but servers send — a missing or odd unique-id is passed on as it is (possibly ''),
 * for the caller to judge; only a line without a message number is a protocol error.
 */
export async function uidlEach(conn: Pop3Connection, onEntry: (entry: UidlEntry) => void): Promise<number> {
  conn.send(command('UIDL'));
  const budget = listingBudget(conn, 'UIDL');
  await expectOk(conn, 'UIDL', budget(0));
  const { lines } = await conn.readListingEach(
    'UIDL',
    (line) => {
      const match = /^\s*(\d+)(?:\s+(\S*))?/.exec(line);
      if (!match?.[1]) throw new Pop3Error('protocol', { command: 'UIDL', message: `unreadable UIDL line: ${line.slice(0, 80)}` });
      onEntry({ msg: Number(match[1]), uidl: match[2] ?? '' });
    },
    budget,
  );
  conn.maildrop.count = lines;
  return lines;
}

/** LIST without keeping the listing: each entry goes to `onEntry` as its line arrives. */
export async function listEach(conn: Pop3Connection, onEntry: (entry: ListEntry) => void): Promise<number> {
  conn.send(command('LIST'));
  const budget = listingBudget(conn, 'LIST');
  await expectOk(conn, 'LIST', budget(0));
  const { lines } = await conn.readListingEach(
    'LIST',
    (line) => {
      const [msg, octets] = numbers('LIST', line, 2);
      conn.maildrop.sizes.set(msg, octets); // for the RETR budgets (retrieve.ts)
      onEntry({ msg, octets });
    },
    budget,
  );
  conn.maildrop.count = lines;
  return lines;
}

function parseUidlLine(line: string): UidlEntry {
  const match = /^\s*(\d+)\s+(\S+)/.exec(line);
  if (!match?.[1] || !match[2]) throw new Pop3Error('protocol', { command: 'UIDL', message: `unreadable UIDL line: ${line.slice(0, 80)}` });
  return { msg: Number(match[1]), uidl: match[2] };
}

/** The first `count` whitespace-separated decimal numbers of `text`. */
function numbers(verb: string, text: string, count: 2): [number, number] {
  const parts = text
    .trim()
    .split(/\s+/, count)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : Number.NaN));
  const [a, b] = parts;
  if (a === undefined || b === undefined || Number.isNaN(a) || Number.isNaN(b)) {
    throw new Pop3Error('protocol', { command: verb, message: `unreadable ${verb} reply: ${text.slice(0, 80)}` });
  }
  return [a, b];
}
