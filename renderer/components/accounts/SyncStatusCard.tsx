// An account's sync state with "Check now" and the answer to it: a check the server would
// refuse is not sent, and the answer says when it will be allowed.
import { formatClock, formatWhen } from '../../format/time.ts';
import { useNow } from '../../hooks/use-now.ts';
import { useActions, useApp } from '../../store/context.tsx';
import {
  checkNoticeText,
  selectCheckNotice,
  selectIsChecking,
  selectSyncDot,
  selectSyncStatus,
  syncStateText,
} from '../../store/sync/selectors.ts';
import { Icon } from '../common/Icon.tsx';
import { LockBanner } from '../sidebar/LockBanner.tsx';
import { SyncDot } from '../sidebar/SyncDot.tsx';

export function SyncStatusCard({ accountId }: { accountId: number }) {
  const status = useApp(selectSyncStatus(accountId));
  const dot = useApp(selectSyncDot(accountId));
  const notice = useApp(selectCheckNotice(accountId));
  const checking = useApp(selectIsChecking(accountId));
  const { checkNow, dismissCheckNotice } = useActions();
  const now = useNow(15_000);
  return (
    <section className="settings-section">
      <h2>Status</h2>
      <div className="status-row">
        <SyncDot state={dot} />
        <div className="status-text">
          <div className="status-main">{syncStateText(status, formatClock)}</div>
          <div className="muted small">
            {status?.lastCheckAt
              ? `Last check ${formatWhen(status.lastCheckAt, now)}${status.lastOutcome && status.lastOutcome !== 'ok' ? ` (${status.lastOutcome === 'locked' ? 'mailbox locked' : 'failed'})` : ''}`
              : 'Not checked yet'}
          </div>
        </div>
        <button type="button" className="button" onClick={() => void checkNow(accountId)} disabled={checking}>
          <Icon name="refresh" className={checking ? 'spin' : undefined} /> {checking ? 'Checking…' : 'Check now'}
        </button>
      </div>
      {notice ? (
        <div
          className={`notice${notice.kind === 'not-before' ? '' : notice.kind === 'failed' || (notice.kind === 'done' && notice.outcome !== 'ok') ? ' error' : ' success'}`}
          role="status"
        >
          <span>{checkNoticeText(notice, formatClock)}</span>
          <button type="button" className="icon-button small" aria-label="Dismiss" onClick={() => dismissCheckNotice(accountId)}>
            <Icon name="x" size={14} />
          </button>
        </div>
      ) : null}
      {status?.banner ? <LockBanner accountId={accountId} banner={status.banner} /> : null}
    </section>
  );
}
