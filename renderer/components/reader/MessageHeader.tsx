// The reading pane's header: subject, sender, recipients, date and the message's actions.
import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import type { AddressView, MessageView } from '../../../shared/contract.ts';
import { formatFullDate } from '../../format/time.ts';
import { useActions } from '../../store/context.tsx';
import { Icon } from '../common/Icon.tsx';
import { Avatar } from './Avatar.tsx';
import { PrintSheet } from './PrintSheet.tsx';
import '../../styles/print.css';

/** The message whose Print button was pressed; null while the browser's own Print (Ctrl+P) prints every open one. */
let printOnly: number | null = null;

/**
 * Whether the message's print sheet is in the page: from the browser's 'beforeprint' (its own
 * Print command, or the button's window.print()) to 'afterprint'. flushSync, because the
 * browser lays out for print as soon as 'beforeprint' returns.
 */
function usePrinting(id: number): boolean {
  const [printing, setPrinting] = useState(false);
  useEffect(() => {
    const before = () => {
      if (printOnly === null || printOnly === id) flushSync(() => setPrinting(true));
    };
    const after = () => setPrinting(false);
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
    };
  }, [id]);
  return printing;
}

function printMessage(id: number): void {
  printOnly = id;
  try {
    window.print();
  } finally {
    printOnly = null;
  }
}

function addressList(list: readonly AddressView[]): string {
  return list.map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join(', ');
}

/**
 * A message's actions: read/unread, print, and Trash (or, in the Trash, restore and delete for
 * good). The single view's header and the conversation stack's toolbar both show them.
 */
export function MessageActions({ message }: { message: MessageView }) {
  const { markRead, deleteSelected, restoreMessages, askDeletePermanently, reply, forward } = useActions();
  const printing = usePrinting(message.id);
  return (
    <>
      {printing ? <PrintSheet message={message} /> : null}
      <div className="message-actions">
        <button
          type="button"
          className="icon-button"
          data-compose
          aria-label="Reply"
          title="Reply (r)"
          onClick={() => void reply(message.id, false)}
        >
          <Icon name="reply" />
        </button>
        <button
          type="button"
          className="icon-button"
          data-compose
          aria-label="Reply all"
          title="Reply all (a)"
          onClick={() => void reply(message.id, true)}
        >
          <Icon name="replyAll" />
        </button>
        <button
          type="button"
          className="icon-button"
          data-compose
          aria-label="Forward"
          title="Forward (f)"
          onClick={() => void forward(message.id, 'inline')}
        >
          <Icon name="forward" />
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label={message.read ? 'Mark as unread' : 'Mark as read'}
          title={`${message.read ? 'Mark as unread' : 'Mark as read'} (u)`}
          onClick={() => void markRead([message.id], !message.read)}
        >
          <Icon name={message.read ? 'mail' : 'mailOpen'} />
        </button>
        <button type="button" className="icon-button" aria-label="Print" title="Print" onClick={() => printMessage(message.id)}>
          <Icon name="printer" />
        </button>
        {message.folder === 'trash' ? (
          // In the Trash, moving to the Trash means nothing: restore it, or delete it for good (with a question first).
          <>
            <button
              type="button"
              className="icon-button"
              aria-label="Restore"
              title="Restore to where it came from"
              onClick={() => void restoreMessages([message.id])}
            >
              <Icon name="inbox" />
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label="Delete permanently"
              title="Delete permanently (Shift+Delete)"
              onClick={() => askDeletePermanently([message.id])}
            >
              <Icon name="x" />
            </button>
          </>
        ) : (
          <button
            type="button"
            className="icon-button"
            aria-label="Move to Trash"
            title="Move to Trash (Delete)"
            onClick={() => void deleteSelected()}
          >
            <Icon name="trash" />
          </button>
        )}
      </div>
    </>
  );
}

export function MessageHeader({ message }: { message: MessageView }) {
  return (
    <header className="message-header">
      <div className="message-toolbar">
        <h1 className="message-subject">{message.subject || '(no subject)'}</h1>
        <MessageActions message={message} />
      </div>
      <div className="message-from">
        <Avatar name={message.fromName} address={message.fromAddress} />
        <div className="message-from-text">
          <SenderAndRecipients message={message} />
        </div>
        <time className="message-date" dateTime={message.date ? new Date(message.date).toISOString() : undefined}>
          {formatFullDate(message.date)}
        </time>
      </div>
    </header>
  );
}

/** Who sent it, and To and Cc: the single view's header and an unfolded message of a stack. */
export function SenderAndRecipients({ message }: { message: MessageView }) {
  return (
    <>
      <div>
        <span className="from-name">{message.fromName || message.fromAddress}</span>
        {message.fromName ? <span className="from-address"> &lt;{message.fromAddress}&gt;</span> : null}
      </div>
      {message.to.length > 0 ? (
        <div className="recipients">
          <span className="muted">To </span>
          {addressList(message.to)}
        </div>
      ) : null}
      {message.cc.length > 0 ? (
        <div className="recipients">
          <span className="muted">Cc </span>
          {addressList(message.cc)}
        </div>
      ) : null}
    </>
  );
}
