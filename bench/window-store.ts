// The store API bench:window writes its profile with, loaded from a source tree: this one, or
// another checkout given with --tree (the "before" of a change), so each tree's profile has
// that tree's own schema and indexes. The functions keep their signatures across trees;
// insertMessage moved from messages.ts to message-insert.ts (issue 13), so both are looked for.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

type Accounts = typeof import('../electron/store/accounts.ts');
type Database = typeof import('../electron/store/database.ts');
type Ledger = typeof import('../electron/store/ledger.ts');
type Insert = typeof import('../electron/store/message-insert.ts');
type Messages = typeof import('../electron/store/messages.ts');
type Profile = typeof import('../electron/store/profile.ts');

export interface StoreApi {
  readonly openProfile: Profile['openProfile'];
  readonly addAccount: Accounts['addAccount'];
  readonly transaction: Database['transaction'];
  readonly insertMessage: Insert['insertMessage'];
  readonly recordStored: Ledger['recordStored'];
  readonly setRead: Messages['setRead'];
  readonly setDeletedLocally: Messages['setDeletedLocally'];
  readonly countMessages: Messages['countMessages'];
}

export async function storeApi(root: string): Promise<StoreApi> {
  const load = <T>(file: string): Promise<T> => import(pathToFileURL(path.join(root, 'electron/store', file)).href) as Promise<T>;
  const messages = await load<Messages>('messages.ts');
  const insertFile = path.join(root, 'electron/store/message-insert.ts');
  const insert = existsSync(insertFile) ? await load<Insert>('message-insert.ts') : (messages as unknown as Insert);
  if (typeof insert.insertMessage !== 'function') throw new Error(`${root}: no insertMessage in electron/store`);
  return {
    openProfile: (await load<Profile>('profile.ts')).openProfile,
    addAccount: (await load<Accounts>('accounts.ts')).addAccount,
    transaction: (await load<Database>('database.ts')).transaction,
    insertMessage: insert.insertMessage,
    recordStored: (await load<Ledger>('ledger.ts')).recordStored,
    setRead: messages.setRead,
    setDeletedLocally: messages.setDeletedLocally,
    countMessages: messages.countMessages,
  };
}

/** The tree's schema as its migrations' source: a cached profile is reused only under the same one. */
export function schemaHash(root: string): string {
  const source = readFileSync(path.join(root, 'electron/store/migrations.ts'));
  return createHash('sha256').update(source).digest('hex').slice(0, 8);
}
