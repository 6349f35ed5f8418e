// The TRANSACTION state's commands (RFC 1939 §5 and §7, TOP and UIDL included), as the bytes
// to send. DELE and RSET change only the session's view; the maildrop changes at QUIT.
import { listedSize, type MaildropView } from './maildrop.ts';
import type { Replies } from './replies.ts';
import { multiLine, statusLine, topOf } from './wire.ts';

/** Verbs this file answers in TRANSACTION. */
export const TRANSACTION_VERBS: ReadonlySet<string> = new Set(['STAT', 'LIST', 'UIDL', 'RETR', 'TOP', 'DELE', 'RSET', 'NOOP']);

/** A response to send, and whether the command was malformed or unknown (maxBadCommands). */
export interface Answer {
  readonly bytes: Buffer;
  readonly bad?: boolean;
}

/** The response to a TRANSACTION command; `rest` is the text after the verb. */
export function transactionResponse(verb: string, rest: string, view: MaildropView, replies: Replies): Answer {
  const args = rest === '' ? [] : rest.split(' ');
  // RFC 1939 §3: arguments are separated by single spaces; an empty one is malformed.
  const bytes = args.includes('') ? null : respond(verb, args, view, replies);
  return bytes === null ? { bytes: statusLine(replies.syntax), bad: true } : { bytes };
}

/** The bytes to send, or null for a wrong number or shape of arguments. */
function respond(verb: string, args: readonly string[], view: MaildropView, replies: Replies): Buffer | null {
  switch (verb) {
    case 'STAT': {
      if (args.length !== 0) return null;
      const listing = view.listing();
      return statusLine(`+OK ${listing.length} ${octets(listing)}`);
    }
    case 'LIST':
    case 'UIDL':
      return listing(verb, args, view);
    case 'RETR': {
      if (args.length !== 1) return null;
      const found = view.find(args[0]);
      if ('error' in found) return statusLine(found.error);
      return multiLine(`+OK ${found.message.bytes.length} octets`, found.message.bytes);
    }
    case 'TOP': {
      // RFC 1939 §7: TOP msg n, n a non-negative number of body lines.
      if (args.length !== 2) return null;
      const found = view.find(args[0]);
      if ('error' in found) return statusLine(found.error);
      const lines = args[1] ?? '';
      if (!/^[0-9]{1,9}$/.test(lines)) return statusLine(replies.invalidLines);
      return multiLine('+OK', topOf(found.message.bytes, Number(lines)));
    }
    case 'DELE': {
      if (args.length !== 1) return null;
      const found = view.find(args[0]);
      if ('error' in found) return statusLine(found.error);
      view.delete(found.n);
      return statusLine(`+OK Message ${found.n} deleted.`);
    }
    case 'RSET': {
      if (args.length !== 0) return null;
      view.reset();
      const all = view.listing();
      return statusLine(`+OK maildrop has ${all.length} messages (${octets(all)} octets)`);
    }
    case 'NOOP':
      return args.length === 0 ? statusLine('+OK') : null;
    default:
      return null;
  }
}

/** RFC 1939 §5 LIST / §7 UIDL: one message's line with an argument, a listing without. */
function listing(verb: 'LIST' | 'UIDL', args: readonly string[], view: MaildropView): Buffer | null {
  if (args.length > 1) return null;
  const field = (size: number, uidl: string): string => (verb === 'LIST' ? String(size) : uidl);
  if (args.length === 1) {
    const found = view.find(args[0]);
    if ('error' in found) return statusLine(found.error);
    return statusLine(`+OK ${found.n} ${field(listedSize(found.message), found.message.uidl)}`);
  }
  const all = view.listing();
  const status = verb === 'LIST' ? `+OK ${all.length} messages (${octets(all)} octets)` : '+OK';
  return multiLine(
    status,
    all.map((m) => `${m.n} ${field(m.size, m.uidl)}`),
  );
}

function octets(listing: ReadonlyArray<{ size: number }>): number {
  return listing.reduce((sum, m) => sum + m.size, 0);
}
