// Search as you type: the query goes to the full-text index ('messages.page' with `search`)
// once typing pauses, so a fast typist sends one request, not one per key.
import { useEffect, useState } from 'react';
import { useDebouncedEffect } from '../../hooks/use-debounced.ts';
import { useActions, useApp } from '../../store/context.tsx';
import { selectSearch } from '../../store/mailbox/selectors.ts';
import { Icon } from '../common/Icon.tsx';

const DEBOUNCE_MS = 250;

export function SearchBox() {
  const applied = useApp(selectSearch);
  const { setSearch } = useActions();
  const [text, setText] = useState(applied);

  // Switching folders clears the search in the store; the field follows.
  useEffect(() => setText(applied), [applied]);
  useDebouncedEffect(text, DEBOUNCE_MS, setSearch);

  return (
    <div className="search" role="search">
      <Icon name="search" className="search-icon" />
      <input
        id="search"
        type="search"
        placeholder="Search mail"
        aria-label="Search mail"
        autoComplete="off"
        spellCheck={false}
        value={text}
        maxLength={200}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            setText('');
            setSearch('');
            e.currentTarget.blur();
          } else if (e.key === 'Enter' || e.key === 'ArrowDown') {
            setSearch(text);
            document.querySelector<HTMLElement>('[role="listbox"]')?.focus();
            e.preventDefault();
          }
        }}
      />
      <kbd className="search-hint" aria-hidden="true">
        /
      </kbd>
    </div>
  );
}
