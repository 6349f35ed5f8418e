import type { SyncDot as Dot } from '../../store/sync/selectors.ts';

const LABELS: Record<Dot, string> = {
  idle: 'Idle',
  checking: 'Checking',
  backoff: 'Backing off',
  paused: 'Paused',
  error: 'Last check failed',
};

export function SyncDot({ state }: { state: Dot }) {
  return <span className={`sync-dot sync-dot-${state}`} role="img" aria-label={LABELS[state]} title={LABELS[state]} />;
}
