// messages.* : pages of the Inbox or Trash (newest first, full-text search), one message with
// its body parsed from the stored .eml, read marks, moving to Trash, and the remote-content
// allow list. The HTML goes to the window as received: the renderer sanitises it and shows it
// in a sandboxed frame.
import type { MessageQuery, MessageSummaryView, MessageView } from '../../shared/contract.ts';
import { readTransaction, transaction } from '../store/database.ts';
import { countMessages, getMessage, listMessages, setDeletedLocally, setRead, type MessageQuery as StoreQuery } from '../store/messages.ts';
import { parseMessageFile } from '../mime/parse.ts';
import { allowRemoteContent, remoteContentAllowed } from '../store/remote-content.ts';
import type { EngineContext } from './context.ts';
import { EngineError, notFound } from './errors.ts';
import { messageSummaryView } from './views.ts';

export function pageMessages(ctx: EngineContext, q: MessageQuery): { total: number; items: MessageSummaryView[] } {
  const query: StoreQuery = {
    folder: q.folder,
    ...(q.accountId !== null ? { accountId: q.accountId } : {}),
    ...(q.search !== undefined ? { search: q.search } : {}),
  };
  // One read transaction, so the count and the page see the same messages while a sync commits.
  // (Another process — `poplar sync` from cron — may commit between two statements.)
  const db = ctx.profile.db;
  const read = (): { total: number; items: MessageSummaryView[] } => ({
    total: countMessages(db, query),
    items: listMessages(db, { ...query, limit: q.limit, offset: q.offset }).map(messageSummaryView),
  });
  return readTransaction(db, read);
}

export async function readMessage(ctx: EngineContext, id: number): Promise<MessageView> {
  const db = ctx.profile.db;
  const m = getMessage(db, id);
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
 * that an account's removal has just emptied, and there is nothing left to mark.
 */
export function markRead(ctx: EngineContext, ids: readonly number[], read: boolean): null {
  transaction(ctx.profile.db, () => {
    for (const id of ids) setRead(ctx.profile.db, id, read);
  });
  return null;
}

/** Moves to Trash; with "delete when deleted here" the next check deletes them on the server. */
export function moveToTrash(ctx: EngineContext, ids: readonly number[]): null {
  transaction(ctx.profile.db, () => {
    for (const id of ids) setDeletedLocally(ctx.profile.db, id, true);
  });
  return null;
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
