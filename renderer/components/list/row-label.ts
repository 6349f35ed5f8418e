// A row's accessible name, said in the order a person scans a row (issue 14, defect 16: without
// it, a screen reader ran the sender, date, subject, snippet and size together as one word run).
import type { MessageSummaryView } from '../../../shared/contract.ts';

export function senderOf(row: MessageSummaryView): string {
  return row.fromName || row.fromAddress || '(unknown sender)';
}

/** "From Ann, Subject Lunch, 12 May, unread, flagged, with attachments" (a conversation adds its size). */
export function rowLabel(row: MessageSummaryView, date: string): string {
  const c = row.conversation;
  const parts = [
    c && c.participants.length > 1 ? `From ${c.participants.join(', ')}` : `From ${senderOf(row)}`,
    `Subject ${row.subject || '(no subject)'}`,
  ];
  if (date !== '') parts.push(date);
  if (c && c.count > 1) parts.push(`${c.count} messages${c.unread > 0 ? `, ${c.unread} unread` : ''}`);
  else if (!row.read) parts.push('unread');
  if (row.flagged) parts.push('flagged');
  if (row.hasAttachments) parts.push('with attachments');
  if (row.partial) parts.push('headers only');
  return parts.join(', ');
}
