// Under the list title: the account's sync state, last check and "Check now" — or, for
// "All inboxes", the check button for every account.
import { formatClock, formatWhen } from '../../format/time.ts';
import { useNow } from '../../hooks/use-now.ts';
import { useActions, useApp } from '../../store/context.tsx';
import { selectAnyChecking, selectIsChecking, selectSyncStatus, syncStateText } from '../../store/sync/selectors.ts';
import { Icon } from '../common/Icon.tsx';

export function SyncLine({ accountId }: { accountId: number | null }) {
  return accountId === null ? <AllAccountsCheck /> : <AccountSyncLine accountId={accountId} />;
}

function AccountSyncLine({ accountId }: { accountId: number }) {
  const status = useApp(selectSyncStatus(accountId));
  const checking = useApp(selectIsChecking(accountId));
  const { checkNow } = useActions();
  const now = useNow(15_000);
  const last = status?.lastCheckAt ? `Last check ${formatWhen(status.lastCheckAt, now)}` : 'Never checked';
  return (
    <div className="sync-line">
      <span className="sync-line-text">
        {syncStateText(status, formatClock)} · {last}
      </span>
      <button
        type="button"
        className="button small"
        onClick={() => void checkNow(accountId)}
        disabled={checking}
        title="Check now (c or F5)"
      >
        <Icon name="refresh" size={14} className={checking ? 'spin' : undefined} /> {checking ? 'Checking…' : 'Check now'}
      </button>
    </div>
  );
}

function AllAccountsCheck() {
  const { checkAll } = useActions();
  const checking = useApp(selectAnyChecking);
  return (
    <div className="sync-line">
      <span className="sync-line-text">Every account’s inbox, newest first</span>
      <button
        type="button"
        className="button small"
        onClick={() => void checkAll()}
        disabled={checking}
        title="Check all accounts now (c or F5)"
      >
        <Icon name="refresh" size={14} className={checking ? 'spin' : undefined} /> {checking ? 'Checking…' : 'Check all'}
      </button>
    </div>
  );
}
