// The Outbox: what is not sent yet, each with its state in words, and what the user can do:
// Retry (failed, waiting), "Was it sent?" (unknown after a crash during DATA: the engine never
// sends those again on its own) and Cancel back to a draft.
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { OutboxItemView, OutboxStateView } from '../../../shared/compose-contract.ts';
import { selectOutbox } from '../../store/compose/selectors.ts';
import { useActions, useApp } from '../../store/context.tsx';
import { formatWhen } from './when.ts';

const stateWords: Record<OutboxStateView, string> = {
  queued: 'Waiting to be sent',
  sending: 'Sending…',
  retry: 'Will try again',
  failed: 'Not sent',
  unknown: 'Was it sent?',
  sent: 'Sent',
};

function stateLine(item: OutboxItemView): string {
  if (item.state === 'retry' && item.nextAttemptAt !== null) return `${stateWords.retry} at ${formatWhen(item.nextAttemptAt)}`;
  // Held for undo-send (UNDO_SEND_SECONDS): Back to draft still takes it back, nothing sent.
  if (item.state === 'queued' && item.nextAttemptAt !== null && item.nextAttemptAt > Date.now()) {
    return `Leaves at ${formatWhen(item.nextAttemptAt)}; until then Back to draft takes it back`;
  }
  return stateWords[item.state];
}

export function OutboxPage() {
  const items = useApp(useShallow(selectOutbox));
  const { loadOutbox, retryOutbox, resolveOutbox, cancelOutbox } = useActions();
  useEffect(() => void loadOutbox(), [loadOutbox]);
  return (
    <section className="page compose-list-page" aria-labelledby="outbox-title">
      <h1 id="outbox-title">Outbox</h1>
      {items.length === 0 ? <p>Nothing waiting to be sent.</p> : null}
      <ul className="compose-items">
        {items.map((o) => (
          <li key={o.id} className={`outbox-item state-${o.state}`}>
            <div className="item-text">
              <span className="item-subject">{o.subject.trim() || '(no subject)'}</span>
              <span className="item-to">To {o.to.join(', ')}</span>
              <span className="item-state">{stateLine(o)}</span>
              {o.problem ? <span className="item-problem">{o.problem}</span> : null}
              {o.serverResponse ? <code className="item-server">{o.serverResponse}</code> : null}
            </div>
            <div className="item-actions">
              {o.state === 'failed' || o.state === 'retry' ? (
                <button type="button" className="button" onClick={() => void retryOutbox(o.id)}>
                  Retry now
                </button>
              ) : null}
              {o.state === 'unknown' ? (
                <>
                  <button type="button" className="button" onClick={() => void resolveOutbox(o.id, 'sent')}>
                    It was sent
                  </button>
                  <button type="button" className="button" onClick={() => void resolveOutbox(o.id, 'resend')}>
                    Send it again
                  </button>
                </>
              ) : null}
              {o.state !== 'sending' && o.state !== 'sent' ? (
                <button type="button" className="button" onClick={() => void cancelOutbox(o.id)}>
                  Back to draft
                </button>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
