// Who a reply goes to. Reply: the Reply-To, else the From. Reply all: those, plus the
// original To in To and Cc in Cc, without the user's own addresses and without repeats.
// A reply to one's own sent message goes to its original recipients instead.
import type { Address, OriginalMessage } from './types.ts';

export interface Recipients {
  readonly to: readonly Address[];
  readonly cc: readonly Address[];
}

type Parties = Pick<OriginalMessage, 'from' | 'replyTo' | 'to' | 'cc'>;

export function replyRecipients(original: Parties, own: readonly string[], all: boolean): Recipients {
  const mine = new Set(own.map(key));
  const isMine = (a: Address): boolean => mine.has(key(a.address));
  const fromMe = original.from.length > 0 && original.from.every(isMine);
  const primary = fromMe ? original.to : original.replyTo.length > 0 ? original.replyTo : original.from;
  const seen = new Set<string>();
  const keep = (list: readonly Address[], dropMine: boolean): Address[] =>
    list.filter((a) => {
      const k = key(a.address);
      if (k === '' || seen.has(k) || (dropMine && mine.has(k))) return false;
      seen.add(k);
      return true;
    });
  if (!all) return { to: keep(primary, !fromMe), cc: [] };
  const to = keep([...primary, ...(fromMe ? [] : original.to)], true);
  const cc = keep(original.cc, true);
  return { to, cc };
}

function key(address: string): string {
  return address.trim().toLowerCase();
}
