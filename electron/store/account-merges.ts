// Accounts that the mailbox-key migration (rekey-migration.ts) found to be one mailbox and merged
// into the first. The user is told once, at the next `poplar account list`.
import type { DatabaseSync } from 'node:sqlite';

export interface AccountMerge {
  readonly id: number;
  /** The account kept. */
  readonly accountName: string;
  readonly accountHost: string;
  readonly accountPort: number;
  readonly mergedName: string;
  readonly mergedHost: string;
  readonly mergedPort: number;
  readonly user: string;
  readonly moved: number;
  readonly duplicates: number;
}

/** Merges not yet told to the user. */
export function untoldMerges(db: DatabaseSync): AccountMerge[] {
  return db
    .prepare(
      `SELECT m.id AS id, a.name AS accountName, a.host AS accountHost, a.port AS accountPort, m.merged_name AS mergedName,
      m.merged_host AS mergedHost, m.merged_port AS mergedPort, m.merged_user AS user, m.moved AS moved, m.duplicates AS duplicates
    FROM account_merges m JOIN accounts a ON a.id = m.account_id WHERE m.shown_at IS NULL ORDER BY m.id`,
    )
    .all() as unknown as AccountMerge[];
}

export function markMergesTold(db: DatabaseSync, ids: readonly number[], now: number): void {
  const mark = db.prepare('UPDATE account_merges SET shown_at = ? WHERE id = ?');
  for (const id of ids) mark.run(now, id);
}

export function describeMerge(m: AccountMerge): string {
  const copies = m.duplicates === 1 ? '1 second copy of a message was removed' : `${m.duplicates} second copies of messages were removed`;
  return (
    `Note: accounts '${m.accountName}' (${m.accountHost}:${m.accountPort}) and '${m.mergedName}' (${m.mergedHost}:${m.mergedPort}) ` +
    `were the same mailbox of user ${m.user}, so Poplar merged them into '${m.accountName}': ` +
    `${m.moved} message${m.moved === 1 ? '' : 's'} moved over and ${copies}. Nothing on the server was touched. ` +
    `Two accounts on one mailbox stored every message twice and opened two sessions on the server at once.`
  );
}
