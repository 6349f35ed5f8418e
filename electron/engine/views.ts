// Store records as the plain views of shared/contract.ts: only the fields the window is meant
// to see (no file paths, no UIDLs, no password sources).
import type { Account } from '../../shared/account.ts';
import type { AccountView, MessageSummaryView, SessionView } from '../../shared/contract.ts';
import type { MessageSummary } from '../store/messages.ts';
import type { SessionRecord } from '../store/sessions.ts';

export function accountView(
  a: Account,
  unread: number,
  mailbox: { uidlSupported: boolean | null; loginDelaySeconds: number | null },
): AccountView {
  return {
    id: a.id,
    name: a.name,
    host: a.host,
    port: a.port,
    security: a.security,
    user: a.user,
    auth: a.auth,
    fingerprint: a.fingerprint,
    retention: a.retention,
    intervalMinutes: a.intervalMinutes,
    checkAtStartup: a.checkAtStartup,
    paused: a.paused,
    notify: a.notify,
    maxSizeBytes: a.maxSizeBytes,
    trashDays: a.trashDays ?? null,
    smtp: a.smtp
      ? {
          host: a.smtp.host,
          port: a.smtp.port,
          security: a.smtp.security,
          user: a.smtp.user,
          samePassword: a.smtp.passwordSource.kind === 'incoming',
          fingerprint: a.smtp.fingerprint,
          oauth2: a.smtp.login === 'xoauth2',
        }
      : null,
    identity: a.identity ?? null,
    unread,
    loginDelaySeconds: mailbox.loginDelaySeconds,
    uidlSupported: mailbox.uidlSupported,
  };
}

export function messageSummaryView(m: MessageSummary): MessageSummaryView {
  return {
    id: m.id,
    accountId: m.accountId,
    fromName: m.fromName,
    fromAddress: m.fromAddress,
    subject: m.subject,
    date: m.date,
    snippet: m.snippet,
    // A partial message (headers only, RFC 1939 TOP) is as big as the server said, not as its file.
    size: m.serverSize ?? m.size,
    hasAttachments: m.hasAttachments,
    read: m.read,
    partial: m.partial,
    flagged: m.flagged,
    folder: m.folder,
    threadId: m.threadId,
    conversation: m.conversation,
  };
}

export function sessionView(s: SessionRecord): SessionView {
  return {
    id: s.id,
    startedAt: s.startedAt,
    endedAt: s.endedAt ?? null,
    endedBy: s.endedBy ?? null,
    errorCode: s.error?.code ?? null,
    downloaded: s.downloaded ?? 0,
    deletedOnServer: s.deletedOnServer ?? 0,
  };
}
