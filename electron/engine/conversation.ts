// messages.conversation: every message of a message's conversation in its account, except
// Trash, oldest first (the reading pane's stack). Minimal version; helper H2 owns it from here.
import type { MessageSummaryView } from '../../shared/contract.ts';
import { prepared } from '../store/statements.ts';
import { getMessage, summary, type Row } from '../store/messages.ts';
import type { EngineContext } from './context.ts';
import { notFound } from './errors.ts';
import { messageSummaryView } from './views.ts';

export function conversationMessages(ctx: EngineContext, id: number): MessageSummaryView[] {
  const db = ctx.profile.db;
  const m = getMessage(db, id);
  if (m === null) throw notFound(`message with id ${id}`);
  // A message opened from Trash is its own conversation there: the rest of its thread is elsewhere.
  if (m.folder === 'trash') return [messageSummaryView(m)];
  const rows = prepared(
    db,
    `SELECT * FROM messages INDEXED BY messages_by_thread WHERE account_id = ? AND thread_id = ? AND deleted_locally = 0
    ORDER BY COALESCE(date, received_at), id`,
  ).all(m.accountId, m.threadId) as unknown as Row[];
  return rows.map((r) => messageSummaryView(summary(r)));
}
