// messages.* : pages of the Inbox or Trash (newest first, full-text search), one message with
// its body parsed from the stored .eml, read marks, moving to Trash, and the remote-content
// allow list. The HTML goes to the window as received: the renderer sanitises it and shows it
// in a sandboxed frame.
import type {
  ChangeView,
  FolderRef,
  MessageCountQuery,
  MessageQuery,
  MessageStateView,
  MessageSummaryView,
  MessageView,
} from '../../shared/contract.ts';
import { readTransaction, transaction } from '../store/database.ts';
import { findFolder } from '../store/folders.ts';
import {
  flagMessages,
  markMessagesRead,
  messageStates,
  moveMessages,
  removeMessages,
  restoreMessages,
  revertStates,
} from '../store/message-state.ts';
import { countMessages, getMessage, listMessages, type MessageQuery as StoreQuery } from '../store/messages.ts';
import { removeFiles } from './trash.ts';
import { parseMessageFile } from '../mime/parse.ts';
import { isUnindexed, recordAnalysis } from '../store/message-insert.ts';
import { allowRemoteContent, remoteContentAllowed } from '../store/remote-content.ts';
import type { EngineContext } from './context.ts';
import { EngineError, notFound } from './errors.ts';
import { messageSummaryView } from './views.ts';

function storeQuery(q: MessageCountQuery & Partial<Pick<MessageQuery, 'sort' | 'descending'>>): StoreQuery {
  return {
    folder: q.folder,
    ...(q.accountId !== null ? { accountId: q.accountId } : {}),
    ...(q.search !== undefined ? { search: q.search } : {}),
    ...(q.only !== undefined ? { only: q.only } : {}),
    ...(q.sort !== undefined ? { sort: q.sort } : {}),
    ...(q.descending !== undefined ? { descending: q.descending } : {}),
    ...(q.conversations !== undefined ? { conversations: q.conversations } : {}),
  };
}

export async function pageMessages(ctx: EngineContext, q: MessageQuery): Promise<{ total: number | null; items: MessageSummaryView[] }> {
  await unlessSuperseded(ctx, q.supersedes);
  const query = storeQuery(q);
  // One read transaction, so the count and the page see the same messages while a sync commits.
  // (Another process — `poplar sync` from cron — may commit between two statements.)
  const db = ctx.profile.db;
  const read = (): { total: number | null; items: MessageSummaryView[] } => {
    const items = listMessages(db, { ...query, limit: q.limit, offset: q.offset }).map(messageSummaryView);
    // A short page that is not empty tells the total without counting (an empty one may lie past the end).
    const exact = items.length > 0 && items.length < q.limit ? q.offset + items.length : null;
    return { total: exact ?? (q.count === false ? null : countMessages(db, query)), items };
  };
  return readTransaction(db, read);
}

export async function countMessageQuery(ctx: EngineContext, q: MessageCountQuery): Promise<number> {
  await unlessSuperseded(ctx, q.supersedes);
  return countMessages(ctx.profile.db, storeQuery(q));
}

/** The newest request seen for each key, per engine ('supersedes' in shared/contract.ts). */
const newest = new WeakMap<EngineContext, Map<string, object>>();
/** Keys are one per window and purpose; past this many, the oldest are forgotten. */
const MAX_KEYS = 64;

/**
 * Lets the event loop read what else has arrived (setImmediate runs after the poll phase) and
 * refuses the request when a newer one with its key came meanwhile: while a long query runs,
 * the keystrokes typed meanwhile pile up, and only the last of them is worth answering.
 */
async function unlessSuperseded(ctx: EngineContext, key: string | undefined): Promise<void> {
  if (key === undefined) return;
  let keys = newest.get(ctx);
  if (!keys) newest.set(ctx, (keys = new Map()));
  const mine = {};
  keys.delete(key);
  keys.set(key, mine);
  if (keys.size > MAX_KEYS) keys.delete(keys.keys().next().value as string);
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (keys.get(key) !== mine) throw new EngineError('unavailable', 'A newer query from the window replaced this one.');
}

export async function readMessage(ctx: EngineContext, id: number): Promise<MessageView> {
  const db = ctx.profile.db;
  let m = getMessage(db, id);
  if (!m) throw notFound(`message with id ${id}`);
  let parsed;
  try {
    parsed = await parseMessageFile(ctx.profile.files.absolute(m.path), { partial: m.partial });
  } catch (error) {
    // parseMessageFile throws only when the file cannot be read (parse.ts).
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new EngineError(
      'unavailable',
      `The stored copy of this message cannot be read (${code}). It may have been moved or deleted outside Poplar.`,
    );
  }
  // Opened before the analysis workers came to it: this parse is its analysis, recorded now
  // (its parts get the ids the attachment links need) instead of waiting its turn.
  if (isUnindexed(db, id) && transaction(db, () => recordAnalysis(db, id, parsed, ctx.clock.now()))) m = getMessage(db, id) ?? m;
  return {
    ...messageSummaryView(m),
    to: m.to.map((a) => ({ name: a.name, address: a.address })),
    cc: m.cc.map((a) => ({ name: a.name, address: a.address })),
    text: parsed.text,
    html: parsed.html,
    attachments: m.attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
      contentId: a.contentId,
      inline: a.inline,
    })),
    parseError: m.parseError ?? parsed.parseError,
    remoteContentAllowed: remoteContentAllowed(db, m.id, m.fromAddress),
  };
}

/**
 * Ids that no longer exist are skipped rather than refused: the window may act on a list
 * that an account's removal has just emptied, and there is nothing left to mark. Each change
 * answers the states before it, for the window's undo ('messages.revert').
 */
export function markRead(ctx: EngineContext, ids: readonly number[], read: boolean): ChangeView {
  return { before: transaction(ctx.profile.db, () => markMessagesRead(ctx.profile.db, ids, read)) };
}

export function flag(ctx: EngineContext, ids: readonly number[], flagged: boolean): ChangeView {
  return { before: transaction(ctx.profile.db, () => flagMessages(ctx.profile.db, ids, flagged)) };
}

/** Moves to Trash; with "delete when deleted here" the next check deletes them on the server. */
export function moveToTrash(ctx: EngineContext, ids: readonly number[]): ChangeView {
  return move(ctx, ids, 'trash');
}

/** Files messages in a folder. An account's own folder takes only that account's messages. */
export function move(ctx: EngineContext, ids: readonly number[], to: FolderRef): ChangeView {
  const db = ctx.profile.db;
  // Sent holds only what the outgoing server accepted (engine/outbox.ts): nothing is filed there by hand.
  if (to === 'sent') throw new EngineError('invalid-argument', 'Sent holds only messages Poplar has sent; messages cannot be moved there.');
  const before = transaction(db, () => {
    if (typeof to === 'number') {
      const folder = findFolder(db, to);
      if (folder === null) throw notFound(`folder with id ${to}`);
      const foreign = folder.accountId === null ? [] : messageStates(db, ids).filter((s) => s.accountId !== folder.accountId);
      if (foreign.length > 0) {
        throw new EngineError(
          'invalid-argument',
          `The folder '${folder.name}' belongs to another account; move these messages to a local folder instead.`,
        );
      }
    }
    return moveMessages(db, ids, to, ctx.clock.now());
  });
  if (before.length > 0) ctx.events.emit('folders.changed', {});
  return { before };
}

export function restore(ctx: EngineContext, ids: readonly number[]): ChangeView {
  const before = transaction(ctx.profile.db, () => restoreMessages(ctx.profile.db, ids));
  if (before.length > 0) ctx.events.emit('folders.changed', {});
  return { before };
}

export function revert(ctx: EngineContext, states: readonly MessageStateView[]): null {
  const changed = transaction(ctx.profile.db, () => revertStates(ctx.profile.db, states, ctx.clock.now()));
  if (changed > 0) ctx.events.emit('folders.changed', {});
  return null;
}

/** Deletes row and file; the ledger keeps the UIDL (store/message-state.ts removeMessages). */
export async function deletePermanently(ctx: EngineContext, ids: readonly number[]): Promise<{ removed: number }> {
  const { removed, paths } = transaction(ctx.profile.db, () => removeMessages(ctx.profile.db, ids, ctx.clock.now()));
  await removeFiles(ctx, paths);
  if (removed > 0) ctx.events.emit('folders.changed', {});
  return { removed };
}

export function allowRemote(ctx: EngineContext, id: number, scope: 'message' | 'sender'): null {
  const m = getMessage(ctx.profile.db, id);
  if (!m) throw notFound(`message with id ${id}`);
  if (scope === 'sender' && m.fromAddress.trim() === '') {
    throw new EngineError('invalid-argument', 'This message has no sender address; allow remote content for this message instead.');
  }
  allowRemoteContent(ctx.profile.db, scope, id, m.fromAddress, ctx.clock.now());
  return null;
}
