// One row of the message list: sender, date, subject, snippet, size and marks, the flag star, and
// — in the conversation view — how many messages the conversation holds. It reads only its own
// row and selection state, and is memoised on its props, so a change to one message — or a
// scroll that adds rows at the edge — re-renders only the rows that changed.
//
// The row is an ARIA option: its children are presentational, so the star is not a focusable
// button inside it (axe: nested-interactive); the keyboard flags with s.
//
// Its accessible name comes from its content, in the order it is shown (WCAG 2.5.3, Label in
// Name: a name that reorders the visible words fails axe's label-content-name-mismatch), with
// words only a screen reader hears between the parts (issue 14, defect 16: without them the
// sender, date, subject and snippet ran together as one word run). Marks shown as icons (the
// dot, the star, "3/8") are hidden from it and said in words instead. The commas between the
// parts are CSS generated content (list.css), which the name includes but textContent does not,
// so each part's element holds exactly the words it shows.
import { memo, type DragEvent, type MouseEvent } from 'react';
import type { MessageSummaryView } from '../../../shared/contract.ts';
import { formatListDate } from '../../format/time.ts';
import { formatSize } from '../../format/size.ts';
import { useActions, useApp, useGetState } from '../../store/context.tsx';
import { selectIsSelected, selectRow, selectSearch } from '../../store/mailbox/selectors.ts';
import { Icon } from '../common/Icon.tsx';
import { highlight, termPattern } from './highlight.ts';
import { StarIcon } from './list-icons.tsx';

export function rowId(index: number): string {
  return `message-row-${index}`;
}

/** The drag type the sidebar's folders accept (a JSON {"ids": [...]}). */
export const MESSAGES_DRAG_TYPE = 'application/x-poplar-messages';

function senderOf(row: MessageSummaryView): string {
  return row.fromName || row.fromAddress || '(unknown sender)';
}

/** Words for a screen reader only, between the parts of a row's name. */
function Said({ text }: { text: string }) {
  return <span className="visually-hidden">{text}</span>;
}

function Marked({ text, pattern }: { text: string; pattern: RegExp | null }) {
  if (pattern === null) return text;
  return highlight(text, pattern).map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : p.text));
}

/** `count`: the list's length, or -1 while it is being counted (ARIA's "unknown" set size). */
export const MessageRow = memo(function MessageRow({
  index,
  count,
  isCursor,
  now,
  onMenu,
}: {
  index: number;
  count: number;
  isCursor: boolean;
  now: number;
  /** A right-click on the row: the list opens the context menu for it. */
  onMenu: (index: number, event: MouseEvent<HTMLElement>) => void;
}) {
  const row = useApp(selectRow(index));
  const selected = useApp(selectIsSelected(row?.id));
  const search = useApp(selectSearch);
  const { selectRow: select, setFlagged, updateRows } = useActions();
  const getState = useGetState();

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
        aria-label="Loading"
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
  const onStar = (event: MouseEvent) => {
    event.stopPropagation();
    updateRows([row.id], { flagged: !row.flagged }); // at once; the engine's answer follows
    void setFlagged([row.id], !row.flagged);
  };
  const onDragStart = (event: DragEvent<HTMLElement>) => {
    const s = getState();
    const ids = s.selectedIds.includes(row.id) ? [...s.selectedIds] : [row.id];
    const text = `${ids.length} message${ids.length === 1 ? '' : 's'}`;
    event.dataTransfer.setData(MESSAGES_DRAG_TYPE, JSON.stringify({ ids }));
    event.dataTransfer.setData('text/plain', text);
    event.dataTransfer.effectAllowed = 'move';
    const ghost = document.createElement('div');
    ghost.className = 'drag-ghost';
    ghost.textContent = text;
    document.body.append(ghost);
    event.dataTransfer.setDragImage(ghost, -10, -10);
    setTimeout(() => ghost.remove(), 0); // the browser took its picture during this event
  };

  const pattern = search.trim() === '' ? null : termPattern(search);
  const c = row.conversation;
  const from = c && c.participants.length > 1 ? c.participants.join(', ') : senderOf(row);
  const unread = c ? c.unread > 0 : !row.read;
  const date = formatListDate(row.date, now);
  const marks = [row.flagged ? 'flagged' : '', row.hasAttachments ? 'with attachments' : ''].filter(Boolean).join(', ');
  const classes = ['message-row', unread ? 'unread' : 'read', selected ? 'selected' : '', isCursor ? 'cursor' : '']
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
      draggable
      onClick={onClick}
      onContextMenu={(e) => {
        e.preventDefault();
        onMenu(index, e);
      }}
      onDragStart={onDragStart}
      onMouseDown={(e) => e.shiftKey && e.preventDefault() /* no text selection on shift-click */}
    >
      <div className="row-line row-top">
        {unread ? <span className="unread-dot" aria-hidden="true" /> : null}
        <Said text={unread && !(c && c.count > 1) ? 'Unread, from ' : 'From '} />
        <span className="row-from" title={row.fromAddress}>
          <Marked text={from} pattern={pattern} />
        </span>
        {c && c.count > 1 ? (
          <>
            <span
              className={c.unread > 0 ? 'row-thread unread-count' : 'row-thread'}
              title={`${c.count} messages, ${c.unread} unread`}
              aria-hidden="true"
            >
              {c.unread > 0 ? `${c.unread}/${c.count}` : c.count}
            </span>
            <Said text={`${c.count} messages${c.unread > 0 ? `, ${c.unread} unread` : ''}, `} />
          </>
        ) : null}
        <time className="row-date" dateTime={row.date ? new Date(row.date).toISOString() : undefined}>
          {date}
        </time>
      </div>
      <div className="row-line">
        <Said text="Subject " />
        <span className="row-subject">
          <Marked text={row.subject || '(no subject)'} pattern={pattern} />
        </span>
        {marks === '' ? null : <Said text={`${marks}, `} />}
        {row.hasAttachments ? <Icon name="paperclip" size={13} className="row-mark" /> : null}
        <span
          className={row.flagged ? 'row-flag flagged' : 'row-flag'}
          aria-hidden="true"
          title={row.flagged ? 'Remove flag (s)' : 'Flag (s)'}
          onClick={onStar}
        >
          <StarIcon filled={row.flagged} />
        </span>
      </div>
      <div className="row-line">
        <span className="row-snippet">
          {row.partial ? 'Only the headers were downloaded. ' : ''}
          <Marked text={row.snippet} pattern={pattern} />
        </span>
        <span className="row-size">{formatSize(row.size)}</span>
      </div>
    </div>
  );
});
