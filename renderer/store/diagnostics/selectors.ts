import type { SessionView } from '../../../shared/contract.ts';
import type { AppState } from '../app.ts';
import type { DiagnosticsEntry } from './slice.ts';

export function selectDiagnostics(accountId: number) {
  return function selectDiagnosticsOf(s: AppState): DiagnosticsEntry | undefined {
    return s.diagnostics[accountId];
  };
}

export function selectDemoHold(s: AppState) {
  return s.demoHold;
}

export type SessionOutcome = 'ok' | 'refused' | 'failed' | 'running';

/** Error codes that mean "the server would not let us in right now" (electron/sync/history.ts). */
const REFUSED_CODES = new Set(['mailbox-locked', 'too-many-connections', 'login-delay', 'local-lock']);

/** How a session ended, for the timeline's colours. */
export function sessionOutcome(session: SessionView): SessionOutcome {
  if (session.endedAt === null) return 'running';
  if (session.endedBy === 'lock-refused' || (session.errorCode !== null && REFUSED_CODES.has(session.errorCode))) return 'refused';
  return session.errorCode === null ? 'ok' : 'failed';
}

/** What each cause is called in plain words, for the heading's label. */
export const CAUSE_LABELS: Record<string, string> = {
  'other-client': 'Another program or device',
  'own-stale-session': 'Poplar’s previous connection',
  'too-frequent': 'Checking too often',
  'connection-limit': 'Connection limit',
  server: 'A problem on the server',
  auth: 'Login refused',
  network: 'Network',
  local: 'On this computer',
  none: 'No problem',
};
