// The TRANSACTION state's default answers (RFC 1939 §5 and §7), as bytes to send.
import { multiLine, topOf, type MaildropView } from './maildrop.ts';

const line = (text: string): Buffer => Buffer.from(`${text}\r\n`);

/**
 * The response to a TRANSACTION command, or null when `verb` is not one. DELE and RSET
 * change the view's deletion marks; nothing here touches the shared mailbox.
 */
export function transactionResponse(verb: string, arg: string, view: MaildropView): Buffer | null {
  const args = arg === '' ? [] : arg.split(' ');
  switch (verb) {
    case 'STAT': {
      const listing = view.listing();
      const octets = listing.reduce((sum, m) => sum + m.size, 0);
      return line(`+OK ${listing.length} ${octets}`);
    }
    case 'LIST':
    case 'UIDL': {
      // RFC 1939 §5 LIST / §7 UIDL: one message with an argument, a listing without.
      const field = (m: { size: number; uidl: string }): string => (verb === 'LIST' ? String(m.size) : m.uidl);
      if (args.length > 0) {
        const found = view.find(args[0]);
        if ('error' in found) return line(found.error);
        return line(`+OK ${found.n} ${field({ size: found.listedSize, uidl: found.uidl })}`);
      }
      const listing = view.listing();
      const octets = listing.reduce((sum, m) => sum + m.size, 0);
      const status = verb === 'LIST' ? `+OK ${listing.length} messages (${octets} octets)` : '+OK';
      return multiLine(status, listing.map((m) => `${m.n} ${field(m)}`));
    }
    case 'RETR': {
      const found = view.find(args[0]);
      if ('error' in found) return line(found.error);
      return multiLine(`+OK ${found.bytes.length} octets`, found.bytes);
    }
    case 'TOP': {
      const found = view.find(args[0]);
      if ('error' in found) return line(found.error);
      const lines = args[1];
      if (lines === undefined || !/^[0-9]+$/.test(lines)) return line('-ERR Invalid number of lines.');
      return multiLine('+OK', topOf(found.bytes, Number(lines)));
    }
    case 'DELE': {
      const found = view.find(args[0]);
      if ('error' in found) return line(found.error);
      view.delete(found.n);
      return line(`+OK Message ${found.n} deleted.`);
    }
    case 'RSET': {
      view.reset();
      const listing = view.listing();
      const octets = listing.reduce((sum, m) => sum + m.size, 0);
      return line(`+OK maildrop has ${listing.length} messages (${octets} octets)`);
    }
    case 'NOOP':
      return line('+OK');
    default:
      return null;
  }
}
