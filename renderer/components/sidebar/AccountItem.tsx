// One account in the sidebar: its sync dot and state, and its folders (FolderList). A refused
// check's banner is shown once, above the list (list/AccountBanner.tsx); here the dot and the
// state line say it (issue 14, defect 5).
import { selectAccount } from '../../store/accounts/selectors.ts';
import { useActions, useApp } from '../../store/context.tsx';
import { selectRoute } from '../../store/ui/selectors.ts';
import { selectIsChecking, selectSyncDot, selectSyncStatus, syncStateText } from '../../store/sync/selectors.ts';
import { formatClock, formatWhen } from '../../format/time.ts';
import { useNow } from '../../hooks/use-now.ts';
import { Icon } from '../common/Icon.tsx';
import { FolderList } from './FolderList.tsx';
import { SyncDot } from './SyncDot.tsx';

export function AccountItem({ accountId }: { accountId: number }) {
  const account = useApp(selectAccount(accountId));
  const dot = useApp(selectSyncDot(accountId));
  const status = useApp(selectSyncStatus(accountId));
  const checking = useApp(selectIsChecking(accountId));
  const route = useApp(selectRoute);
  const { checkNow, navigate, openDialog } = useActions();
  const now = useNow();
  if (!account) return null;

  const state = syncStateText(status, formatClock);
  const last = status?.lastCheckAt ? `checked ${formatWhen(status.lastCheckAt, now)}` : null;
  const settingsOpen = route.name === 'account-settings' && route.accountId === accountId;

  return (
    <li className="account">
      <div className="account-header">
        <SyncDot state={dot} />
        <span className="account-name" title={`${account.user} on ${account.host}`}>
          {account.name}
        </span>
        <span className="account-actions">
          <button
            type="button"
            className={`icon-button small${checking ? ' spinning' : ''}`}
            aria-label={`Check ${account.name} now`}
            title="Check now (c)"
            onClick={() => void checkNow(accountId)}
            disabled={checking}
          >
            <Icon name="refresh" size={14} />
          </button>
          <button
            type="button"
            className="icon-button small"
            aria-label={`New folder in ${account.name}`}
            title="New folder"
            onClick={() => openDialog({ kind: 'folder-name', accountId, folderId: null })}
          >
            <Icon name="folderPlus" size={14} />
          </button>
          <button
            type="button"
            className={`icon-button small${settingsOpen ? ' active' : ''}`}
            aria-label={`Settings for ${account.name}`}
            title="Account settings"
            onClick={() => navigate({ name: 'account-settings', accountId })}
          >
            <Icon name="settings" size={14} />
          </button>
        </span>
      </div>
      <div className="account-state" aria-live="polite">
        {state}
        {last && status?.state.kind !== 'running' ? <span className="muted"> · {last}</span> : null}
      </div>
      <FolderList accountId={accountId} inboxLabel="Inbox" inboxUnread={account.unread} />
    </li>
  );
}
