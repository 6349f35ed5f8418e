// The left pane: all inboxes, then each account with its folders and sync state.
import { useShallow } from 'zustand/react/shallow';
import { selectAccountIds, selectTotalUnread } from '../../store/accounts/selectors.ts';
import { useActions, useApp } from '../../store/context.tsx';
import { selectView } from '../../store/mailbox/selectors.ts';
import { selectAllPaused } from '../../store/sync/selectors.ts';
import { selectRoute } from '../../store/ui/selectors.ts';
import { Icon } from '../common/Icon.tsx';
import { AccountItem } from './AccountItem.tsx';
import { FolderItem } from './FolderItem.tsx';

export function Sidebar() {
  const ids = useApp(useShallow(selectAccountIds));
  const unread = useApp(selectTotalUnread);
  const view = useApp(selectView);
  const route = useApp(selectRoute);
  const allPaused = useApp(selectAllPaused);
  const { showMailbox, navigate, openDialog, pauseAll } = useActions();

  return (
    <nav className="sidebar" aria-label="Accounts and folders">
      <div className="brand">
        <span className="brand-mark">
          <Icon name="leaf" size={18} />
        </span>
        <span className="brand-name">Poplar</span>
      </div>
      <ul className="folders top">
        <FolderItem
          label="All inboxes"
          icon="inboxes"
          unread={unread}
          active={route.name === 'mail' && view.accountId === null && view.folder === 'inbox'}
          onSelect={() => showMailbox(null, 'inbox')}
        />
      </ul>
      <h2 className="section-label">Accounts</h2>
      <ul className="accounts">
        {ids.map((id) => (
          <AccountItem key={id} accountId={id} />
        ))}
      </ul>
      <div className="sidebar-footer">
        <button
          type="button"
          className={`sidebar-action${route.name === 'add-account' ? ' active' : ''}`}
          onClick={() => navigate({ name: 'add-account' })}
        >
          <Icon name="plus" /> Add account
        </button>
        <div className="sidebar-footer-row">
          <button
            type="button"
            className="sidebar-action"
            onClick={() => void pauseAll(!allPaused)}
            aria-pressed={allPaused}
            disabled={ids.length === 0}
          >
            <Icon name={allPaused ? 'play' : 'pause'} /> {allPaused ? 'Resume checking' : 'Pause all'}
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label="Keyboard shortcuts"
            title="Keyboard shortcuts (?)"
            onClick={() => openDialog({ kind: 'shortcuts' })}
          >
            <Icon name="keyboard" />
          </button>
        </div>
      </div>
    </nav>
  );
}
