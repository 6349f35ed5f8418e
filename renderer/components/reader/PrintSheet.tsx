// What printing a message puts on paper: its headers and its text, on a sheet of its own at the
// end of <body> (print.css hides everything else in print media, and the sheet on screen).
//
// Why the text and not the HTML frame: the frame is sandbox="" with no script, so neither this
// page nor the mail can measure its content, and a printed <iframe> is cut at its own height —
// one page at most. Letting the page read it (allow-same-origin) or copying the mail's markup
// into this page would break the sandbox. The text part (or, for HTML-only mail, the text the
// engine derived from the HTML) flows over as many pages as it needs.
import { createPortal } from 'react-dom';
import type { AddressView, MessageView } from '../../../shared/contract.ts';
import { formatFullDate } from '../../format/time.ts';

function addresses(list: readonly AddressView[]): string {
  return list.map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join(', ');
}

export function PrintSheet({ message }: { message: MessageView }) {
  const from = message.fromName ? `${message.fromName} <${message.fromAddress}>` : message.fromAddress;
  const files = message.attachments.filter((a) => !(a.inline && a.contentId && message.html));
  const rows: Array<[string, string]> = [
    ['From', from],
    ...(message.to.length > 0 ? [['To', addresses(message.to)] as [string, string]] : []),
    ...(message.cc.length > 0 ? [['Cc', addresses(message.cc)] as [string, string]] : []),
    ['Date', formatFullDate(message.date)],
    ...(files.length > 0 ? [['Attachments', files.map((a) => a.filename ?? `attachment-${a.id}`).join(', ')] as [string, string]] : []),
  ];
  return createPortal(
    <article className="print-sheet" aria-hidden="true" data-message-id={message.id}>
      <h1 className="print-subject">{message.subject || '(no subject)'}</h1>
      <dl className="print-headers">
        {rows.map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {message.html ? <p className="print-note">Printed from the message’s text version.</p> : null}
      <pre className="print-text">{message.text.trim() === '' ? 'This message has no text.' : message.text}</pre>
    </article>,
    document.body,
  );
}
