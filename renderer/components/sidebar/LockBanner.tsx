// One line from SyncStatusView.banner when the last check was refused, with a way to the
// full explanation (DESIGN.md, "Lock diagnostics").
import { useActions } from '../../store/context.tsx';
import { Icon } from '../common/Icon.tsx';

export function LockBanner({ accountId, banner, compact }: { accountId: number; banner: string; compact?: boolean }) {
  const { navigate } = useActions();
  return (
    <div className={compact ? 'lock-banner compact' : 'lock-banner'} role="status">
      <Icon name="alert" className="lock-banner-icon" />
      <span className="lock-banner-text">{banner}</span>
      <button type="button" className="link-button" onClick={() => navigate({ name: 'diagnostics', accountId })}>
        Details
      </button>
    </div>
  );
}
