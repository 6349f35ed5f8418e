// STAT, LIST and UIDL (RFC 1939 §5, §7): what is in the maildrop.
import type { Pop3Connection } from '../connection.ts';
import { Pop3Error } from '../errors.ts';
import { command } from '../transcript.ts';
import { expectOk } from './status.ts';

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
  return { count, octets };
}

export async function list(conn: Pop3Connection): Promise<ListEntry[]> {
  conn.send(command('LIST'));
  await expectOk(conn, 'LIST');
  return (await conn.readListing('LIST')).map((line) => {
    const [msg, octets] = numbers('LIST', line, 2);
    return { msg, octets };
  });
}

export async function listOne(conn: Pop3Connection, msg: number): Promise<ListEntry> {
  conn.send(command('LIST', String(msg)));
  const status = await expectOk(conn, 'LIST');
  const [n, octets] = numbers('LIST', status.text, 2);
  return { msg: n, octets };
}

export async function uidl(conn: Pop3Connection): Promise<UidlEntry[]> {
  conn.send(command('UIDL'));
  await expectOk(conn, 'UIDL');
  return (await conn.readListing('UIDL')).map((line) => parseUidlLine(line));
}

export async function uidlOne(conn: Pop3Connection, msg: number): Promise<UidlEntry> {
  conn.send(command('UIDL', String(msg)));
  const status = await expectOk(conn, 'UIDL');
  return parseUidlLine(status.text);
}

function parseUidlLine(line: string): UidlEntry {
  const match = /^\s*(\d+)\s+(\S+)/.exec(line);
  if (!match?.[1] || !match[2]) throw new Pop3Error('protocol', { command: 'UIDL', message: `unreadable UIDL line: ${line.slice(0, 80)}` });
  return { msg: Number(match[1]), uidl: match[2] };
}

/** The first `count` whitespace-separated decimal numbers of `text`. */
function numbers(verb: string, text: string, count: 2): [number, number] {
  const parts = text.trim().split(/\s+/, count).map((p) => (/^\d+$/.test(p) ? Number(p) : Number.NaN));
  const [a, b] = parts;
  if (a === undefined || b === undefined || Number.isNaN(a) || Number.isNaN(b)) {
    throw new Pop3Error('protocol', { command: verb, message: `unreadable ${verb} reply: ${text.slice(0, 80)}` });
  }
  return [a, b];
}
