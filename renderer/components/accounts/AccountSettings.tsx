// An account's settings: name and password, the check interval (never below the server's
// LOGIN-DELAY), check at start-up, notifications, pause, what stays on the server, the size limit,
// and the outgoing server with the identity mail is sent as.
import { useEffect, useState, type FormEvent } from 'react';
import { MAX_INTERVAL_MINUTES, MIN_SIZE_LIMIT_BYTES, type Retention } from '../../../shared/account.ts';
import type { AccountPatch, AccountView } from '../../../shared/contract.ts';
import { intervalFloorMinutes, selectAccount } from '../../store/accounts/selectors.ts';
import { useActions, useApp } from '../../store/context.tsx';
import { messageOf } from '../../store/deps.ts';
import { Icon } from '../common/Icon.tsx';
import { fieldProblem } from './field-problem.ts';
import { outgoingInput, outgoingOf, type OutgoingDraft } from './outgoing-draft.ts';
import { OutgoingServerFields } from './OutgoingServerFields.tsx';
import { RetentionFields } from './RetentionFields.tsx';
import { TrashFields, trashDaysOf, trashDraftOf, type TrashDraft } from './TrashFields.tsx';
import { SyncStatusCard } from './SyncStatusCard.tsx';

const SECURITY_NAMES = { tls: 'TLS', starttls: 'STARTTLS', none: 'None (unencrypted)' } as const;
const MB = 1_000_000;

interface Draft {
  name: string;
  password: string;
  interval: string;
  checkAtStartup: boolean;
  notify: boolean;
  retention: Retention;
  limitOn: boolean;
  limitMb: string;
  trash: TrashDraft;
}

function draftOf(a: AccountView): Draft {
  return {
    name: a.name,
    password: '',
    interval: String(a.intervalMinutes),
    checkAtStartup: a.checkAtStartup,
    notify: a.notify,
    retention: a.retention,
    limitOn: a.maxSizeBytes !== null,
    limitMb: a.maxSizeBytes === null ? '5' : String(Math.round((a.maxSizeBytes / MB) * 10) / 10),
    trash: trashDraftOf(a.trashDays),
  };
}

export function AccountSettings({ accountId }: { accountId: number }) {
  const account = useApp(selectAccount(accountId));
  if (!account) return null;
  return <SettingsForm key={accountId} account={account} />;
}

function SettingsForm({ account }: { account: AccountView }) {
  const { updateAccount, navigate, openDialog, showMailbox } = useActions();
  const [draft, setDraft] = useState<Draft>(() => draftOf(account));
  const [outgoing, setOutgoing] = useState<OutgoingDraft>(() => outgoingOf(account));
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const floor = intervalFloorMinutes(account);

  // A save elsewhere (or the server's LOGIN-DELAY learnt at a check) refreshes the untouched form.
  const [base, setBase] = useState(account);
  useEffect(() => {
    if (account !== base) {
      setBase(account);
      setDraft((d) => (JSON.stringify(d) === JSON.stringify(draftOf(base)) ? draftOf(account) : d));
    }
  }, [account, base]);

  const interval = Number(draft.interval);
  // The form's own floor is the server's LOGIN-DELAY (RFC 2449 §6.5); past it, the engine's rules.
  const intervalProblem =
    interval < floor
      ? `At least ${floor} minute${floor === 1 ? '' : 's'}${account.loginDelaySeconds ? ': the server allows one login every ' + floor + ' min (LOGIN-DELAY)' : ''}.`
      : fieldProblem('intervalMinutes', interval);
  const maxSizeBytes = draft.limitOn ? Math.round(Number(draft.limitMb) * MB) : null;
  // The engine's rule, said in the form's unit (the shared wording counts bytes).
  const limitProblem =
    fieldProblem('maxSizeBytes', maxSizeBytes) === null ? null : `At least ${MIN_SIZE_LIMIT_BYTES} bytes (about 0.001 MB).`;
  const nameProblem = fieldProblem('name', draft.name);
  const trashDays = trashDaysOf(draft.trash);

  function set<K extends keyof Draft>(key: K, value: Draft[K]): void {
    setDraft((d) => ({ ...d, [key]: value }));
    setMessage(null);
  }

  async function save(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (intervalProblem || limitProblem || nameProblem || 'problem' in trashDays) return;
    // Untouched, the outgoing part is left as it is (an identity set on the command line alone included).
    const touched = JSON.stringify(outgoing) !== JSON.stringify(outgoingOf(account));
    const sending = touched ? outgoingInput(outgoing) : null;
    if (sending !== null && 'problem' in sending) {
      setMessage({ tone: 'error', text: sending.problem });
      return;
    }
    const sendingChanged =
      sending !== null &&
      (JSON.stringify(sending.smtp ?? null) !== JSON.stringify(account.smtp ?? null) ||
        JSON.stringify(sending.identity ?? null) !== JSON.stringify(account.identity ?? null) ||
        sending.smtpPassword !== undefined);
    const patch: AccountPatch = {
      ...(sendingChanged && sending !== null ? sending : {}),
      ...(draft.name !== account.name ? { name: draft.name } : {}),
      ...(draft.password !== '' ? { password: draft.password } : {}),
      ...(interval !== account.intervalMinutes ? { intervalMinutes: interval } : {}),
      ...(draft.checkAtStartup !== account.checkAtStartup ? { checkAtStartup: draft.checkAtStartup } : {}),
      ...(draft.notify !== account.notify ? { notify: draft.notify } : {}),
      ...(JSON.stringify(draft.retention) !== JSON.stringify(account.retention) ? { retention: draft.retention } : {}),
      ...(maxSizeBytes !== account.maxSizeBytes ? { maxSizeBytes } : {}),
      ...(trashDays.value !== (account.trashDays ?? null) ? { trashDays: trashDays.value } : {}),
    };
    if (Object.keys(patch).length === 0) {
      setMessage({ tone: 'success', text: 'Nothing to save.' });
      return;
    }
    setSaving(true);
    try {
      const saved = await updateAccount(account.id, patch);
      setBase(saved);
      setDraft(draftOf(saved));
      setOutgoing(outgoingOf(saved));
      setMessage({ tone: 'success', text: 'Saved.' });
    } catch (e) {
      setMessage({ tone: 'error', text: messageOf(e) });
    } finally {
      setSaving(false);
    }
  }

  async function togglePause(): Promise<void> {
    try {
      await updateAccount(account.id, { paused: !account.paused });
    } catch (e) {
      setMessage({ tone: 'error', text: messageOf(e) });
    }
  }

  return (
    <div className="page">
      <form className="card settings-card" onSubmit={(e) => void save(e)} noValidate>
        <header className="card-header">
          <button type="button" className="icon-button" aria-label="Back to mail" onClick={() => showMailbox(account.id, 'inbox')}>
            <Icon name="chevronLeft" />
          </button>
          <div>
            <h1>{account.name}</h1>
            <p className="muted">
              {account.user} on {account.host}:{account.port} · {SECURITY_NAMES[account.security]}
            </p>
          </div>
          <button
            type="button"
            className={account.paused ? 'button primary' : 'button'}
            onClick={() => void togglePause()}
            aria-pressed={account.paused}
          >
            <Icon name={account.paused ? 'play' : 'pause'} /> {account.paused ? 'Resume checking' : 'Pause checking'}
          </button>
        </header>

        <SyncStatusCard accountId={account.id} />

        <section className="settings-section">
          <h2>Account</h2>
          <div className="form-grid">
            <label className="field">
              <span className="label">Name</span>
              <input
                value={draft.name}
                onChange={(e) => set('name', e.target.value)}
                maxLength={64}
                aria-invalid={nameProblem ? true : undefined}
              />
              {nameProblem ? <span className="field-error">{nameProblem}</span> : null}
            </label>
            <label className="field">
              <span className="label">New password</span>
              <input
                type="password"
                value={draft.password}
                onChange={(e) => set('password', e.target.value)}
                placeholder="unchanged"
                autoComplete="new-password"
              />
            </label>
          </div>
          {account.fingerprint ? (
            <p className="muted small">
              <Icon name="shield" size={13} /> Pinned certificate <span className="mono">{account.fingerprint}</span>
            </p>
          ) : null}
        </section>

        <section className="settings-section">
          <h2>Checking</h2>
          <label className="field inline">
            <span className="label">Check every</span>
            <input
              className="inline-number"
              type="number"
              min={floor}
              max={MAX_INTERVAL_MINUTES}
              value={draft.interval}
              onChange={(e) => set('interval', e.target.value)}
              aria-invalid={intervalProblem ? true : undefined}
              aria-describedby="interval-hint"
            />
            <span>minutes</span>
          </label>
          <p id="interval-hint" className={intervalProblem ? 'field-error' : 'hint'}>
            {intervalProblem ??
              (account.loginDelaySeconds
                ? `The server allows one login every ${floor} minute${floor === 1 ? '' : 's'} (LOGIN-DELAY); Poplar never checks more often.`
                : 'Checking more often than every few minutes can lock out your other devices.')}
          </p>
          <label className="checkbox">
            <input type="checkbox" checked={draft.checkAtStartup} onChange={(e) => set('checkAtStartup', e.target.checked)} />
            Check when Poplar starts
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={draft.notify} onChange={(e) => set('notify', e.target.checked)} />
            Show a notification when new mail arrives
          </label>
        </section>

        <section className="settings-section">
          <RetentionFields value={draft.retention} onChange={(r) => set('retention', r)} uidlSupported={account.uidlSupported} />
        </section>

        <section className="settings-section">
          <TrashFields value={draft.trash} onChange={(t) => set('trash', t)} />
        </section>

        <section className="settings-section">
          <h2>Large messages</h2>
          <label className="checkbox">
            <input type="checkbox" checked={draft.limitOn} onChange={(e) => set('limitOn', e.target.checked)} />
            <span>
              Download only the headers of messages larger than
              <input
                className="inline-number"
                type="number"
                min={0.01}
                step={0.5}
                value={draft.limitMb}
                disabled={!draft.limitOn}
                onChange={(e) => set('limitMb', e.target.value)}
                aria-label="Size limit in megabytes"
                aria-invalid={limitProblem ? true : undefined}
              />
              MB
            </span>
          </label>
          {limitProblem ? <p className="field-error">{limitProblem}</p> : null}
        </section>

        <OutgoingServerFields
          value={outgoing}
          onChange={(next) => {
            setOutgoing(
              next.enabled && !outgoing.enabled ? { ...next, host: next.host || account.host, user: next.user || account.user } : next,
            );
            setMessage(null);
          }}
          accountId={account.id}
          incomingPassword={draft.password === '' ? null : draft.password}
        />

        <footer className="card-footer">
          <button
            type="button"
            className="button danger-quiet"
            onClick={() => openDialog({ kind: 'remove-account', accountId: account.id })}
          >
            <Icon name="trash" /> Remove account…
          </button>
          <span className="spacer" />
          <button type="button" className="button" onClick={() => navigate({ name: 'diagnostics', accountId: account.id })}>
            <Icon name="activity" /> Diagnostics
          </button>
          {message ? (
            <span className={`save-message ${message.tone}`} role="status">
              {message.text}
            </span>
          ) : null}
          <button type="submit" className="button primary" disabled={saving || Boolean(intervalProblem || limitProblem || nameProblem)}>
            Save
          </button>
        </footer>
      </form>
    </div>
  );
}
