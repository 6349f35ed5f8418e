// The composer: a window-level view over the draft in the compose slice. Everything typed is
// kept in the store at once and saved by the slice (autosave); this view only renders it.
// Focus goes to the first empty field when it opens and back to where the user was after.
import { lazy, Suspense, useEffect, useId, useRef, useState, type DragEvent } from 'react';
import type { AddressInput } from '../../../shared/compose-contract.ts';
import { composerUrl } from '../../../shared/composer-window.ts';
import { selectAccounts } from '../../store/accounts/selectors.ts';
import { selectCompose } from '../../store/compose/selectors.ts';
import { useActions, useApp } from '../../store/context.tsx';
import { Icon } from '../common/Icon.tsx';
import { AddressField } from './AddressField.tsx';
import { attachmentOf, Attachments } from './Attachments.tsx';

// The editor (TipTap and ProseMirror) is most of the window's script: loaded apart, so that the
// mail list's first rows do not wait for it to be read (bench:window), and fetched when the user
// points at or tabs to a button that writes (preloadEditorOnIntent), so that the composer
// usually finds it there. Not on idle: evaluating it is a long task of its own (~150 ms on two
// cores), which landed in the middle of the first scroll.
const loadEditor = () => import('./RichEditor.tsx');
const RichEditor = lazy(async () => ({ default: (await loadEditor()).RichEditor }));

/**
 * Fetches the editor's code ahead of the first composer, once a pointer or the focus reaches an
 * element marked `data-compose` (New message, Reply, Reply all, Forward). The keyboard's n, r,
 * a and f open the composer, which loads it then.
 */
export function preloadEditorOnIntent(root: Document): void {
  const intent = (event: Event): void => {
    if (!(event.target instanceof Element) || event.target.closest('[data-compose]') === null) return;
    root.removeEventListener('pointerover', intent);
    root.removeEventListener('focusin', intent);
    void loadEditor().catch(() => {}); // the composer asks again when it opens, and says so if it fails
  };
  root.addEventListener('pointerover', intent);
  root.addEventListener('focusin', intent);
}

const saveWords = { saved: 'Saved', pending: 'Editing…', saving: 'Saving…', failed: 'Not saved' } as const;

/** Where "Open in a new window" opens the draft: a window of the app's page at a letter's size. */
function openComposerWindow(draftId: number): boolean {
  return window.open(composerUrl(window.location.href, draftId), '_blank', 'popup,width=760,height=720') !== null;
}

/** `ownWindow`: the composer is its window's only view (ComposerWindow), so it offers no "new window". */
export function Composer({ ownWindow = false }: { readonly ownWindow?: boolean }) {
  const { draft, save, problem, sending } = useApp(selectCompose);
  const accounts = useApp(selectAccounts);
  const actions = useActions();
  const titleId = useId();
  const bodyLabel = useId();
  const [showCc, setShowCc] = useState(false);
  const [over, setOver] = useState(false);
  const first = useRef<HTMLDivElement>(null);
  const returnTo = useRef<Element | null>(null);

  const draftId = draft?.id;
  useEffect(() => {
    returnTo.current = document.activeElement;
    first.current?.querySelector<HTMLInputElement>('input')?.focus();
    return () => {
      const back = returnTo.current;
      if (back instanceof HTMLElement && back.isConnected) back.focus();
    };
  }, [draftId]);
  // A page hidden or closed saves what is pending (the slice's timer may not get to run).
  useEffect(() => {
    const flush = () => void actions.flushDraft();
    window.addEventListener('pagehide', flush);
    return () => window.removeEventListener('pagehide', flush);
  }, [actions]);

  if (!draft) {
    return (
      <section className="page compose-page" aria-label="New message">
        <p>No message is open.</p>
      </section>
    );
  }
  const cc = showCc || draft.cc.length > 0 || draft.bcc.length > 0;
  const addFiles = (files: File[]) => {
    for (const f of files) void attachmentOf(f).then((a) => actions.attachFile(a));
  };
  const drop = {
    onDragOver(e: DragEvent) {
      if (e.dataTransfer.types.includes('Files')) {
        e.preventDefault();
        setOver(true);
      }
    },
    onDragLeave: () => setOver(false),
    onDrop(e: DragEvent) {
      if (e.dataTransfer.files.length === 0) return;
      e.preventDefault();
      setOver(false);
      addFiles([...e.dataTransfer.files]);
    },
  };

  return (
    <section className={over ? 'page compose-page drop-over' : 'page compose-page'} aria-labelledby={titleId} {...drop}>
      <header className="compose-head">
        <h1 id={titleId}>{draft.subject.trim() || 'New message'}</h1>
        <span className="save-state" role="status">
          {saveWords[save]}
        </span>
        {ownWindow ? null : (
          <button
            type="button"
            className="icon-button"
            title="Open in a new window"
            aria-label="Open in a new window"
            onClick={() => void actions.popOutComposer(openComposerWindow)}
          >
            <Icon name="external" />
          </button>
        )}
      </header>
      <div className="compose-fields" ref={first}>
        <div className="compose-row">
          <label htmlFor={`${titleId}-from`}>From</label>
          <select id={`${titleId}-from`} value={draft.accountId} onChange={(e) => actions.editDraft({ accountId: Number(e.target.value) })}>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.identity ? `${a.identity.fromName ? `${a.identity.fromName} ` : ''}<${a.identity.fromAddress}>` : a.name}
                {a.smtp ? '' : ' (no outgoing server)'}
              </option>
            ))}
          </select>
        </div>
        <AddressField label="To" value={draft.to} onChange={(to: AddressInput[]) => actions.editDraft({ to })} />
        {cc ? (
          <>
            <AddressField label="Cc" value={draft.cc} onChange={(next) => actions.editDraft({ cc: next })} />
            <AddressField label="Bcc" value={draft.bcc} onChange={(bcc) => actions.editDraft({ bcc })} />
          </>
        ) : (
          <button type="button" className="link-button" onClick={() => setShowCc(true)}>
            Cc and Bcc
          </button>
        )}
        <div className="compose-row">
          <label htmlFor={`${titleId}-subject`}>Subject</label>
          <input
            id={`${titleId}-subject`}
            type="text"
            value={draft.subject}
            maxLength={998}
            onChange={(e) => actions.editDraft({ subject: e.target.value })}
          />
        </div>
      </div>
      <span id={bodyLabel} className="visually-hidden">
        Message
      </span>
      <Suspense fallback={<p className="compose-editor muted">Opening the editor…</p>}>
        <RichEditor
          key={draft.id}
          html={draft.html}
          text={draft.text}
          labelledBy={bodyLabel}
          onChange={(body) => actions.editDraft(body)}
        />
      </Suspense>
      <Attachments items={draft.attachments} onAdd={addFiles} onRemove={(i) => void actions.detachFile(i)} />
      {problem ? (
        <p className="form-problem" role="alert">
          {problem}
        </p>
      ) : null}
      <footer className="compose-actions">
        <button type="button" className="button primary" disabled={sending} onClick={() => void actions.sendDraft()}>
          <Icon name="send" /> {sending ? 'Sending…' : 'Send'}
        </button>
        <button type="button" className="button" onClick={() => void actions.closeComposer()}>
          Close (keep the draft)
        </button>
        <button type="button" className="button danger" onClick={() => void actions.discardDraft()}>
          Discard
        </button>
      </footer>
    </section>
  );
}
