// Lock diagnostics for one account (DESIGN.md, "Lock diagnostics"): the likely cause in plain
// words with Poplar's evidence, what Poplar will do, what the user can do, the pattern over
// the last day, the timeline, the failed session's transcript, and the report to copy.
import { useEffect, useState } from 'react';
import type { DiagnosticsView } from '../../../shared/contract.ts';
import { formatClock, formatWhen } from '../../format/time.ts';
import { useNow } from '../../hooks/use-now.ts';
import { isDemoAccount, selectAccount } from '../../store/accounts/selectors.ts';
import { useActions, useApp } from '../../store/context.tsx';
import { CAUSE_LABELS, selectDiagnostics } from '../../store/diagnostics/selectors.ts';
import { Icon } from '../common/Icon.tsx';
import { Spinner } from '../common/Spinner.tsx';
import { DemoControl } from './DemoControl.tsx';
import { SessionTimeline } from './SessionTimeline.tsx';
import { Transcript } from './Transcript.tsx';

export function DiagnosticsPage({ accountId }: { accountId: number }) {
  const account = useApp(selectAccount(accountId));
  const entry = useApp(selectDiagnostics(accountId));
  const { loadDiagnostics, showMailbox, navigate } = useActions();
  const tick = useNow(30_000);
  // Never older than the diagnosis shown: a session that ended after the last tick would
  // otherwise be left off the timeline ("in the future") until the next one, up to 30 s.
  const now = Math.max(tick, entry?.status === 'ready' ? entry.loadedAt : 0);

  useEffect(() => {
    void loadDiagnostics(accountId);
  }, [accountId, loadDiagnostics]);

  if (!account) return null;
  const view = entry?.view ?? null;

  return (
    <div className="page diagnostics">
      <header className="page-header">
        <button type="button" className="icon-button" aria-label="Back to mail" onClick={() => showMailbox(accountId, 'inbox')}>
          <Icon name="chevronLeft" />
        </button>
        <div className="page-title">
          <h1>Diagnostics</h1>
          <p className="muted">
            {account.name} · {account.user} on {account.host}
          </p>
        </div>
        <button type="button" className="button" onClick={() => void loadDiagnostics(accountId)} disabled={entry?.status === 'loading'}>
          <Icon name="refresh" className={entry?.status === 'loading' ? 'spin' : undefined} /> Refresh
        </button>
        {view ? <CopyReport report={view.report} /> : null}
        <button type="button" className="button" onClick={() => navigate({ name: 'account-settings', accountId })}>
          <Icon name="settings" /> Settings
        </button>
      </header>

      {entry?.status === 'error' ? (
        <p className="notice error" role="alert">
          <Icon name="alert" />
          <span>The diagnosis could not be loaded: {entry.error}</span>
        </p>
      ) : null}
      {!view ? (
        <div className="page-loading">
          <Spinner label="Loading diagnostics" />
        </div>
      ) : (
        <Diagnosis view={view} now={now} />
      )}
      {isDemoAccount(account) ? <DemoControl /> : null}
    </div>
  );
}

function Diagnosis({ view, now }: { view: DiagnosticsView; now: number }) {
  const healthy = view.cause === 'none';
  return (
    <>
      <section className={`card diagnosis${healthy ? ' healthy' : ''}`}>
        <span className={`cause-pill cause-${view.cause}`}>{CAUSE_LABELS[view.cause] ?? view.cause}</span>
        <h2 className="diagnosis-title">{view.title}</h2>
        <p className="diagnosis-explanation">{view.explanation}</p>
        {view.pattern ? (
          <p className="pattern">
            <Icon name="activity" />
            <span>{view.pattern}</span>
          </p>
        ) : null}
      </section>

      <div className="diagnosis-grid">
        <section className="card">
          <h3>Evidence</h3>
          {view.evidence.length > 0 ? (
            <ul className="evidence">
              {view.evidence.map((e, i) => (
                <li key={i}>{e}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">No evidence recorded.</p>
          )}
        </section>
        <section className="card">
          <h3>What Poplar will do</h3>
          <p>{view.poplarWillDo}</p>
          {view.nextCheckAt ? <p className="muted small">Next check: {formatWhen(view.nextCheckAt, now)}</p> : null}
          <h3>What you can do</h3>
          {view.youCanDo.length > 0 ? (
            <ul className="todo">
              {view.youCanDo.map((e, i) => (
                <li key={i}>{e}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">Nothing: Poplar will handle it.</p>
          )}
        </section>
      </div>

      <section className="card">
        <h3>Sessions in the last 24 hours</h3>
        <SessionTimeline sessions={view.sessions} now={now} />
      </section>

      <section className="card">
        <h3>Transcript of the failed session</h3>
        <p className="muted small">
          Recorded by Poplar, with passwords and message contents left out.{' '}
          {view.transcript[0] ? `Started ${formatClock(view.transcript[0].at)}.` : ''}
        </p>
        <Transcript lines={view.transcript} />
      </section>
    </>
  );
}

function CopyReport({ report }: { report: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2_500);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <button
      type="button"
      className="button primary"
      onClick={() =>
        void navigator.clipboard.writeText(report).then(
          () => setState('copied'),
          () => setState('failed'),
        )
      }
    >
      <Icon name={state === 'copied' ? 'check' : 'copy'} />{' '}
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy report'}
    </button>
  );
}
