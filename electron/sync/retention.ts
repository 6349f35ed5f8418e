// Which messages are due for DELE under an account's retention rule. Pure: the session
// passes the ledger and the clock. The first rule is the product's first promise: only a
// message whose full copy is committed locally may ever be deleted on the server.
import type { Retention } from '../../shared/account.ts';
import type { LedgerEntry } from '../store/ledger.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The UIDLs among `onServer` that the rule says to delete now. */
export function dueForDeletion(retention: Retention, onServer: Iterable<LedgerEntry>, now: number): string[] {
  const due: string[] = [];
  for (const entry of onServer) {
    if (entry.storedAt === null || entry.partial || entry.deletedOnServerAt !== null) continue;
    if (isDue(retention, entry, entry.storedAt, now)) due.push(entry.uidl);
  }
  return due;
}

function isDue(retention: Retention, entry: LedgerEntry, storedAt: number, now: number): boolean {
  switch (retention.kind) {
    case 'leave':
      return retention.deleteWhenDeletedLocally && entry.deletedLocally;
    case 'delete-after-download':
      return true;
    case 'delete-after-days':
      return (retention.deleteWhenDeletedLocally && entry.deletedLocally) || now - storedAt >= retention.days * DAY_MS;
    default: {
      const unreachable: never = retention;
      return unreachable;
    }
  }
}
