// The contract between the engine and the window: one map of request channels (argument
// schemas and result types), one map of events, and the result envelope. Electron IPC
// (electron/main + preload) and the browser-mode host (electron/host) both serve exactly
// this map; the renderer talks only through it (STYLE.md, "One contract, written once").
import type { AccountSettings, Identity, Security } from './account.ts';
import { accountFields, identitySchema, outgoingConflict, outgoingFields, settingsConflict } from './account-rules.ts';
import { composeChannels, type ComposeChannelResults, type ComposeEvents } from './compose-contract.ts';
import {
  array,
  boolean,
  integer,
  literal,
  nullable,
  object,
  optional,
  refine,
  string,
  tuple,
  union,
  type Infer,
  type Schema,
} from './validate.ts';

// ---------------------------------------------------------------------------------------
// Views: what the window sees. Plain data, no Node types.

/** An account as the window sees it: its settings without the CA file path and the password source. */
export interface AccountView extends Omit<AccountSettings, 'caFile' | 'passwordSource' | 'smtp' | 'identity'> {
  readonly id: number;
  /** The outgoing server; null (or absent, from an engine before it existed) until one is set. */
  readonly smtp?: OutgoingServerView | null;
  readonly identity?: Identity | null;
  readonly unread: number;
  /** The server's LOGIN-DELAY in seconds, once a check has seen it: the floor of the interval. */
  readonly loginDelaySeconds: number | null;
  readonly uidlSupported: boolean | null;
}

/** The outgoing server as the window sees it: no CA file path, no password source beyond "same as incoming". */
export interface OutgoingServerView {
  readonly host: string;
  readonly port: number;
  readonly security: Security;
  readonly user: string | null;
  /** true: the incoming server's password is used. */
  readonly samePassword: boolean;
  readonly fingerprint: string | null;
  /** true: it signs in with an OAuth 2 token from a command or variable (set on the command line, kept by the window). */
  readonly oauth2: boolean;
}

/** What "Test connection" of an outgoing server found (EHLO, STARTTLS, AUTH, QUIT: nothing sent). */
export type SmtpTestView =
  | {
      readonly ok: true;
      readonly security: Security;
      readonly port: number;
      readonly authenticated: boolean;
      readonly authMethods: readonly string[];
      /** The largest message the server accepts (RFC 1870 SIZE), in bytes; null when it announced none. */
      readonly sizeLimit: number | null;
      readonly certificate: CertificateView | null;
    }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly certificate: CertificateView | null };

export type SyncStateView =
  | { readonly kind: 'idle' }
  | { readonly kind: 'waiting'; readonly until: number }
  | { readonly kind: 'running'; readonly since: number }
  | { readonly kind: 'backoff'; readonly until: number; readonly reason: string }
  /** 'auth-failed': a confirmed wrong password; 'login-refused': refusals without a reason, retried, then paused. */
  | { readonly kind: 'paused'; readonly why: 'user' | 'global' | 'auth-failed' | 'login-refused' };

export interface SyncStatusView {
  readonly accountId: number;
  readonly state: SyncStateView;
  readonly lastCheckAt: number | null;
  readonly lastOutcome: 'ok' | 'locked' | 'error' | null;
  /** One line for the account banner when the last check failed; null when it worked. Its times are marks (time-marks.ts). */
  readonly banner: string | null;
}

/**
 * Where a message is filed. POP3 has no server folders: every folder lives in the profile, and
 * moving a message never touches the server, except that Trash counts as "deleted here" for an
 * account's retention rule (DESIGN.md, "Folders"). A number is a user folder's id (FolderView).
 */
export type FolderRef = 'inbox' | 'archive' | 'trash' | 'sent' | number;

/** A user folder: an account's own (accountId set) or a local one that any account's mail can be moved to (accountId null). */
export interface FolderView {
  readonly id: number;
  readonly accountId: number | null;
  readonly name: string;
  readonly total: number;
  readonly unread: number;
}

/** Archive, Trash, Sent, Drafts and the Outbox as the sidebar counts them, per account (accountId null: all accounts). */
export interface FolderCountsView {
  readonly accountId: number | null;
  readonly archive: { readonly total: number; readonly unread: number };
  readonly trash: { readonly total: number; readonly unread: number };
  /** Sent holds the exact bytes of each message the outgoing server accepted, as a message of the account. */
  readonly sent: { readonly total: number; readonly unread: number };
  readonly drafts: number;
  /** Items not yet sent: queued, sending, waiting to retry, failed, or of unknown outcome. */
  readonly outbox: number;
  /** Of those, the ones that need the user: failed or unknown. */
  readonly outboxProblems: number;
}

export interface FoldersView {
  readonly folders: readonly FolderView[];
  readonly counts: readonly FolderCountsView[];
}

/** One conversation's figures on the row that stands for it in the conversation view. */
export interface ConversationInfo {
  readonly threadId: number;
  /** Messages of the conversation in the folder listed. */
  readonly count: number;
  readonly unread: number;
  /** Distinct senders' display names, oldest first, at most 4. */
  readonly participants: readonly string[];
}

export interface MessageSummaryView {
  readonly id: number;
  readonly accountId: number;
  readonly fromName: string;
  readonly fromAddress: string;
  readonly subject: string;
  readonly date: number | null;
  readonly snippet: string;
  readonly size: number;
  readonly hasAttachments: boolean;
  readonly read: boolean;
  readonly partial: boolean;
  readonly flagged: boolean;
  readonly folder: FolderRef;
  /** The conversation it belongs to (References / In-Reply-To, else the subject within a time window). */
  readonly threadId: number;
  /** Set on the rows of a conversation-view page (the newest message of each conversation); null otherwise. */
  readonly conversation: ConversationInfo | null;
}

/**
 * A message's state before a change, as the change's result returns it: 'messages.revert' puts
 * it back (undo of move, delete, mark read, flag). Deleting permanently cannot be undone.
 */
export interface MessageStateView {
  readonly id: number;
  readonly folder: FolderRef;
  readonly read: boolean;
  readonly flagged: boolean;
}

export interface ChangeView {
  readonly before: readonly MessageStateView[];
}

/** A sender or message the user allowed remote content for (settings, with revoke). */
export interface RemoteContentGrantView {
  readonly kind: 'message' | 'sender';
  /** 'sender': the lower-cased address; 'message': the message id as a string. */
  readonly value: string;
  /** For 'message': its subject and sender, for the list; for 'sender': the address again. */
  readonly label: string;
  readonly allowedAt: number;
}

export interface AddressView {
  readonly name: string;
  readonly address: string;
}

export interface MessageView extends MessageSummaryView {
  readonly to: readonly AddressView[];
  readonly cc: readonly AddressView[];
  readonly text: string;
  /** The HTML part as received; the renderer sanitises it and shows it in a sandboxed frame. */
  readonly html: string | null;
  readonly attachments: ReadonlyArray<{
    id: number;
    filename: string | null;
    contentType: string;
    size: number;
    contentId: string | null;
    inline: boolean;
  }>;
  readonly parseError: string | null;
  /** The user allowed remote content for this sender. */
  readonly remoteContentAllowed: boolean;
}

export interface CertificateView {
  readonly subject: string | null;
  readonly issuer: string | null;
  readonly fingerprint256: string | null;
}

export type ConnectionTestView =
  | {
      readonly ok: true;
      readonly security: Security;
      readonly port: number;
      readonly authMethod: string;
      readonly messages: number;
      readonly octets: number;
      readonly loginDelaySeconds: number | null;
      readonly uidl: boolean;
      readonly certificate: CertificateView | null;
    }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly certificate: CertificateView | null };

/**
 * The most likely cause of a failed check (DESIGN.md, "Lock diagnostics"): the six causes for
 * lock-like refusals and server errors, plus 'auth', 'network' and 'local' for failures that
 * need other advice (see electron/diagnostics/diagnosis.ts), and 'none' when the check worked.
 */
export type Cause =
  'other-client' | 'own-stale-session' | 'too-frequent' | 'connection-limit' | 'server' | 'auth' | 'network' | 'local' | 'none';

/**
 * A diagnosis in words: the account banner, the diagnostics view and `poplar diagnose` show it.
 * The times in its sentences (and in DiagnosticsView.report, CheckNowView.message) are marks
 * (time-marks.ts), which the window says in its own locale and the command line in plain words.
 */
export interface DiagnosisView {
  readonly cause: Cause;
  /** One line for a banner, in plain words. */
  readonly title: string;
  /** What happened and why, for a person who is not a mail expert. */
  readonly explanation: string;
  /** Facts from the session history and the server's own words that support the cause. */
  readonly evidence: readonly string[];
  /** What Poplar will do next, with when it checks again. */
  readonly poplarWillDo: string;
  readonly youCanDo: readonly string[];
  /** A schedule the lock refusals of the last 24 hours follow, in words; null when none. */
  readonly pattern: string | null;
}

export interface SessionView {
  readonly id: number;
  readonly startedAt: number;
  readonly endedAt: number | null;
  readonly endedBy: string | null;
  readonly errorCode: string | null;
  readonly downloaded: number;
  readonly deletedOnServer: number;
}

export interface DiagnosticsView extends DiagnosisView {
  readonly nextCheckAt: number | null;
  /** The last 24 hours of sessions, newest first, for the timeline chart. */
  readonly sessions: readonly SessionView[];
  /** The redacted transcript of the failed session, when there is one. */
  readonly transcript: ReadonlyArray<{ at: number; dir: 'C' | 'S' | '*'; line: string }>;
  /** The whole report as text, for "copy report". */
  readonly report: string;
}

export type CheckNowView =
  | { readonly kind: 'done'; readonly outcome: 'ok' | 'locked' | 'error'; readonly downloaded: number; readonly message: string | null }
  | { readonly kind: 'not-before'; readonly at: number; readonly reason: string };

// ---------------------------------------------------------------------------------------
// Argument schemas.

const id = integer({ min: 1 });
/** The account settings' own rules (account-rules.ts), the same the store and the command line apply. */
const setting = accountFields();
/** Never logged, never returned: stored with safeStorage (app) or not at all (browser mode keeps it in memory). */
const password = string({ min: 1, max: 4096 });

const outgoing = outgoingFields();
/** The outgoing server as the window sends it; the password goes beside it (`smtpPassword`). */
const outgoingServerInput = refine(
  object({
    host: outgoing.host,
    port: outgoing.port,
    security: outgoing.security,
    user: outgoing.user,
    samePassword: boolean,
    fingerprint: outgoing.fingerprint,
  }),
  // The window offers password logins only (OAuth 2 is set up with `poplar account set --smtp-login`).
  (server) => outgoingConflict({ ...server, caFile: null, passwordSource: { kind: 'incoming' } }),
);

export const accountInput = refine(
  object({
    name: setting.name,
    host: setting.host,
    port: setting.port,
    security: setting.security,
    user: setting.user,
    auth: setting.auth,
    password,
    fingerprint: setting.fingerprint,
    retention: setting.retention,
    intervalMinutes: setting.intervalMinutes,
    checkAtStartup: setting.checkAtStartup,
    /** Optional (callers from before it existed leave it out): true when absent. */
    notify: optional(setting.notify),
    maxSizeBytes: setting.maxSizeBytes,
    /** Optional: absent or null, Trash keeps messages until emptied. */
    trashDays: setting.trashDays,
    /** Optional: absent or null, no outgoing server yet. */
    smtp: optional(nullable(outgoingServerInput)),
    /** The outgoing server's own password, when `smtp.samePassword` is false. */
    smtpPassword: optional(password),
    identity: optional(nullable(identitySchema)),
  }),
  (input) => settingsConflict({ ...input, caFile: null }),
);
export type AccountInput = Infer<typeof accountInput>;

export const accountPatch = object({
  name: optional(setting.name),
  password: optional(password),
  fingerprint: optional(setting.fingerprint),
  retention: optional(setting.retention),
  intervalMinutes: optional(setting.intervalMinutes),
  checkAtStartup: optional(setting.checkAtStartup),
  paused: optional(setting.paused),
  notify: optional(setting.notify),
  maxSizeBytes: optional(setting.maxSizeBytes),
  trashDays: setting.trashDays,
  /** null removes the outgoing server. */
  smtp: optional(nullable(outgoingServerInput)),
  smtpPassword: optional(password),
  identity: optional(nullable(identitySchema)),
});
export type AccountPatch = Infer<typeof accountPatch>;

export const connectionTestInput = object({
  host: setting.host,
  /** 'auto' tries implicit TLS on 995, then STLS on 110 (never plaintext). */
  security: union<Security | 'auto'>(setting.security, literal('auto')),
  port: nullable(setting.port),
  user: setting.user,
  password,
  fingerprint: setting.fingerprint,
});
export type ConnectionTestInput = Infer<typeof connectionTestInput>;

export const smtpTestInput = object({
  /** An account whose saved password to use when `password` is absent (its settings form). */
  accountId: nullable(id),
  host: outgoing.host,
  /** 'auto' tries implicit TLS on 465, then STARTTLS on 587 (never plain text). */
  security: union<Security | 'auto'>(outgoing.security, literal('auto')),
  port: nullable(outgoing.port),
  /** null: no login. */
  user: outgoing.user,
  password: optional(password),
  /** Without `password`: true uses the account's incoming password, false the outgoing one's own. */
  samePassword: boolean,
  fingerprint: outgoing.fingerprint,
});
export type SmtpTestInput = Infer<typeof smtpTestInput>;

/**
 * Requests that carry the same key replace one another: the engine answers one that a newer
 * one overtook before it ran with 'unavailable' instead of running it (search as you type sends
 * every keystroke; only the last query matters). One key per window and purpose.
 */
const supersedes = optional(string({ min: 1, max: 64 }));

const folderRef = union<FolderRef>(literal('inbox', 'archive', 'trash', 'sent'), id);
const folderName = string({ min: 1, max: 120 });

const messageFilter = {
  accountId: nullable(id),
  folder: folderRef,
  /**
   * Words, quoted phrases and operators (shared/search-query.ts): from:, to:, subject:,
   * has:attachment, is:unread, is:read, is:flagged, before:YYYY-MM-DD, after:YYYY-MM-DD.
   */
  search: optional(string({ max: 200 })),
  /** The quick filter bar: only unread, only flagged, only with attachments. */
  only: optional(literal('unread', 'flagged', 'attachments')),
  supersedes,
};

/** The list's order; default date, newest first. */
const sortKey = optional(literal('date', 'sender', 'subject', 'size'));

export const messageQuery = object({
  ...messageFilter,
  offset: integer({ min: 0 }),
  limit: integer({ min: 1, max: 500 }),
  sort: sortKey,
  /** true (default): newest, Z, largest first. */
  descending: optional(boolean),
  /** true: one row per conversation (its newest message, with ConversationInfo); the count counts conversations. */
  conversations: optional(boolean),
  /** false: answer the page without counting (total null), for a window that asks 'messages.count' beside it. Default true. */
  count: optional(boolean),
});
export type MessageQuery = Infer<typeof messageQuery>;

/** How many messages a 'messages.page' query lists in all. */
export const messageCountQuery = object({ ...messageFilter, conversations: optional(boolean) });
export type MessageCountQuery = Infer<typeof messageCountQuery>;

// ---------------------------------------------------------------------------------------
// The channels: name → argument schema and result type.

export const channels = {
  'accounts.list': tuple(),
  'accounts.add': tuple(accountInput),
  'accounts.update': tuple(id, accountPatch),
  'accounts.remove': tuple(id),
  'accounts.test': tuple(connectionTestInput),
  'accounts.testSmtp': tuple(smtpTestInput),
  'messages.page': tuple(messageQuery),
  'messages.count': tuple(messageCountQuery),
  'messages.get': tuple(id),
  'messages.markRead': tuple(array(id, { max: 5000 }), boolean),
  'messages.flag': tuple(array(id, { max: 5000 }), boolean),
  /** Moves to Trash. */
  'messages.delete': tuple(array(id, { max: 5000 })),
  'messages.move': tuple(array(id, { max: 5000 }), folderRef),
  /** Out of Trash, back to the folder each came from (Inbox when that folder is gone). */
  'messages.restore': tuple(array(id, { max: 5000 })),
  /** Removes row and file; the ledger keeps the UIDL, so it is never downloaded again. */
  'messages.deletePermanently': tuple(array(id, { max: 5000 })),
  'messages.revert': tuple(array(object({ id, folder: folderRef, read: boolean, flagged: boolean }), { max: 5000 })),
  /** Every message of a message's conversation across the account's folders except Trash, oldest first. */
  'messages.conversation': tuple(id),
  'messages.allowRemoteContent': tuple(id, literal('message', 'sender')),
  'remoteContent.list': tuple(),
  'remoteContent.revoke': tuple(literal('message', 'sender'), string({ min: 1, max: 320 })),
  'folders.list': tuple(),
  /** accountId null: a local folder. */
  'folders.create': tuple(nullable(id), folderName),
  'folders.rename': tuple(id, folderName),
  /** Its messages move to Trash (nothing is lost: Trash can restore them, to the Inbox). */
  'folders.remove': tuple(id),
  /** Deletes permanently what Trash holds (one account's, or all with null). */
  'trash.empty': tuple(nullable(id)),
  'sync.status': tuple(),
  'sync.checkNow': tuple(id),
  'sync.pauseAll': tuple(boolean),
  'diagnostics.get': tuple(id),
  'demo.holdMailbox': tuple(boolean),
  ...composeChannels,
} as const;

export type Channel = keyof typeof channels;
export type ChannelArgs<C extends Channel> = Infer<(typeof channels)[C]>;

export interface ChannelResults extends ComposeChannelResults {
  'accounts.list': AccountView[];
  'accounts.add': AccountView;
  'accounts.update': AccountView;
  'accounts.remove': null;
  'accounts.test': ConnectionTestView;
  'accounts.testSmtp': SmtpTestView;
  /** total: every message the query lists; with `count: false`, null unless the page tells it (short, not empty). */
  'messages.page': { total: number | null; items: MessageSummaryView[] };
  'messages.count': number;
  'messages.get': MessageView;
  'messages.markRead': ChangeView;
  'messages.flag': ChangeView;
  'messages.delete': ChangeView;
  'messages.move': ChangeView;
  'messages.restore': ChangeView;
  'messages.deletePermanently': { removed: number };
  'messages.revert': null;
  'messages.conversation': MessageSummaryView[];
  'messages.allowRemoteContent': null;
  'remoteContent.list': RemoteContentGrantView[];
  'remoteContent.revoke': null;
  'folders.list': FoldersView;
  'folders.create': FolderView;
  'folders.rename': FolderView;
  'folders.remove': null;
  'trash.empty': { removed: number };
  'sync.status': SyncStatusView[];
  'sync.checkNow': CheckNowView;
  'sync.pauseAll': null;
  'diagnostics.get': DiagnosticsView;
  'demo.holdMailbox': { held: boolean };
}

export interface Events extends ComposeEvents {
  'sync.changed': SyncStatusView;
  'messages.new': { accountId: number; count: number };
  'diagnosis.changed': { accountId: number; banner: string | null };
  /**
   * Messages listed earlier (from their headers) now have their full analysis: snippet,
   * attachments, full-text index. At most one a second; the window refreshes what it shows.
   */
  'messages.analysed': { count: number };
  /** Folders were created, renamed or removed, or messages moved between them: the sidebar re-reads 'folders.list'. */
  'folders.changed': Record<string, never>;
}
export type EventName = keyof Events;

/** Every event name, checked against Events: a new event missing here is a compile error. */
export const EVENT_NAMES = [
  'sync.changed',
  'messages.new',
  'diagnosis.changed',
  'messages.analysed',
  'folders.changed',
  'drafts.changed',
  'outbox.changed',
  'drafts.open',
] as const satisfies readonly EventName[];
type Unlisted = Exclude<EventName, (typeof EVENT_NAMES)[number]>;
export const everyEventListed: [Unlisted] extends [never] ? true : never = true;

// ---------------------------------------------------------------------------------------
// The envelope (Signal's result envelope): handlers never throw across the boundary.

/**
 * Every code an error envelope carries; the window switches on them:
 *   'invalid-argument'  the call's arguments failed the channel's schema or the settings rules
 *   'not-found'         the account, message or part named does not exist
 *   'conflict'          another account already has that name
 *   'same-mailbox'      another account already reaches that mailbox (shared/mailbox-key.ts); the message names it
 *   'unavailable'       not now: shutting down, the store cannot be read, no demo mailbox, the transport is down
 *   'internal'          a bug, logged in full by the engine; the message is generic
 *   'unknown-channel'   no such channel in this contract
 *   'forbidden'         the call came from a frame other than the app window's (electron/main/logic/ipc-route.ts)
 */
export const ERROR_CODES = [
  'invalid-argument',
  'not-found',
  'conflict',
  'same-mailbox',
  'unavailable',
  'internal',
  'unknown-channel',
  'forbidden',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type Envelope<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: { readonly code: ErrorCode; readonly message: string } };

/** The renderer-side API: one promise-returning function per channel, plus events. */
export interface PoplarApi {
  invoke<C extends Channel>(channel: C, ...args: ChannelArgs<C>): Promise<ChannelResults[C]>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

/** Checks a channel name and its arguments; the engine calls this before every handler. */
export function validateCall(
  channel: unknown,
  args: unknown,
): { ok: true; channel: Channel; args: unknown[] } | { ok: false; error: { code: ErrorCode; message: string } } {
  if (typeof channel !== 'string' || !Object.hasOwn(channels, channel)) {
    return { ok: false, error: { code: 'unknown-channel', message: `there is no channel ${JSON.stringify(channel)}` } };
  }
  const schema = channels[channel as Channel] as Schema<readonly unknown[]>;
  const checked = schema.check(args, '');
  if (!checked.ok) return { ok: false, error: { code: 'invalid-argument', message: `${channel}: ${checked.problem}` } };
  return { ok: true, channel: channel as Channel, args: [...checked.value] };
}

/**
 * A failure with its closed code: what a client rejects with when the envelope says so, and,
 * as electron/engine/errors.ts's EngineError, what a handler throws on purpose to make one.
 */
export class PoplarError extends Error {
  override readonly name: string = 'PoplarError';
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export function unwrap<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.value;
  throw new PoplarError(envelope.error.code, envelope.error.message);
}
