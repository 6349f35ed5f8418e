// The "Outgoing server" part of the account setup and settings forms: server, security, login
// ("same password as incoming" by default), "Test connection" ('accounts.testSmtp': EHLO,
// STARTTLS, AUTH, QUIT — nothing sent), and the identity mail is sent as. The certificate and
// plain-text parts are the incoming side's own components.
import { useState } from 'react';
import type { SmtpTestView } from '../../../shared/contract.ts';
import { useActions } from '../../store/context.tsx';
import { messageOf } from '../../store/deps.ts';
import { formatSize } from '../../format/size.ts';
import { Icon } from '../common/Icon.tsx';
import { Spinner } from '../common/Spinner.tsx';
import { CertificateTrust } from './CertificateTrust.tsx';
import { outgoingProblems, outgoingTestable, SMTP_PORT_TEXT, type OutgoingDraft, type SmtpSecurityChoice } from './outgoing-draft.ts';
import { PlainTextWarning } from './PlainTextWarning.tsx';

const SECURITY_NAMES = { tls: 'TLS', starttls: 'STARTTLS', none: 'no encryption' } as const;

interface Props {
  value: OutgoingDraft;
  onChange: (next: OutgoingDraft) => void;
  /** The account being changed (its saved passwords test the server), or null while adding one. */
  accountId: number | null;
  /** The incoming password typed in the form (account setup), used for "same password". */
  incomingPassword: string | null;
}

export function OutgoingServerFields({ value: d, onChange, accountId, incomingPassword }: Props) {
  const { testSmtp } = useActions();
  const [test, setTest] = useState<SmtpTestView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const bad = outgoingProblems(d);
  // In the settings form the saved passwords are the engine's: nothing needs typing to test.
  const testable = outgoingTestable(d, accountId !== null);

  function update<K extends keyof OutgoingDraft>(key: K, v: OutgoingDraft[K]): void {
    const next = { ...d, [key]: v };
    // Follow the security choice with its usual port, unless the user typed their own.
    if (key === 'security' && d.port === SMTP_PORT_TEXT[d.security]) next.port = SMTP_PORT_TEXT[v as SmtpSecurityChoice];
    const identityField = key === 'fromName' || key === 'fromAddress' || key === 'replyTo' || key === 'signature';
    if (!identityField) {
      next.tested = null; // a result is only true of what was tested
      setTest(null);
      if (key === 'host' || (key === 'security' && v === 'none')) next.fingerprint = null;
    }
    onChange(next);
  }

  async function runTest(pin: string | null = d.fingerprint): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      const typed = !d.samePassword ? d.password : (incomingPassword ?? '');
      const result = await testSmtp({
        accountId,
        host: d.host.trim(),
        security: d.security,
        port: d.port === '' ? null : Number(d.port),
        user: d.login && d.user !== '' ? d.user : null,
        ...(typed !== '' ? { password: typed } : {}),
        samePassword: d.samePassword,
        fingerprint: d.security === 'none' ? null : pin,
      });
      setTest(result);
      onChange({ ...d, fingerprint: pin, tested: result.ok ? { security: result.security, port: result.port } : null });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  const tlsFailure = test && !test.ok && test.code === 'tls' && test.certificate ? test : null;

  return (
    // Named "Outgoing mail", not "… server": the incoming part's fields are found by "Server", "Port".
    <section className="settings-section outgoing-server" aria-label="Outgoing mail">
      <h2>Outgoing mail</h2>
      <p className="muted small">The outgoing (SMTP) server, and who your mail is from.</p>
      <label className="checkbox">
        <input type="checkbox" checked={d.enabled} onChange={(e) => update('enabled', e.target.checked)} />
        Send mail from this account
      </label>
      {d.enabled ? (
        <>
          <div className="form-grid">
            <label className="field span-wide">
              <span className="label">Outgoing server</span>
              <input
                value={d.host}
                onChange={(e) => update('host', e.target.value)}
                placeholder="smtp.example.org"
                autoComplete="off"
                spellCheck={false}
                aria-invalid={bad.host ? true : undefined}
              />
              {bad.host ? <span className="field-error">{bad.host}</span> : null}
            </label>
            <label className="field span-narrow">
              <span className="label">Outgoing port</span>
              <input
                value={d.port}
                onChange={(e) => update('port', e.target.value.replace(/\D/g, ''))}
                placeholder={d.security === 'auto' ? 'auto' : SMTP_PORT_TEXT[d.security]}
                inputMode="numeric"
                aria-invalid={bad.port ? true : undefined}
              />
              {bad.port ? <span className="field-error">{bad.port}</span> : null}
            </label>
            <label className="field span-all">
              <span className="label">Outgoing security</span>
              <select value={d.security} onChange={(e) => update('security', e.target.value as SmtpSecurityChoice)}>
                <option value="auto">Automatic (TLS on 465, then STARTTLS on 587)</option>
                <option value="tls">TLS</option>
                <option value="starttls">STARTTLS</option>
                <option value="none">None</option>
              </select>
            </label>
            {d.security === 'none' ? <PlainTextWarning sending /> : null}
            <label className="checkbox span-all">
              <input type="checkbox" checked={d.login} onChange={(e) => update('login', e.target.checked)} />
              The outgoing server needs a login
            </label>
            {d.login ? (
              <>
                <label className="field">
                  <span className="label">Outgoing user name</span>
                  <input
                    value={d.user}
                    onChange={(e) => update('user', e.target.value)}
                    autoComplete="off"
                    spellCheck={false}
                    aria-invalid={bad.user ? true : undefined}
                  />
                  {bad.user ? <span className="field-error">{bad.user}</span> : null}
                </label>
                <label className="checkbox">
                  <input type="checkbox" checked={d.samePassword} onChange={(e) => update('samePassword', e.target.checked)} />
                  Same password as the incoming server
                </label>
                {!d.samePassword ? (
                  <label className="field">
                    <span className="label">Outgoing password</span>
                    <input
                      type="password"
                      value={d.password}
                      onChange={(e) => update('password', e.target.value)}
                      placeholder={accountId !== null ? 'unchanged' : ''}
                      autoComplete="new-password"
                    />
                  </label>
                ) : null}
              </>
            ) : null}
          </div>

          {d.fingerprint ? (
            <p className="notice">
              <Icon name="shield" />
              <span>
                Pinned certificate <span className="mono small">{d.fingerprint}</span>
              </span>
            </p>
          ) : null}
          {tlsFailure?.certificate ? (
            <CertificateTrust
              certificate={tlsFailure.certificate}
              message={tlsFailure.message}
              busy={busy}
              onTrust={(fp) => void runTest(fp)}
            />
          ) : test ? (
            <SmtpTestResult result={test} />
          ) : null}
          {error ? (
            <p className="notice error" role="alert">
              <Icon name="alert" />
              <span>{error}</span>
            </p>
          ) : null}
          <div className="row-actions">
            <button type="button" className="button" onClick={() => void runTest()} disabled={!testable || busy}>
              {busy ? <Spinner /> : <Icon name="activity" />} Test outgoing server
            </button>
          </div>

          <div className="form-grid">
            <label className="field">
              <span className="label">Your name</span>
              <input
                value={d.fromName}
                onChange={(e) => update('fromName', e.target.value)}
                placeholder="Ann Example"
                autoComplete="name"
                aria-invalid={bad.fromName ? true : undefined}
              />
              {bad.fromName ? <span className="field-error">{bad.fromName}</span> : null}
            </label>
            <label className="field">
              <span className="label">Your address</span>
              <input
                value={d.fromAddress}
                onChange={(e) => update('fromAddress', e.target.value)}
                placeholder="ann@example.org"
                autoComplete="email"
                spellCheck={false}
                aria-invalid={bad.fromAddress ? true : undefined}
              />
              {bad.fromAddress ? <span className="field-error">{bad.fromAddress}</span> : null}
            </label>
            <label className="field span-all">
              <span className="label">Reply-To (optional)</span>
              <input
                value={d.replyTo}
                onChange={(e) => update('replyTo', e.target.value)}
                spellCheck={false}
                aria-invalid={bad.replyTo ? true : undefined}
              />
              {bad.replyTo ? <span className="field-error">{bad.replyTo}</span> : null}
            </label>
            <label className="field span-all">
              <span className="label">Signature</span>
              <textarea value={d.signature} onChange={(e) => update('signature', e.target.value)} rows={3} />
              {bad.signature ? <span className="field-error">{bad.signature}</span> : null}
            </label>
          </div>
        </>
      ) : null}
    </section>
  );
}

/** What the outgoing server's test found, in words. */
function SmtpTestResult({ result }: { result: SmtpTestView }) {
  if (!result.ok) {
    return (
      <div className="test-result failed" role="alert">
        <Icon name="alert" /> <span>{result.message}</span>
      </div>
    );
  }
  return (
    <div className="test-result ok" role="status">
      <div className="test-result-title">
        <Icon name="check" /> {result.authenticated ? 'Connected and logged in to the outgoing server' : 'Connected to the outgoing server'}
      </div>
      <ul>
        <li>
          {SECURITY_NAMES[result.security]} on port {result.port}. Nothing was sent.
        </li>
        {result.sizeLimit !== null ? <li>The server accepts messages up to {formatSize(result.sizeLimit)}.</li> : null}
        {result.certificate?.fingerprint256 ? (
          <li className="mono small">Certificate SHA-256 {result.certificate.fingerprint256}</li>
        ) : null}
      </ul>
    </div>
  );
}
