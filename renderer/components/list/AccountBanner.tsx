// An account's lock banner above the list, named when the list mixes accounts.
import { selectAccount } from '../../store/accounts/selectors.ts';
import { useApp } from '../../store/context.tsx';
import { selectView } from '../../store/mailbox/selectors.ts';
import { selectBanner } from '../../store/sync/selectors.ts';
import { LockBanner } from '../sidebar/LockBanner.tsx';

export function AccountBanner({ accountId }: { accountId: number }) {
  const banner = useApp(selectBanner(accountId));
  const account = useApp(selectAccount(accountId));
  const view = useApp(selectView);
  if (!banner) return null;
  return (
    <div className="list-banner">
      <LockBanner accountId={accountId} banner={view.accountId === null && account ? `${account.name}: ${banner}` : banner} />
    </div>
  );
}
