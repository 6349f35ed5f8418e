// The text of a new-mail notification: one message names its sender and subject; up to three
// are listed; more are grouped into one count. Plain Node: tested without Electron.

export interface NewMailItem {
  readonly fromName: string;
  readonly fromAddress: string;
  readonly subject: string;
}

/** At most this many messages are listed one by one; more are grouped. */
export const GROUP_ABOVE = 3;

export function sender(item: NewMailItem): string {
  return item.fromName.trim() || item.fromAddress.trim() || 'Unknown sender';
}

function subject(item: NewMailItem): string {
  return item.subject.trim() || '(no subject)';
}

/** Title and body for `count` new messages in `accountName`; `items` are the newest of them. */
export function newMailNotification(accountName: string, count: number, items: readonly NewMailItem[]): { title: string; body: string } {
  const first = items[0];
  if (count <= 1 && first) return { title: sender(first), body: subject(first) };
  if (count <= GROUP_ABOVE && items.length >= count) {
    return {
      title: `${count} new messages in ${accountName}`,
      body: items
        .slice(0, count)
        .map((i) => `${sender(i)}: ${subject(i)}`)
        .join('\n'),
    };
  }
  const senders = [...new Set(items.map(sender))];
  const named = senders.slice(0, GROUP_ABOVE).join(', ');
  const more = senders.length > GROUP_ABOVE ? ' and others' : '';
  return { title: `${count} new messages in ${accountName}`, body: senders.length > 0 ? `From ${named}${more}` : `${count} new messages` };
}
