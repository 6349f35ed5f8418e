// The composer's channels (shared/compose-contract.ts): drafts and their attachments, new
// drafts (blank, mailto:, reply, forward) and the address completions. Every draft change is
// one statement (store/drafts.ts) and is followed by 'drafts.changed' and 'folders.changed'
// (the sidebar counts drafts).
import { readFile } from 'node:fs/promises';
import type { Identity } from '../../shared/account.ts';
import type { AttachmentInput, ComposeAddressView, DraftInput, DraftView } from '../../shared/compose-contract.ts';
import { prepareForward, prepareReply, forwardAttachmentName } from '../../shared/compose/prepare.ts';
import { MailtoError, parseMailto } from '../../shared/compose/mailto.ts';
import type { OriginalMessage } from '../../shared/compose/types.ts';
import { originalAttachments } from '../mime/original-parts.ts';
import { parseMessageFile } from '../mime/parse.ts';
import { getDraft, listAllDrafts, listDrafts, removeDraft, saveDraft, type Draft, type DraftFields } from '../store/drafts.ts';
import { getMessage } from '../store/messages.ts';
import { addressCompletions } from '../store/address-book.ts';
import { requireAccount, type EngineContext } from './context.ts';
import { EngineError, notFound } from './errors.ts';

/** The most attachment bytes a draft holds: what the largest common submission servers take (SIZE). */
export const MAX_DRAFT_ATTACHMENT_BYTES = 35 * 1024 * 1024;

export function draftView(d: Draft): DraftView {
  const f = d.fields;
  return {
    id: d.id,
    accountId: d.accountId,
    to: f.to.map((a) => ({ name: a.name, address: a.address })),
    cc: f.cc.map((a) => ({ name: a.name, address: a.address })),
    bcc: f.bcc.map((a) => ({ name: a.name, address: a.address })),
    subject: f.subject,
    text: f.text,
    html: f.html,
    inReplyTo: f.inReplyTo,
    references: [...f.references],
    attachments: f.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      size: Buffer.byteLength(a.base64, 'base64'),
    })),
    updatedAt: d.updatedAt,
  };
}

function requireDraft(ctx: EngineContext, id: number): Draft {
  const d = getDraft(ctx.profile.db, id);
  if (d === null) throw notFound(`draft with id ${id}: it was sent or deleted`);
  return d;
}

function changed(ctx: EngineContext, accountId: number): void {
  ctx.events.emit('drafts.changed', { accountId });
  ctx.events.emit('folders.changed', {});
}

function store(ctx: EngineContext, id: number | null, accountId: number, fields: DraftFields): Draft {
  const saved = saveDraft(ctx.profile.db, id, accountId, fields, ctx.clock.now());
  changed(ctx, accountId);
  return requireDraft(ctx, saved);
}

export function listDraftViews(ctx: EngineContext, accountId: number | null): DraftView[] {
  const drafts = accountId === null ? listAllDrafts(ctx.profile.db) : listDrafts(ctx.profile.db, accountId);
  return drafts.map(draftView);
}

export function getDraftView(ctx: EngineContext, id: number): DraftView {
  return draftView(requireDraft(ctx, id));
}

/** The text fields replaced, the attachments kept (compose-contract.ts says why). */
export function saveDraftFromWindow(ctx: EngineContext, input: DraftInput): { id: number; updatedAt: number } {
  requireAccount(ctx, input.accountId);
  const before = input.id === null ? null : requireDraft(ctx, input.id);
  const { id, accountId, ...text } = input;
  const saved = store(ctx, id, accountId, { ...text, attachments: before?.fields.attachments ?? [] });
  return { id: saved.id, updatedAt: saved.updatedAt };
}

export function removeDraftFromWindow(ctx: EngineContext, id: number): null {
  const d = requireDraft(ctx, id);
  removeDraft(ctx.profile.db, id);
  changed(ctx, d.accountId);
  return null;
}

export function attachToDraft(ctx: EngineContext, id: number, input: AttachmentInput): DraftView {
  const d = requireDraft(ctx, id);
  if (/[\r\n\0]/.test(input.filename) || /[\r\n\0]/.test(input.contentType))
    throw new EngineError('invalid-argument', 'A file name or type must be one line.');
  if (!/^[\w.+-]+\/[\w.+-]+$/.test(input.contentType))
    throw new EngineError('invalid-argument', `"${input.contentType}" is not a file type (type/subtype).`);
  const size = Buffer.byteLength(input.base64, 'base64');
  const total = d.fields.attachments.reduce((n, a) => n + Buffer.byteLength(a.base64, 'base64'), size);
  if (total > MAX_DRAFT_ATTACHMENT_BYTES)
    throw new EngineError('invalid-argument', 'The attachments would be larger than 35 MB, more than mail servers accept.');
  // Normalised: what the window sent may have white space or be unpadded; the store keeps canonical base64.
  const base64 = Buffer.from(input.base64, 'base64').toString('base64');
  const attachments = [...d.fields.attachments, { filename: input.filename, contentType: input.contentType, base64 }];
  return draftView(store(ctx, d.id, d.accountId, { ...d.fields, attachments }));
}

export function detachFromDraft(ctx: EngineContext, id: number, index: number): DraftView {
  const d = requireDraft(ctx, id);
  if (index >= d.fields.attachments.length) throw notFound(`attachment ${index} in draft ${id}`);
  const attachments = d.fields.attachments.filter((_, i) => i !== index);
  return draftView(store(ctx, d.id, d.accountId, { ...d.fields, attachments }));
}

const EMPTY: DraftFields = { to: [], cc: [], bcc: [], subject: '', text: '', html: null, inReplyTo: null, references: [], attachments: [] };

/** The identity's signature under a body, after the "-- " line (RFC 3676 §4.3). */
export function signed(body: string, identity: Identity | null | undefined): string {
  if (!identity || identity.signature === '') return body;
  const separator = /^--[ ]?\n/.test(identity.signature) ? '' : '-- \n';
  return `${body}\n\n${separator}${identity.signature}`;
}

export function composeNew(ctx: EngineContext, accountId: number): DraftView {
  const account = requireAccount(ctx, accountId);
  return draftView(store(ctx, null, accountId, { ...EMPTY, text: signed('', account.identity) }));
}

export function composeMailto(ctx: EngineContext, accountId: number, url: string): DraftView {
  const account = requireAccount(ctx, accountId);
  let m;
  try {
    m = parseMailto(url);
  } catch (error) {
    if (error instanceof MailtoError) throw new EngineError('invalid-argument', error.message);
    throw error;
  }
  const fields: DraftFields = {
    ...EMPTY,
    to: m.to,
    cc: m.cc,
    bcc: m.bcc,
    subject: m.subject,
    text: signed(m.body, account.identity),
    inReplyTo: m.inReplyTo,
    references: m.inReplyTo === null ? [] : [m.inReplyTo],
  };
  return draftView(store(ctx, null, accountId, fields));
}

async function original(ctx: EngineContext, messageId: number): Promise<{ accountId: number; raw: Buffer; message: OriginalMessage }> {
  const m = getMessage(ctx.profile.db, messageId);
  if (!m) throw notFound(`message with id ${messageId}`);
  let raw: Buffer;
  try {
    raw = await readFile(ctx.profile.files.absolute(m.path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new EngineError('unavailable', `The stored copy of this message cannot be read (${code}).`);
  }
  const p = await parseMessageFile(raw, { partial: m.partial });
  return {
    accountId: m.accountId,
    raw,
    message: {
      messageId: p.messageId,
      inReplyTo: p.inReplyTo,
      references: p.references,
      subject: p.subject,
      from: p.from,
      replyTo: p.replyTo,
      to: p.to,
      cc: p.cc,
      date: p.date,
      text: p.text,
    },
  };
}

function ownAddresses(ctx: EngineContext, accountId: number): string[] {
  const account = requireAccount(ctx, accountId);
  return [account.identity?.fromAddress, account.identity?.replyTo, account.user].filter((a): a is string => !!a && a.includes('@'));
}

const timeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

export async function composeReply(ctx: EngineContext, messageId: number, all: boolean): Promise<DraftView> {
  const o = await original(ctx, messageId);
  const account = requireAccount(ctx, o.accountId);
  const p = prepareReply(o.message, all, { own: ownAddresses(ctx, o.accountId), timeZone: timeZone() });
  // The signature goes above the quotation, under the space the user writes in.
  const text = signed('', account.identity) + p.text;
  return draftView(store(ctx, null, o.accountId, { ...EMPTY, ...p, text }));
}

export async function composeForward(ctx: EngineContext, messageId: number, how: 'inline' | 'attachment'): Promise<DraftView> {
  const o = await original(ctx, messageId);
  const account = requireAccount(ctx, o.accountId);
  const p = prepareForward(o.message, how === 'inline', { own: ownAddresses(ctx, o.accountId), timeZone: timeZone() });
  const attachments =
    how === 'inline'
      ? (await originalAttachments(o.raw)).map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          base64: a.content.toString('base64'),
        }))
      : // The original's exact bytes (RFC 2046 §5.2.1), so its headers and signatures survive.
        [{ filename: forwardAttachmentName(o.message.subject), contentType: 'message/rfc822', base64: o.raw.toString('base64') }];
  const text = signed('', account.identity) + p.text;
  return draftView(store(ctx, null, o.accountId, { ...EMPTY, ...p, text, attachments }));
}

export function composeAddresses(ctx: EngineContext, prefix: string, limit: number): ComposeAddressView[] {
  return addressCompletions(ctx.profile.db, prefix, limit);
}
