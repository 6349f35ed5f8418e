// What a real server serves, read back with Poplar's own client: the bytes each RETR returns,
// by UIDL, to compare with what Poplar stored.
import type { Pop3Client } from '../../electron/pop3/client.ts';
import type { UidlEntry } from '../../electron/pop3/commands/maildrop.ts';

/** UIDL → the bytes RETR serves, for every message of `listing` (retrieved pipelined). */
export async function servedBodies(client: Pop3Client, listing: readonly UidlEntry[]): Promise<Map<string, Buffer>> {
  const bodies = new Map<string, Buffer>();
  const chunks = new Map<number, Buffer[]>();
  await client.retrMany(
    listing.map((e) => e.msg),
    (msg) => {
      const list: Buffer[] = [];
      chunks.set(msg, list);
      return (chunk) => void list.push(Buffer.from(chunk));
    },
    ({ msg }) => {
      const uidl = listing.find((e) => e.msg === msg)?.uidl ?? '';
      bodies.set(uidl, Buffer.concat(chunks.get(msg) ?? []));
    },
  );
  return bodies;
}
