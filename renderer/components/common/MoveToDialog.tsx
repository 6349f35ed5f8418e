// "Move to…" (v): the folders the messages can go to, narrowed as the user types; ↑ ↓ choose,
// Enter moves. A listbox with the focus kept in the filter field (aria-activedescendant).
import { useState, type KeyboardEvent } from 'react';
import type { FolderRef } from '../../../shared/contract.ts';
import { useActions, useGetState } from '../../store/context.tsx';
import { moveTargets, type MoveTarget } from '../../store/folders/selectors.ts';
import type { AppState } from '../../store/app.ts';
import { cachedRows } from '../../store/mailbox/page-cache.ts';
import { Modal } from './Modal.tsx';

function accountIdsOf(s: AppState, ids: readonly number[]): number[] {
  const wanted = new Set(ids);
  const found = cachedRows(s.list.pages)
    .filter((r) => wanted.has(r.id))
    .map((r) => r.accountId);
  if (s.reader.message && wanted.has(s.reader.message.id)) found.push(s.reader.message.accountId);
  if (found.length === 0 && s.view.accountId !== null) found.push(s.view.accountId);
  return [...new Set(found)];
}

function optionId(t: MoveTarget): string {
  return `move-to-${String(t.folder)}`;
}

export function MoveToDialog({ ids, from, onClose }: { ids: readonly number[]; from: FolderRef; onClose: () => void }) {
  const getState = useGetState();
  const { moveMessages } = useActions();
  // Read once: the dialog lives for a few keystrokes, and the folders do not change under it.
  const [targets] = useState(() => moveTargets(getState(), accountIdsOf(getState(), ids), from));
  const [filter, setFilter] = useState('');
  const [active, setActive] = useState(0);
  const shown = targets.filter((t) => t.label.toLocaleLowerCase().includes(filter.trim().toLocaleLowerCase()));
  const current = shown[Math.min(active, shown.length - 1)];

  function choose(target: MoveTarget | undefined): void {
    if (!target) return;
    onClose();
    void moveMessages(ids, target.folder);
  }

  function onKeyDown(event: KeyboardEvent): void {
    if (event.key === 'ArrowDown') setActive((i) => Math.min(i + 1, shown.length - 1));
    else if (event.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
    else if (event.key === 'Enter') choose(current);
    else return;
    event.preventDefault();
  }

  const n = ids.length;
  return (
    <Modal title={`Move ${n === 1 ? 'message' : `${n} messages`} to…`} onClose={onClose}>
      <div className="field">
        <input
          type="text"
          role="combobox"
          aria-label="Folder name"
          aria-expanded="true"
          aria-controls="move-to-list"
          aria-activedescendant={current ? optionId(current) : undefined}
          placeholder="Type to filter folders"
          value={filter}
          autoFocus
          onChange={(e) => {
            setFilter(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
      </div>
      <ul id="move-to-list" className="move-list" role="listbox" aria-label="Folders">
        {shown.map((t) => (
          <li
            key={optionId(t)}
            id={optionId(t)}
            role="option"
            aria-selected={t === current}
            className={t === current ? 'move-option active' : 'move-option'}
            onMouseMove={() => setActive(shown.indexOf(t))}
            onClick={() => choose(t)}
          >
            <span>{t.label}</span>
            {t.accountName ? <span className="muted"> · {t.accountName}</span> : null}
          </li>
        ))}
      </ul>
      {shown.length === 0 ? <p className="muted">No folder matches “{filter}”.</p> : null}
    </Modal>
  );
}
