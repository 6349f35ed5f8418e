// Adding an account: server, security, login, then "Test connection" ('accounts.test').
// A certificate the system does not trust can be pinned here, after which the test runs
// again. "Add account" uses what the test found ('auto' resolves to TLS on 995 or STARTTLS
// on 110), or what the user chose when they set security and port themselves.
import { useState, type FormEvent } from 'react';
import type { Security } from '../../../shared/account.ts';
import { DEFAULT_INTERVAL_MINUTES } from '../../../shared/account.ts';
import type { ConnectionTestView } from '../../../shared/contract.ts';
import { messageOf } from '../../store/deps.ts';
import { useActions, useApp } from '../../store/context.tsx';
import { selectHasAccounts } from '../../store/accounts/selectors.ts';
import { Icon } from '../common/Icon.tsx';
import { Spinner } from '../common/Spinner.tsx';
import { CertificateTrust } from './CertificateTrust.tsx';
import { fieldProblem } from './field-problem.ts';
import { ErrorNotice, PinnedCertificate, PortField, SecuritySelect, TextField, type SecurityChoice } from './FormFields.tsx';
import { emptyOutgoing, outgoingInput, type OutgoingDraft } from './outgoing-draft.ts';
import { OutgoingServerFields } from './OutgoingServerFields.tsx';
import { PlainTextWarning } from './PlainTextWarning.tsx';
import { TestResult } from './TestResult.tsx';

const DEFAULT_PORTS: Record<SecurityChoice, string> = { auto: '', tls: '995', starttls: '110', none: '110' };

interface Form {
  name: string;
  host: string;
  port: string;
  security: SecurityChoice;
  user: string;
  password: string;
}

/** What is wrong with the fields filled in, checked as they will be sent (trimmed where `add` trims). */
function problems(form: Form): Partial<Record<keyof Form, string>> {
  const p: Partial<Record<keyof Form, string>> = {};
  const host = form.host !== '' ? fieldProblem('host', form.host.trim()) : null;
  if (host !== null) p.host = host;
  const port = form.port !== '' ? fieldProblem('port', Number(form.port)) : null;
  if (port !== null) p.port = port;
  const name = form.name.trim() !== '' ? fieldProblem('name', form.name.trim()) : null;
  if (name !== null) p.name = name;
  return p;
}

export function AccountSetup() {
  const { testConnection, addAccount, navigate } = useActions();
  const hasAccounts = useApp(selectHasAccounts);
  const [form, setForm] = useState<Form>({ name: '', host: '', port: '', security: 'auto', user: '', password: '' });
  const [fingerprint, setFingerprint] = useState<string | null>(null);
  const [test, setTest] = useState<ConnectionTestView | null>(null);
  const [busy, setBusy] = useState<'test' | 'add' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [outgoing, setOutgoing] = useState<OutgoingDraft>(emptyOutgoing);

  const bad = problems(form);
  const complete = form.host.trim() !== '' && form.user !== '' && form.password !== '' && Object.keys(bad).length === 0;
  const explicit = form.security !== 'auto' && form.port !== '';
  const canAdd = complete && (test?.ok === true || explicit);

  function updateOutgoing(next: OutgoingDraft): void {
    // Turned on: start from the incoming login, which is usually the outgoing one too.
    if (next.enabled && !outgoing.enabled) {
      next = {
        ...next,
        host: next.host || form.host.trim().replace(/^(pop3?|mail)\./i, 'smtp.'),
        user: next.user || form.user,
        fromAddress: next.fromAddress || (form.user.includes('@') ? form.user : ''),
      };
    }
    setOutgoing(next);
    setError(null);
  }

  function update<K extends keyof Form>(key: K, value: Form[K]): void {
    setForm((f) => {
      const next = { ...f, [key]: value };
      // Follow the security choice with its usual port, unless the user typed their own.
      if (key === 'security' && f.port === DEFAULT_PORTS[f.security]) next.port = DEFAULT_PORTS[value as SecurityChoice];
      return next;
    });
    if (key !== 'name') {
      setTest(null); // a result is only true of what was tested
      // A pin belongs to one server's certificate; without TLS there is no certificate at all.
      if (key === 'host' || (key === 'security' && value === 'none')) setFingerprint(null);
    }
    setError(null);
  }

  async function runTest(pin: string | null = fingerprint): Promise<void> {
    setBusy('test');
    setError(null);
    try {
      const result = await testConnection({
        host: form.host.trim(),
        security: form.security,
        port: form.port === '' ? null : Number(form.port),
        user: form.user,
        password: form.password,
        fingerprint: form.security === 'none' ? null : pin,
      });
      setTest(result);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
    }
  }

  async function add(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!canAdd) return;
    const security: Security = test?.ok ? test.security : (form.security as Security);
    const port = test?.ok ? test.port : Number(form.port);
    const floor = test?.ok && test.loginDelaySeconds ? Math.ceil(test.loginDelaySeconds / 60) : 1;
    const sending = outgoingInput(outgoing);
    if ('problem' in sending) {
      setError(sending.problem);
      return;
    }
    setBusy('add');
    setError(null);
    try {
      await addAccount({
        ...sending,
        name: form.name.trim() || defaultName(form.user, form.host),
        host: form.host.trim(),
        port,
        security,
        user: form.user,
        auth: 'auto',
        password: form.password,
        fingerprint: security === 'none' ? null : fingerprint,
        retention: { kind: 'leave', deleteWhenDeletedLocally: false },
        intervalMinutes: Math.max(DEFAULT_INTERVAL_MINUTES, floor),
        checkAtStartup: true,
        maxSizeBytes: null,
      });
    } catch (e) {
      setError(messageOf(e));
      setBusy(null);
    }
  }

  const tlsFailure = test && !test.ok && test.code === 'tls' && test.certificate ? test : null;

  return (
    <div className="page">
      <form className="card form-card" onSubmit={(e) => void add(e)} noValidate>
        <header className="card-header">
          <button
            type="button"
            className="icon-button"
            aria-label={hasAccounts ? 'Back to mail' : 'Back to the welcome screen'}
            onClick={() => navigate({ name: 'mail' })}
          >
            <Icon name="chevronLeft" />
          </button>
          <div>
            <h1>Add a POP3 account</h1>
            <p className="muted">Poplar checks one session at a time and never faster than your server allows.</p>
          </div>
        </header>

        <div className="form-grid">
          <TextField
            label="Account name"
            span="span-all"
            value={form.name}
            onValue={(v) => update('name', v)}
            placeholder={defaultName(form.user, form.host) || 'Personal'}
            maxLength={64}
            problem={bad.name}
          />
          <TextField
            label="Server"
            span="span-wide"
            value={form.host}
            onValue={(v) => update('host', v)}
            placeholder="pop.example.org"
            autoComplete="off"
            spellCheck={false}
            required
            problem={bad.host}
          />
          <PortField
            label="Port"
            value={form.port}
            onValue={(v) => update('port', v)}
            placeholder={form.security === 'auto' ? 'auto' : DEFAULT_PORTS[form.security]}
            problem={bad.port}
          />
          <SecuritySelect
            label="Security"
            automatic="Automatic (TLS on 995, then STARTTLS on 110)"
            value={form.security}
            onValue={(v) => update('security', v)}
          />
          {form.security === 'none' ? <PlainTextWarning /> : null}
          <TextField
            label="User name"
            value={form.user}
            onValue={(v) => update('user', v)}
            autoComplete="username"
            spellCheck={false}
            required
          />
          <TextField
            label="Password"
            type="password"
            value={form.password}
            onValue={(v) => update('password', v)}
            autoComplete="current-password"
            required
          />
        </div>

        <PinnedCertificate fingerprint={fingerprint} />
        {tlsFailure?.certificate ? (
          <CertificateTrust
            certificate={tlsFailure.certificate}
            message={tlsFailure.message}
            busy={busy !== null}
            onTrust={(fp) => {
              setFingerprint(fp);
              void runTest(fp);
            }}
          />
        ) : test ? (
          <TestResult result={test} />
        ) : null}
        <OutgoingServerFields value={outgoing} onChange={updateOutgoing} accountId={null} incomingPassword={form.password} />
        <ErrorNotice error={error} />

        <footer className="card-footer">
          <button type="button" className="button" onClick={() => void runTest()} disabled={!complete || busy !== null}>
            {busy === 'test' ? <Spinner /> : <Icon name="activity" />} Test connection
          </button>
          <button type="submit" className="button primary" disabled={!canAdd || busy !== null}>
            {busy === 'add' ? <Spinner /> : <Icon name="plus" />} Add account
          </button>
        </footer>
        {!canAdd && complete && form.security === 'auto' ? (
          <p className="hint right">Test the connection first, or choose the security and port yourself.</p>
        ) : null}
      </form>
    </div>
  );
}

function defaultName(user: string, host: string): string {
  const domain = user.includes('@') ? user.split('@').pop() : host.replace(/^(pop3?|mail)\./i, '');
  return (domain ?? '').slice(0, 64).replace(/^[^\p{L}\p{N}]+/u, '');
}
