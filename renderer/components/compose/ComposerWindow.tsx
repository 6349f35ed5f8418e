// A composer in a window of its own (shared/composer-window.ts): the draft it was opened on,
// and nothing else of the window. Close and Discard end the window once the composer has done
// its part (saved, removed); Send ends it when the undo-send time is over, so its Undo can be
// reached here (Undo brings the composer back). The main window hears of it all through the
// engine's drafts.changed and outbox.changed. A draft that is gone (sent or discarded from
// another window meanwhile) is said, with a way out.
import { useEffect, useRef, useState } from 'react';
import { selectCompose } from '../../store/compose/selectors.ts';
import { useApp, useGetState } from '../../store/context.tsx';
import { ConnectionBar } from '../common/ConnectionBar.tsx';
import { Dialogs } from '../common/Dialogs.tsx';
import { Spinner } from '../common/Spinner.tsx';
import { Toasts } from '../common/Toasts.tsx';
import { Composer } from './Composer.tsx';

export function ComposerWindow({ draftId }: { readonly draftId: number }) {
  const { draft } = useApp(selectCompose);
  const held = useApp((s) => s.heldSend);
  // The store's getState is stable (its actions object is new with every state): the draft is
  // opened once, not again at every edit, which would put back its saved words.
  const getState = useGetState();
  const [state, setState] = useState<'opening' | 'open' | 'gone'>('opening');
  const opened = useRef(false);

  useEffect(() => {
    void getState()
      .openDraft(draftId)
      .then((ok) => setState(ok ? 'open' : 'gone'));
  }, [getState, draftId]);

  useEffect(() => {
    if (draft !== null) {
      opened.current = true;
      document.title = draft.subject.trim() || 'New message';
      return;
    }
    if (!opened.current) return;
    // Closed or discarded: the composer's work is done, and so is this window's. Sent: once its
    // Undo is no longer offered.
    const wait = held === null ? 0 : Math.max(0, held.until - Date.now()) + 300;
    const timer = setTimeout(() => window.close(), wait);
    return () => clearTimeout(timer);
  }, [draft, held]);

  return (
    <>
      <ConnectionBar />
      <main className="page-host solo composer-window">
        {state === 'open' && draft === null && held !== null ? (
          <section className="page compose-page" aria-label="Sending">
            <h1>Sending…</h1>
            <p>The message leaves in a few seconds; Undo below brings it back here. This window then closes.</p>
          </section>
        ) : state === 'opening' ? (
          <Spinner label="Opening the draft" />
        ) : state === 'gone' ? (
          <section className="page compose-page" aria-label="Draft not found">
            <h1>This draft is no longer here</h1>
            <p>It was sent or discarded in another window. Drafts and Outbox in the main window show where it went.</p>
            <button type="button" className="button" onClick={() => window.close()}>
              Close this window
            </button>
          </section>
        ) : (
          <Composer ownWindow />
        )}
      </main>
      <Dialogs />
      <Toasts />
    </>
  );
}
