// Settings: every "load remote content" grant — senders whose mail always loads it, and single
// messages — each with Revoke. Revoking reaches an open message at once (store/remote-content).
import type { RemoteContentGrantView } from '../../../shared/contract.ts';
import { useEffect } from 'react';
import { formatFullDate } from '../../format/time.ts';
import { useActions, useApp } from '../../store/context.tsx';
import { selectRemoteGrants, selectRemoteGrantsError } from '../../store/remote-content/selectors.ts';
import { Icon } from '../common/Icon.tsx';
import { Spinner } from '../common/Spinner.tsx';

export function RemoteContentSettings() {
  const grants = useApp(selectRemoteGrants);
  const error = useApp(selectRemoteGrantsError);
  const { loadRemoteGrants, navigate } = useActions();
  useEffect(() => void loadRemoteGrants(), [loadRemoteGrants]);
  const senders = grants?.filter((g) => g.kind === 'sender') ?? [];
  const messages = grants?.filter((g) => g.kind === 'message') ?? [];
  return (
    <div className="page">
      <div className="card settings-card">
        <header className="card-header">
          <button type="button" className="icon-button" aria-label="Back to mail" onClick={() => navigate({ name: 'mail' })}>
            <Icon name="chevronLeft" />
          </button>
          <div>
            <h1>Settings</h1>
            <p className="muted">Remote content: images and other files that HTML mail loads from the web.</p>
          </div>
        </header>
        {error ? (
          <p className="notice warning" role="alert">
            The list could not be read: {error}
          </p>
        ) : null}
        {grants === null && !error ? <Spinner label="Reading the list" /> : null}
        {grants !== null ? (
          <>
            <GrantSection
              title="Senders whose mail always loads remote content"
              empty="No sender. Choose “Always for …” above an HTML message to add one."
              grants={senders}
            />
            <GrantSection
              title="Messages that load remote content"
              empty="No single message. Choose “Load for this message” above an HTML message to add one."
              grants={messages}
            />
          </>
        ) : null}
        <p className="hint remote-settings-hint">
          <Icon name="shield" size={13} /> Remote content tells the sender when you opened a message. Anything not listed here loads nothing
          from the web.
        </p>
      </div>
    </div>
  );
}

function GrantSection({ title, empty, grants }: { title: string; empty: string; grants: RemoteContentGrantView[] }) {
  const { revokeRemoteGrant } = useActions();
  const heading = title.replace(/\W+/g, '-').toLowerCase();
  return (
    <section className="settings-section" aria-labelledby={heading}>
      <h2 id={heading}>{title}</h2>
      {grants.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="grant-list">
          {grants.map((g) => (
            <li key={`${g.kind}:${g.value}`} className="grant">
              <span className="grant-text">
                <span className="grant-label" title={g.label}>
                  {g.label}
                </span>
                <span className="grant-meta muted">Allowed {formatFullDate(g.allowedAt)}</span>
              </span>
              <button
                type="button"
                className="button"
                aria-label={`Revoke ${g.label}`}
                onClick={() => void revokeRemoteGrant(g.kind, g.value)}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
