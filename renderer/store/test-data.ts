// Views for the store's tests.
import type { AccountView, MessageSummaryView, MessageView, SyncStatusView } from '../../shared/contract.ts';
import { ACCOUNT } from '../../shared/fixtures/account-settings.ts';

// The account fixture every layer's tests share, without what the window never sees.
const { caFile: _caFile, passwordSource: _passwordSource, smtp: _smtp, identity: _identity, ...SETTINGS } = ACCOUNT;

export function account(id: number, patch: Partial<AccountView> = {}): AccountView {
  return {
    ...SETTINGS,
    id,
    name: `Account ${id}`,
    host: 'pop.example.org',
    user: `user${id}`,
    unread: 0,
    loginDelaySeconds: null,
    uidlSupported: true,
    ...patch,
  };
}

export function summary(id: number, patch: Partial<MessageSummaryView> = {}): MessageSummaryView {
  return {
    id,
    accountId: 1,
    fromName: 'Ann',
    fromAddress: 'ann@example.org',
    subject: `Message ${id}`,
    date: 1_750_000_000_000 - id * 60_000,
    snippet: '',
    size: 1000,
    hasAttachments: false,
    read: true,
    partial: false,
    flagged: false,
    folder: 'inbox',
    threadId: id,
    conversation: null,
    ...patch,
  };
}

export function message(id: number, patch: Partial<MessageView> = {}): MessageView {
  return {
    ...summary(id),
    to: [],
    cc: [],
    text: 'hello',
    html: null,
    attachments: [],
    parseError: null,
    remoteContentAllowed: false,
    ...patch,
  };
}

export function status(accountId: number, patch: Partial<SyncStatusView> = {}): SyncStatusView {
  return { accountId, state: { kind: 'idle' }, lastCheckAt: null, lastOutcome: null, banner: null, ...patch };
}

/** A server-side list of `n` messages, newest first, answering 'messages.page' and 'messages.count' like the engine. */
export function pager(n: number, make: (i: number) => MessageSummaryView = (i) => summary(i + 1)) {
  let items = Array.from({ length: n }, (_, i) => make(i));
  const matching = (search: string | undefined) => (search ? items.filter((m) => m.subject.includes(search)) : items);
  return {
    get items() {
      return items;
    },
    set items(next) {
      items = next;
    },
    page: (q: { offset: number; limit: number; search?: string; count?: boolean }) => {
      const list = matching(q.search);
      const page = list.slice(q.offset, q.offset + q.limit);
      // As the engine: a short page that is not empty tells the total; otherwise only when counting.
      const exact = page.length > 0 && page.length < q.limit ? q.offset + page.length : null;
      return { total: exact ?? (q.count === false ? null : list.length), items: page };
    },
    count: (q: { search?: string }) => matching(q.search).length,
  };
}
