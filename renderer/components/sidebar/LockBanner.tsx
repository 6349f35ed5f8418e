// One line from SyncStatusView.banner when the last check was refused, with a way to the
// full explanation (DESIGN.md, "Lock diagnostics"). Shown once per screen: above the list, or
// on the account's settings page; the sidebar says it with the account's dot and state line.
import { useActions } from '../../store/context.tsx';
import { Icon } from '../common/Icon.tsx';

export function LockBanner({ accountId, banner }: { accountId: number; banner: string }) {
  const { navigate } = useActions();
  return (
    <div className="lock-banner" role="status">
      <Icon name="alert" className="lock-banner-icon" />
      <span className="lock-banner-text">{banner}</span>
      <button type="button" className="link-button" onClick={() => navigate({ name: 'diagnostics', accountId })}>
        Details
      </button>
    </div>
  );
}
