// The Outbox's channels (shared/compose-contract.ts). 'outbox.send' composes the draft's exact
// bytes (mime/compose.ts), checks them, and puts them in the outbox and removes the draft in ONE
// transaction, before any network traffic: a crash leaves the draft or the queued item, never
// both and never neither. The sender (sender.ts) takes it from there.
import type { Account, Identity } from '../../shared/account.ts';
import { isEmailAddress } from '../../shared/account-rules.ts';
import type { DraftView, OutboxItemView } from '../../shared/compose-contract.ts';
import { composeMessage, newMessageId } from '../mime/compose.ts';
import { transaction } from '../store/database.ts';
import { getDraft, removeDraft, saveDraft } from '../store/drafts.ts';
import { failureWords } from '../store/outbox-states.ts';
import { applyEvent, enqueue, getItem, listPending, removeUnsent, type OutboxItem } from '../store/outbox.ts';
import { summariseHeaders } from '../mime/header-summary.ts';
import { headerBlockOf } from '../store/sent-header-block.ts';
import { oversizeProblem, smtpSizeLimit } from '../store/smtp-size.ts';
import { draftView } from './compose.ts';
import { draftFieldsOf } from './draft-from-bytes.ts';
import { requireAccount, type EngineContext } from './context.ts';
import { EngineError, notFound } from './errors.ts';
import { recordSent } from './outbox.ts';

/** What the window shows of an item: its subject and recipients are read back from its own bytes. */
export function outboxItemView(item: OutboxItem, createdAt: number): OutboxItemView {
  const h = summariseHeaders(headerBlockOf(item.raw));
  const problem =
    item.state === 'unknown' && item.failureKind === null
      ? 'Poplar stopped while this message was being sent. It may or may not have arrived: ask a recipient, then say whether to send it again.'
      : item.failureKind !== null && (item.state === 'failed' || item.state === 'retry' || item.state === 'unknown')
        ? failureWords(item.failureKind)
        : null;
  return {
    id: item.id,
    accountId: item.accountId,
    subject: h.subject,
    to: [...item.envelope.to],
    state: item.state,
    attempts: item.attempts,
    // A retry's time, or the end of a queued message's undo-send hold.
    nextAttemptAt: item.state === 'retry' || item.state === 'queued' ? item.nextAttemptAt : null,
    problem,
    serverResponse: item.state === 'sent' ? null : item.failureResponse,
    createdAt,
  };
}

function createdAt(ctx: EngineContext, id: number): number {
  const row = ctx.profile.db.prepare('SELECT created_at AS c FROM outbox WHERE id = ?').get(id) as { c: number } | undefined;
  return row?.c ?? 0;
}

function view(ctx: EngineContext, id: number): OutboxItemView {
  const item = getItem(ctx.profile.db, id);
  if (item === null) throw notFound(`outbox item with id ${id}`);
  return outboxItemView(item, createdAt(ctx, id));
}

function told(ctx: EngineContext, item: OutboxItemView): void {
  ctx.events.emit('outbox.changed', { accountId: item.accountId, id: item.id, state: item.state });
  ctx.events.emit('folders.changed', {});
}

/** The account's identity; without one, its login when that is an address (as `poplar send`). */
function senderOf(account: Account): Identity | null {
  if (account.identity) return account.identity;
  return isEmailAddress(account.user) ? { fromName: '', fromAddress: account.user, replyTo: null, signature: '' } : null;
}

const invalid = (message: string): EngineError => new EngineError('invalid-argument', message);

export async function sendDraft(ctx: EngineContext, draftId: number, holdSeconds = 0): Promise<OutboxItemView> {
  const draft = getDraft(ctx.profile.db, draftId);
  if (draft === null) throw notFound(`draft with id ${draftId}: it was sent or deleted`);
  const account = requireAccount(ctx, draft.accountId);
  if (!account.smtp) throw invalid(`The account ${account.name} has no outgoing server: set one in its settings to send mail.`);
  const identity = senderOf(account);
  if (identity === null) throw invalid(`The account ${account.name} has no sender address: set one in its settings.`);
  const f = draft.fields;
  const everyone = [...f.to, ...f.cc, ...f.bcc];
  if (everyone.length === 0) throw invalid('Say who the message is for: add a recipient.');
  const bad = everyone.filter((a) => !isEmailAddress(a.address.trim()));
  if (bad.length > 0)
    throw invalid(
      `${bad.map((a) => `"${a.address}"`).join(', ')} ${bad.length === 1 ? 'is not an email address' : 'are not email addresses'}.`,
    );
  if (/[\r\n]/.test(f.subject)) throw invalid('The subject must be one line.');
  const from = { name: identity.fromName, address: identity.fromAddress };
  const trim = (list: typeof f.to): typeof f.to => list.map((a) => ({ name: a.name.trim(), address: a.address.trim() }));
  const composed = await composeMessage({
    from,
    to: trim(f.to),
    cc: trim(f.cc),
    bcc: trim(f.bcc),
    replyTo: identity.replyTo === null ? null : { name: '', address: identity.replyTo },
    subject: f.subject,
    text: f.text,
    html: f.html,
    inReplyTo: f.inReplyTo,
    references: f.references,
    attachments: f.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.base64, 'base64') })),
    messageId: newMessageId(from.address),
    date: ctx.clock.now(),
  });
  const tooLarge = oversizeProblem(composed.raw.length, smtpSizeLimit(ctx.profile.db, account.id));
  if (tooLarge !== null) throw invalid(tooLarge);
  const id = transaction(ctx.profile.db, () => {
    // Saved again meanwhile (the window's autosave raced the click): send what was checked.
    if (!removeDraft(ctx.profile.db, draftId)) throw notFound(`draft with id ${draftId}: it was sent or deleted`);
    const now = ctx.clock.now();
    return enqueue(ctx.profile.db, account.id, composed, now, holdSeconds > 0 ? now + holdSeconds * 1000 : null);
  });
  ctx.events.emit('drafts.changed', { accountId: account.id });
  const queued = view(ctx, id);
  told(ctx, queued);
  ctx.outbox.wake();
  return queued;
}

export function listOutbox(ctx: EngineContext, accountId: number | null): OutboxItemView[] {
  return listPending(ctx.profile.db, accountId).map((item) => outboxItemView(item, createdAt(ctx, item.id)));
}

export function retryOutbox(ctx: EngineContext, id: number): OutboxItemView {
  const item = getItem(ctx.profile.db, id);
  if (item === null) throw notFound(`outbox item with id ${id}`);
  if (!applyEvent(ctx.profile.db, id, { type: 'user-retry' }, ctx.clock.now()))
    throw invalid(
      item.state === 'unknown'
        ? 'This message may have arrived: say whether it was sent or should be sent again.'
        : `This message is ${item.state}, not waiting or failed.`,
    );
  const v = view(ctx, id);
  told(ctx, v);
  ctx.outbox.wake();
  return v;
}

export async function resolveUnknown(ctx: EngineContext, id: number, answer: 'sent' | 'resend'): Promise<OutboxItemView> {
  const item = getItem(ctx.profile.db, id);
  if (item === null) throw notFound(`outbox item with id ${id}`);
  if (item.state !== 'unknown') throw invalid(`This message is ${item.state}: only a message whose outcome is unknown asks this.`);
  const event = { type: 'resolve', answer: answer === 'sent' ? 'sent' : 'send-again' } as const;
  const moved =
    answer === 'sent'
      ? await recordSent(ctx.profile.db, item, event, ctx.clock.now(), null, ctx.profile.files)
      : applyEvent(ctx.profile.db, id, event, ctx.clock.now());
  if (!moved) throw new EngineError('conflict', 'This message changed meanwhile: look at the outbox again.');
  const v = view(ctx, id);
  told(ctx, v);
  if (answer === 'resend') ctx.outbox.wake();
  return v;
}

/** Back to a draft: its fields are read back from the exact bytes (mime/parse.ts) and its attachments kept. */
export async function cancelOutbox(ctx: EngineContext, id: number): Promise<DraftView> {
  const item = getItem(ctx.profile.db, id);
  if (item === null) throw notFound(`outbox item with id ${id}`);
  if (item.state === 'sending' || item.state === 'sent')
    throw invalid(`This message is ${item.state === 'sent' ? 'sent' : 'being sent now'}: it cannot be taken back.`);
  const fields = await draftFieldsOf(item.raw, item.envelope.to);
  const draftId = transaction(ctx.profile.db, () => {
    if (!removeUnsent(ctx.profile.db, id)) throw new EngineError('conflict', 'This message is being sent now: it cannot be taken back.');
    return saveDraft(ctx.profile.db, null, item.accountId, fields, ctx.clock.now());
  });
  ctx.events.emit('outbox.changed', { accountId: item.accountId, id, state: item.state });
  ctx.events.emit('drafts.changed', { accountId: item.accountId });
  ctx.events.emit('folders.changed', {});
  const d = getDraft(ctx.profile.db, draftId);
  if (d === null) throw notFound(`draft with id ${draftId}`);
  return draftView(d);
}
