// The reading pane for a conversation of more than one message: the subject, then every message
// of it oldest first, each a header button (sender, date, snippet) that folds or unfolds it. An
// unfolded message shows its sender, recipients, date, attachments and body; unfolding one loads
// it and marks it read, like opening a message does (store/reader/stack.ts).
import type { MessageSummaryView, MessageView } from '../../../shared/contract.ts';
import { formatFullDate } from '../../format/time.ts';
import { useActions, useApp } from '../../store/context.tsx';
import { selectRemoteAllowedFor } from '../../store/reader/selectors.ts';
import type { StackState } from '../../store/reader/stack.ts';
import { Spinner } from '../common/Spinner.tsx';
import { AttachmentList } from './AttachmentList.tsx';
import { Avatar } from './Avatar.tsx';
import { HtmlBody } from './HtmlBody.tsx';
import { MessageActions, SenderAndRecipients } from './MessageHeader.tsx';
import { TextBody } from './TextBody.tsx';

export function ConversationStack({ opened, stack, loading }: { opened: MessageView; stack: StackState; loading: boolean }) {
  return (
    <article className={loading ? 'message conversation loading' : 'message conversation'} aria-busy={loading}>
      <header className="message-header">
        <div className="message-toolbar">
          <h1 className="message-subject">{opened.subject || '(no subject)'}</h1>
          {/* The opened message's actions, as in the single view. */}
          <MessageActions message={opened} />
        </div>
        <p className="muted stack-count">{stack.messages.length} messages in this conversation</p>
      </header>
      {/* Focusable, so that a keyboard alone scrolls a long conversation. */}
      <ol className="stack" aria-label="Messages in this conversation" tabIndex={0}>
        {stack.messages.map((m) => (
          <StackItem key={m.id} summary={m} stack={stack} />
        ))}
      </ol>
    </article>
  );
}

function StackItem({ summary, stack }: { summary: MessageSummaryView; stack: StackState }) {
  const { toggleStackMessage } = useActions();
  const expanded = stack.expandedIds.includes(summary.id);
  const bodyId = `stack-body-${summary.id}`;
  const sender = summary.fromName || summary.fromAddress;
  const body = stack.bodies[summary.id];
  const failed = stack.failed[summary.id];
  return (
    <li className={summary.read ? 'stack-item' : 'stack-item unread'}>
      <h2 className="stack-heading">
        <button
          type="button"
          className="stack-toggle"
          aria-expanded={expanded}
          aria-controls={bodyId}
          onClick={() => void toggleStackMessage(summary.id)}
        >
          <Avatar name={summary.fromName} address={summary.fromAddress} />
          <span className="stack-sender">{sender}</span>
          <time className="stack-date" dateTime={summary.date ? new Date(summary.date).toISOString() : undefined}>
            {formatFullDate(summary.date)}
          </time>
          {expanded ? null : <span className="stack-snippet">{summary.snippet}</span>}
        </button>
      </h2>
      <div id={bodyId} className="stack-body" hidden={!expanded}>
        {!expanded ? null : body ? (
          <StackBody message={body} />
        ) : failed ? (
          <p className="notice warning" role="alert">
            This message could not be opened: {failed}
          </p>
        ) : (
          <Spinner label={`Opening the message from ${sender}`} />
        )}
      </div>
    </li>
  );
}

function StackBody({ message }: { message: MessageView }) {
  const remoteAllowed = useApp(selectRemoteAllowedFor(message));
  return (
    <>
      <div className="stack-meta">
        <SenderAndRecipients message={message} />
      </div>
      {message.partial ? (
        <div className="notice">Only the headers of this message were downloaded: it is larger than the account’s size limit.</div>
      ) : null}
      <AttachmentList message={message} />
      {message.html ? <HtmlBody message={message} html={message.html} remoteAllowed={remoteAllowed} /> : <TextBody text={message.text} />}
    </>
  );
}
