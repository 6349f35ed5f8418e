// Search as you type: every keystroke asks the full-text index at once, with no pause to
// wait out. A newer query replaces the older ones: the store drops their answers and the
// engine skips those still queued ('supersedes' in shared/contract.ts), and the first page
// shows before the count is known (store/mailbox/slice.ts).
import { useEffect, useState } from 'react';
import { useActions, useApp } from '../../store/context.tsx';
import { selectSearch } from '../../store/mailbox/selectors.ts';
import { Icon } from '../common/Icon.tsx';

export function SearchBox() {
  const applied = useApp(selectSearch);
  const { setSearch } = useActions();
  const [text, setText] = useState(applied);

  // Switching folders clears the search in the store; the field follows.
  useEffect(() => setText(applied), [applied]);

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
        onChange={(e) => {
          setText(e.target.value);
          setSearch(e.target.value);
        }}
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
