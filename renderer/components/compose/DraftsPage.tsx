// Drafts: the saved drafts of the account in view (or of all), newest first; one opens the composer.
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { selectDrafts } from '../../store/compose/selectors.ts';
import { useActions, useApp } from '../../store/context.tsx';
import { formatWhen } from './when.ts';

export function DraftsPage() {
  const drafts = useApp(useShallow(selectDrafts));
  const { loadDrafts, openDraft } = useActions();
  useEffect(() => void loadDrafts(), [loadDrafts]);
  return (
    <section className="page compose-list-page" aria-labelledby="drafts-title">
      <h1 id="drafts-title">Drafts</h1>
      {drafts.length === 0 ? <p>No drafts.</p> : null}
      <ul className="compose-items">
        {drafts.map((d) => (
          <li key={d.id}>
            <button type="button" className="compose-item" onClick={() => void openDraft(d.id)}>
              <span className="item-subject">{d.subject.trim() || '(no subject)'}</span>
              <span className="item-to">{d.to.map((a) => a.name || a.address).join(', ') || 'No recipient yet'}</span>
              <span className="item-when">{formatWhen(d.updatedAt)}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
