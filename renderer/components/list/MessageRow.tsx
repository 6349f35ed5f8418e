// One row of the message list: sender, date, subject, snippet, size and marks. It reads only
// its own row and selection state, and is memoised on its props, so a change to one message —
// or a scroll that adds rows at the edge — re-renders only the rows that changed.
import { memo, type MouseEvent } from 'react';
import { formatListDate } from '../../format/time.ts';
import { formatSize } from '../../format/size.ts';
import { useActions, useApp } from '../../store/context.tsx';
import { selectIsSelected, selectRow } from '../../store/mailbox/selectors.ts';
import { Icon } from '../common/Icon.tsx';

export function rowId(index: number): string {
  return `message-row-${index}`;
}

/** `count`: the list's length, or -1 while it is being counted (ARIA's "unknown" set size). */
export const MessageRow = memo(function MessageRow({
  index,
  count,
  isCursor,
  now,
}: {
  index: number;
  count: number;
  isCursor: boolean;
  now: number;
}) {
  const row = useApp(selectRow(index));
  const selected = useApp(selectIsSelected(row?.id));
  const { selectRow: select } = useActions();

  if (!row) {
    return (
      <div
        id={rowId(index)}
        className="message-row placeholder"
        role="option"
        aria-selected={false}
        aria-setsize={count}
        aria-posinset={index + 1}
        aria-busy="true"
      >
        <span className="skeleton w40" />
        <span className="skeleton w70" />
        <span className="skeleton w90" />
      </div>
    );
  }

  const onClick = (event: MouseEvent) => {
    select(index, event.shiftKey ? 'range' : event.ctrlKey || event.metaKey ? 'toggle' : 'only');
  };
  const from = row.fromName || row.fromAddress || '(unknown sender)';
  const classes = ['message-row', row.read ? 'read' : 'unread', selected ? 'selected' : '', isCursor ? 'cursor' : '']
    .filter(Boolean)
    .join(' ');

  return (
    <div
      id={rowId(index)}
      className={classes}
      role="option"
      aria-selected={selected}
      aria-setsize={count}
      aria-posinset={index + 1}
      onClick={onClick}
      onMouseDown={(e) => e.shiftKey && e.preventDefault() /* no text selection on shift-click */}
    >
      <div className="row-line row-top">
        {!row.read ? <span className="unread-dot" role="img" aria-label="Unread" /> : null}
        <span className="row-from" title={row.fromAddress}>
          {from}
        </span>
        <time className="row-date" dateTime={row.date ? new Date(row.date).toISOString() : undefined}>
          {formatListDate(row.date, now)}
        </time>
      </div>
      <div className="row-line">
        <span className="row-subject">{row.subject || '(no subject)'}</span>
        {row.hasAttachments ? <Icon name="paperclip" size={13} className="row-mark" /> : null}
        {row.hasAttachments ? <span className="visually-hidden">Has attachments</span> : null}
      </div>
      <div className="row-line">
        <span className="row-snippet">
          {row.partial ? 'Only the headers were downloaded. ' : ''}
          {row.snippet}
        </span>
        <span className="row-size">{formatSize(row.size)}</span>
      </div>
    </div>
  );
});
