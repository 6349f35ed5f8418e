// The one table from channel to handler. Its type is a mapped type over the contract's
// channels, so a channel without a handler — or a handler with the wrong arguments or result —
// is a compile error. Arguments arrive already checked against the channel's schema
// (engine.ts runs validateCall first).
import type { Channel, ChannelArgs, ChannelResults } from '../../shared/contract.ts';
import { testOutgoingServer } from './accounts-smtp.ts';
import { addAccountFromWindow, listAccountViews, removeAccountFromWindow, updateAccountFromWindow } from './accounts.ts';
import { testConnection } from './connection-test.ts';
import type { EngineContext } from './context.ts';
import { diagnosticsView } from './diagnostics.ts';
import { EngineError } from './errors.ts';
import { conversationMessages } from './conversation.ts';
import { addFolder, foldersView, removeFolderFromWindow, renameFolderFromWindow } from './folders.ts';
import {
  allowRemote,
  countMessageQuery,
  deletePermanently,
  flag,
  markRead,
  move,
  moveToTrash,
  pageMessages,
  readMessage,
  restore,
  revert,
} from './messages.ts';
import {
  attachToDraft,
  composeAddresses,
  composeForward,
  composeMailto,
  composeNew,
  composeReply,
  detachFromDraft,
  getDraftView,
  listDraftViews,
  removeDraftFromWindow,
  saveDraftFromWindow,
} from './compose.ts';
import { cancelOutbox, listOutbox, resolveUnknown, retryOutbox, sendDraft } from './outbox-channels.ts';
import { emptyTrash } from './trash.ts';
import { checkNow, pauseAll, syncStatuses } from './sync.ts';
import { listRemoteGrants, revokeRemoteGrant } from './remote-content.ts';

export type Handlers = {
  readonly [C in Channel]: (ctx: EngineContext, ...args: ChannelArgs<C>) => Promise<ChannelResults[C]> | ChannelResults[C];
};

export const handlers: Handlers = {
  'accounts.list': (ctx) => listAccountViews(ctx),
  'accounts.add': (ctx, input) => addAccountFromWindow(ctx, input),
  'accounts.update': (ctx, id, patch) => updateAccountFromWindow(ctx, id, patch),
  'accounts.remove': (ctx, id) => removeAccountFromWindow(ctx, id),
  'accounts.test': (ctx, input) => testConnection(ctx, input),
  'accounts.testSmtp': (ctx, input) => testOutgoingServer(ctx, input),
  'messages.page': (ctx, query) => pageMessages(ctx, query),
  'messages.count': (ctx, query) => countMessageQuery(ctx, query),
  'messages.get': (ctx, id) => readMessage(ctx, id),
  'messages.markRead': (ctx, ids, read) => markRead(ctx, ids, read),
  'messages.flag': (ctx, ids, flagged) => flag(ctx, ids, flagged),
  'messages.delete': (ctx, ids) => moveToTrash(ctx, ids),
  'messages.move': (ctx, ids, to) => move(ctx, ids, to),
  'messages.restore': (ctx, ids) => restore(ctx, ids),
  'messages.deletePermanently': (ctx, ids) => deletePermanently(ctx, ids),
  'messages.revert': (ctx, states) => revert(ctx, states),
  'messages.conversation': (ctx, id) => conversationMessages(ctx, id),
  'folders.list': (ctx) => foldersView(ctx),
  'folders.create': (ctx, accountId, name) => addFolder(ctx, accountId, name),
  'folders.rename': (ctx, id, name) => renameFolderFromWindow(ctx, id, name),
  'folders.remove': (ctx, id) => removeFolderFromWindow(ctx, id),
  'trash.empty': (ctx, accountId) => emptyTrash(ctx, accountId),
  'messages.allowRemoteContent': (ctx, id, scope) => allowRemote(ctx, id, scope),
  'remoteContent.list': (ctx) => listRemoteGrants(ctx),
  'remoteContent.revoke': (ctx, kind, value) => revokeRemoteGrant(ctx, kind, value),
  'sync.status': (ctx) => syncStatuses(ctx),
  'sync.checkNow': (ctx, id) => checkNow(ctx, id),
  'sync.pauseAll': (ctx, paused) => pauseAll(ctx, paused),
  'diagnostics.get': (ctx, id) => diagnosticsView(ctx, id),
  'drafts.list': (ctx, accountId) => listDraftViews(ctx, accountId),
  'drafts.get': (ctx, id) => getDraftView(ctx, id),
  'drafts.save': (ctx, input) => saveDraftFromWindow(ctx, input),
  'drafts.remove': (ctx, id) => removeDraftFromWindow(ctx, id),
  'drafts.attach': (ctx, id, input) => attachToDraft(ctx, id, input),
  'drafts.detach': (ctx, id, index) => detachFromDraft(ctx, id, index),
  'compose.new': (ctx, accountId) => composeNew(ctx, accountId),
  'compose.mailto': (ctx, accountId, url) => composeMailto(ctx, accountId, url),
  'compose.reply': (ctx, id, all) => composeReply(ctx, id, all),
  'compose.forward': (ctx, id, how) => composeForward(ctx, id, how),
  'compose.addresses': (ctx, typed, limit) => composeAddresses(ctx, typed, limit),
  'outbox.send': (ctx, draftId, holdSeconds) => sendDraft(ctx, draftId, holdSeconds),
  'outbox.list': (ctx, accountId) => listOutbox(ctx, accountId),
  'outbox.retry': (ctx, id) => retryOutbox(ctx, id),
  'outbox.resolveUnknown': (ctx, id, answer) => resolveUnknown(ctx, id, answer),
  'outbox.cancel': (ctx, id) => cancelOutbox(ctx, id),
  'demo.holdMailbox': (ctx, held) => {
    if (ctx.demo === null) throw new EngineError('unavailable', 'There is no demo mailbox: start Poplar with --demo to use one.');
    ctx.demo.hold(held);
    return { held };
  },
};
