// The left pane: every account's Inbox, Archive and Trash together with the local folders, then
// each account with its folders and sync state.
import { useShallow } from 'zustand/react/shallow';
import { selectAccountIds, selectTotalUnread } from '../../store/accounts/selectors.ts';
import { useActions, useApp, useGetState } from '../../store/context.tsx';
import { selectAllPaused } from '../../store/sync/selectors.ts';
import { selectRoute } from '../../store/ui/selectors.ts';
import { Icon } from '../common/Icon.tsx';
import { AccountItem } from './AccountItem.tsx';
import { FolderList } from './FolderList.tsx';

export function Sidebar() {
  const ids = useApp(useShallow(selectAccountIds));
  const unread = useApp(selectTotalUnread);
  const route = useApp(selectRoute);
  const allPaused = useApp(selectAllPaused);
  const getState = useGetState();
  const { navigate, openDialog, pauseAll, newMessageHere } = useActions();

  return (
    <nav className="sidebar" aria-label="Accounts and folders">
      <div className="brand">
        <span className="brand-mark">
          <Icon name="leaf" size={18} />
        </span>
        <span className="brand-name">Poplar</span>
      </div>
      {ids.length > 0 ? (
        <button
          type="button"
          className="button primary new-message"
          data-compose
          title="New message (n)"
          onClick={() => void newMessageHere()}
        >
          <Icon name="pencil" /> New message
        </button>
      ) : null}
      <FolderList accountId={null} inboxLabel="All inboxes" inboxUnread={unread} />
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
        <button
          type="button"
          className="sidebar-action"
          onClick={() => openDialog({ kind: 'folder-name', accountId: getState().view.accountId, folderId: null })}
        >
          <Icon name="folderPlus" /> New folder…
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
            className={`icon-button${route.name === 'settings' ? ' active' : ''}`}
            aria-label="Settings"
            title="Settings: remote content"
            aria-current={route.name === 'settings' ? 'page' : undefined}
            onClick={() => navigate({ name: 'settings' })}
          >
            <Icon name="settings" />
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
