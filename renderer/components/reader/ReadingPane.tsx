// The right pane: the open message (or its conversation as a stack), a summary of a multiple
// selection, or a hint.
import { useApp } from '../../store/context.tsx';
import { selectSelectionCount } from '../../store/mailbox/selectors.ts';
import { selectReader, selectStack } from '../../store/reader/selectors.ts';
import { Icon } from '../common/Icon.tsx';
import { Spinner } from '../common/Spinner.tsx';
import { AttachmentList } from './AttachmentList.tsx';
import { ConversationStack } from './ConversationStack.tsx';
import { HtmlBody } from './HtmlBody.tsx';
import { MessageHeader } from './MessageHeader.tsx';
import { SelectionSummary } from './SelectionSummary.tsx';
import { TextBody } from './TextBody.tsx';

export function ReadingPane() {
  const reader = useApp(selectReader);
  const selected = useApp(selectSelectionCount);
  const stack = useApp(selectStack);
  return (
    <section id="reading-pane" className="reading-pane" aria-label="Reading pane" tabIndex={-1}>
      <Content reader={reader} selected={selected} stack={stack} />
    </section>
  );
}

interface ContentProps {
  reader: ReturnType<typeof selectReader>;
  selected: number;
  stack: ReturnType<typeof selectStack>;
}

function Content({ reader, selected, stack }: ContentProps) {
  if (selected > 1) return <SelectionSummary />;
  const message = reader.message;
  if (reader.status === 'error') {
    return (
      <div className="reader-empty" role="alert">
        <Icon name="alert" size={32} />
        <p className="reader-empty-title">This message could not be opened.</p>
        <p className="muted">{reader.error}</p>
      </div>
    );
  }
  if (!message) {
    if (reader.status === 'loading') {
      return (
        <div className="reader-empty">
          <Spinner label="Opening message" />
        </div>
      );
    }
    return (
      <div className="reader-empty">
        <Icon name="mail" size={40} />
        <p className="reader-empty-title">No message selected</p>
        <p className="muted">
          <kbd>j</kbd> <kbd>k</kbd> to move · <kbd>/</kbd> to search · <kbd>?</kbd> for all shortcuts
        </p>
      </div>
    );
  }
  if (stack.forId === message.id) return <ConversationStack opened={message} stack={stack} loading={reader.status === 'loading'} />;
  return (
    <article className={reader.status === 'loading' ? 'message loading' : 'message'} aria-busy={reader.status === 'loading'}>
      <MessageHeader message={message} />
      {message.partial ? (
        <div className="notice">Only the headers of this message were downloaded: it is larger than the account’s size limit.</div>
      ) : null}
      {message.parseError ? <div className="notice warning">Part of this message could not be read: {message.parseError}</div> : null}
      <AttachmentList message={message} />
      {message.html ? (
        <HtmlBody key={message.id} message={message} html={message.html} />
      ) : (
        // Focusable, so that a keyboard alone scrolls a long message.
        <div className="text-scroll" tabIndex={0}>
          <TextBody key={message.id} text={message.text} />
        </div>
      )}
    </article>
  );
}
