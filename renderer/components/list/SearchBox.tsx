// Search as you type: every keystroke asks the full-text index at once, with no pause to
// wait out. A newer query replaces the older ones: the store drops their answers and the
// engine skips those still queued ('supersedes' in shared/contract.ts), and the first page
// shows before the count is known (store/mailbox/slice.ts). Operators (from:, is:unread, …) are
// read by shared/search-query.ts in the engine; the rows mark the free words (highlight.ts).
import { useEffect, useRef, useState } from 'react';
import { SEARCH_OPERATORS } from '../../../shared/search-query.ts';
import { useActions, useApp } from '../../store/context.tsx';
import { selectSearch } from '../../store/mailbox/selectors.ts';
import { Icon } from '../common/Icon.tsx';

const HINT = `Words, "a phrase", or ${SEARCH_OPERATORS.join(' ')}`;

export function SearchBox() {
  const applied = useApp(selectSearch);
  const { setSearch } = useActions();
  const [text, setText] = useState(applied);
  const input = useRef<HTMLInputElement>(null);

  // Switching folders clears the search in the store; the field follows.
  useEffect(() => setText(applied), [applied]);

  const clear = () => {
    setText('');
    setSearch('');
  };

  return (
    <div className="search" role="search">
      <Icon name="search" className="search-icon" />
      <input
        ref={input}
        id="search"
        type="search"
        placeholder="Search mail"
        aria-label="Search mail"
        title={HINT}
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
            clear();
            e.currentTarget.blur();
          } else if (e.key === 'Enter' || e.key === 'ArrowDown') {
            setSearch(text);
            document.querySelector<HTMLElement>('[role="listbox"]')?.focus();
            e.preventDefault();
          }
        }}
      />
      {text !== '' ? (
        <button
          type="button"
          className="search-clear"
          aria-label="Clear search"
          title="Clear search (Esc)"
          onClick={() => {
            clear();
            input.current?.focus();
          }}
        >
          <Icon name="x" size={14} />
        </button>
      ) : (
        <kbd className="search-hint" aria-hidden="true">
          /
        </kbd>
      )}
    </div>
  );
}
