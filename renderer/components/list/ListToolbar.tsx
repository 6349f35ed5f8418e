// Under the search box: the quick filters (one at a time, as the contract's `only`), the order
// (key and direction) and the switch between conversations and single messages. Each is part
// of the list's key (store/mailbox/list-query.ts): changing one shows a new list from its top.
import { useActions, useApp } from '../../store/context.tsx';
import type { QuickFilter, SortKey } from '../../store/mailbox/list-query.ts';
import { selectConversations, selectDescending, selectQuickFilter, selectSort } from '../../store/mailbox/selectors.ts';
import { SortDirectionIcon } from './list-icons.tsx';

const FILTERS: ReadonlyArray<{ only: QuickFilter; label: string }> = [
  { only: 'unread', label: 'Unread' },
  { only: 'flagged', label: 'Flagged' },
  { only: 'attachments', label: 'With attachments' },
];

const SORTS: ReadonlyArray<{ sort: SortKey; label: string }> = [
  { sort: 'date', label: 'Date' },
  { sort: 'sender', label: 'Sender' },
  { sort: 'subject', label: 'Subject' },
  { sort: 'size', label: 'Size' },
];

/** What "descending" means for each key, in words. */
function directionText(sort: SortKey, descending: boolean): string {
  switch (sort) {
    case 'date':
      return descending ? 'Newest first' : 'Oldest first';
    case 'size':
      return descending ? 'Largest first' : 'Smallest first';
    default:
      return descending ? 'Z to A' : 'A to Z';
  }
}

/** The direction a key starts in when it is chosen: newest and largest first, names from A. */
function naturalDescending(sort: SortKey): boolean {
  return sort === 'date' || sort === 'size';
}

export function ListToolbar() {
  const only = useApp(selectQuickFilter);
  const sort = useApp(selectSort);
  const descending = useApp(selectDescending);
  const conversations = useApp(selectConversations);
  const { setQuickFilter, setSort, setConversations } = useActions();

  return (
    <div className="list-toolbar">
      <div className="chips" role="group" aria-label="Quick filters">
        {FILTERS.map((f) => (
          <button
            key={f.only}
            type="button"
            className={only === f.only ? 'chip on' : 'chip'}
            aria-pressed={only === f.only}
            onClick={() => setQuickFilter(only === f.only ? null : f.only)}
          >
            {f.label}
          </button>
        ))}
      </div>
      <div className="list-order">
        <select
          className="sort-select"
          aria-label="Sort by"
          value={sort}
          onChange={(e) => setSort(e.target.value as SortKey, naturalDescending(e.target.value as SortKey))}
        >
          {SORTS.map((s) => (
            <option key={s.sort} value={s.sort}>
              {s.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="icon-button small"
          aria-label={`Order: ${directionText(sort, descending)}`}
          title={`${directionText(sort, descending)} (click for ${directionText(sort, !descending).toLowerCase()})`}
          onClick={() => setSort(sort, !descending)}
        >
          <SortDirectionIcon descending={descending} />
        </button>
        <div className="segmented" role="group" aria-label="Show">
          <button type="button" aria-pressed={conversations} onClick={() => setConversations(true)}>
            Conversations
          </button>
          <button type="button" aria-pressed={!conversations} onClick={() => setConversations(false)}>
            Messages
          </button>
        </div>
      </div>
    </div>
  );
}
