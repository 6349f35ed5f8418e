// The writing half of the contract (issue 15): drafts, the outbox and the composer's helpers.
// contract.ts spreads these channels into its one table, so the engine's handler table and
// the window's API cover them like every other channel.
//
// Why attachments have their own channels: a draft is saved as the user types (every second
// or two); sending its attachments' bytes with every save would copy megabytes per keystroke.
// 'drafts.save' carries the text fields only and keeps the attachments the draft has.
import { array, boolean, integer, literal, nullable, object, string, tuple, type Infer } from './validate.ts';

const id = integer({ min: 1 });

/** An address as the composer holds it; the engine checks it (RFC 5322 addr-spec) before queueing. */
const addressInput = object({ name: string({ max: 200 }), address: string({ max: 320 }) });
export type AddressInput = Infer<typeof addressInput>;

const recipients = array(addressInput, { max: 500 });

/** What the composer saves: everything but the attachments (see above). */
/** The longest undo-send hold 'outbox.send' takes (Gmail's longest is 30 s too). */
export const MAX_SEND_HOLD_SECONDS = 30;

export const draftInput = object({
  /** null: a new draft; the result tells its id. */
  id: nullable(id),
  accountId: id,
  to: recipients,
  cc: recipients,
  bcc: recipients,
  subject: string({ max: 998 }),
  /** The text/plain body; with `html`, the editor's own plain rendering of it. */
  text: string({ max: 5_000_000 }),
  /** The text/html body from the formatted-text editor; null: plain text only. */
  html: nullable(string({ max: 10_000_000 })),
  inReplyTo: nullable(string({ max: 998 })),
  references: array(string({ max: 998 }), { max: 200 }),
});
export type DraftInput = Infer<typeof draftInput>;

/** One file added to a draft. base64 of at most ~36 MB of bytes: the largest submission servers commonly announce (SIZE) is under that. */
export const attachmentInput = object({
  filename: string({ min: 1, max: 255 }),
  contentType: string({ min: 3, max: 255 }),
  base64: string({ max: 48_000_000 }),
});
export type AttachmentInput = Infer<typeof attachmentInput>;

export const composeChannels = {
  /** Drafts of one account, or of all (null): newest first. */
  'drafts.list': tuple(nullable(id)),
  'drafts.get': tuple(id),
  /** Saves the text fields, durably (one statement); a new draft when `id` is null. */
  'drafts.save': tuple(draftInput),
  'drafts.remove': tuple(id),
  'drafts.attach': tuple(id, attachmentInput),
  /** Removes the attachment at this index of the draft's list. */
  'drafts.detach': tuple(id, integer({ min: 0, max: 1000 })),
  /** A new draft of the account, its identity's signature under an empty body. */
  'compose.new': tuple(id),
  /** A new draft from a mailto: URL (RFC 6068): to, cc, bcc, subject, body. */
  'compose.mailto': tuple(id, string({ min: 7, max: 8000 })),
  /** A new draft replying to a stored message: all true is "Reply all". */
  'compose.reply': tuple(id, boolean),
  /** A new draft forwarding a stored message: inline (quoted, its attachments copied) or as a message/rfc822 attachment. */
  'compose.forward': tuple(id, literal('inline', 'attachment')),
  /** Addresses seen in the store (From, To, Cc of stored messages and of sent mail) starting with the words typed, most used first. */
  'compose.addresses': tuple(string({ min: 1, max: 200 }), integer({ min: 1, max: 50 })),
  /**
   * Composes the draft's exact bytes, puts them in the outbox and removes the draft, in one
   * transaction, before any network traffic; the engine's sender takes it from there.
   * Refused ('invalid-argument') with words for: no recipient, an invalid address, no outgoing
   * server, a message larger than the server's announced SIZE. The second argument is the
   * undo-send hold in seconds: the item waits that long before the sender takes it, and
   * 'outbox.cancel' meanwhile brings it back as a draft with nothing sent; 0 sends at once.
   */
  'outbox.send': tuple(id, integer({ min: 0, max: MAX_SEND_HOLD_SECONDS })),
  'outbox.list': tuple(nullable(id)),
  /** A failed or waiting item: try again now. */
  'outbox.retry': tuple(id),
  /** An item whose outcome is unknown after a crash: the user says it was sent (to Sent) or to send it again. */
  'outbox.resolveUnknown': tuple(id, literal('sent', 'resend')),
  /** A queued, waiting, failed or unknown item back to a draft (not while it is being sent). */
  'outbox.cancel': tuple(id),
} as const;

export interface ComposeAddressView {
  readonly name: string;
  readonly address: string;
}

export interface DraftAttachmentView {
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
}

export interface DraftView {
  readonly id: number;
  readonly accountId: number;
  readonly to: readonly ComposeAddressView[];
  readonly cc: readonly ComposeAddressView[];
  readonly bcc: readonly ComposeAddressView[];
  readonly subject: string;
  readonly text: string;
  readonly html: string | null;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
  readonly attachments: readonly DraftAttachmentView[];
  readonly updatedAt: number;
}

/** The outbox's states as the window shows them (electron/store/outbox-states.ts). */
export type OutboxStateView = 'queued' | 'sending' | 'retry' | 'failed' | 'unknown' | 'sent';

export interface OutboxItemView {
  readonly id: number;
  readonly accountId: number;
  readonly subject: string;
  readonly to: readonly string[];
  readonly state: OutboxStateView;
  readonly attempts: number;
  /** For 'retry': when the next attempt is due; for 'queued': when its undo-send hold ends, null for none (ms since the epoch). */
  readonly nextAttemptAt: number | null;
  /** For 'failed', 'retry' and 'unknown': what happened and what to do, in plain words; the server's own answer beside it. */
  readonly problem: string | null;
  readonly serverResponse: string | null;
  readonly createdAt: number;
}

export interface ComposeChannelResults {
  'drafts.list': DraftView[];
  'drafts.get': DraftView;
  'drafts.save': { id: number; updatedAt: number };
  'drafts.remove': null;
  'drafts.attach': DraftView;
  'drafts.detach': DraftView;
  'compose.new': DraftView;
  'compose.mailto': DraftView;
  'compose.reply': DraftView;
  'compose.forward': DraftView;
  'compose.addresses': ComposeAddressView[];
  'outbox.send': OutboxItemView;
  'outbox.list': OutboxItemView[];
  'outbox.retry': OutboxItemView;
  'outbox.resolveUnknown': OutboxItemView;
  'outbox.cancel': DraftView;
}

export interface ComposeEvents {
  /** A draft was saved, created or removed: the Drafts list re-reads 'drafts.list'. */
  'drafts.changed': { accountId: number };
  /** An outbox item changed state: the Outbox list re-reads 'outbox.list'; 'sent' also changes the Sent folder. */
  'outbox.changed': { accountId: number; id: number; state: OutboxStateView };
  /**
   * Another program asked Poplar to write a message (a mailto: link clicked elsewhere, once
   * Poplar is the system's mail app): the window opens this draft in the composer. Sent by the
   * Electron shell (electron/main), never by the engine.
   */
  'drafts.open': { id: number };
}
