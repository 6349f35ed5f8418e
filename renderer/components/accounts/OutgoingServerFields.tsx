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
import { ErrorNotice, PinnedCertificate, PortField, SecuritySelect, TextField } from './FormFields.tsx';
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
            <TextField
              label="Outgoing server"
              span="span-wide"
              value={d.host}
              onValue={(v) => update('host', v)}
              placeholder="smtp.example.org"
              autoComplete="off"
              spellCheck={false}
              problem={bad.host}
            />
            <PortField
              label="Outgoing port"
              value={d.port}
              onValue={(v) => update('port', v)}
              placeholder={d.security === 'auto' ? 'auto' : SMTP_PORT_TEXT[d.security]}
              problem={bad.port}
            />
            <SecuritySelect
              label="Outgoing security"
              automatic="Automatic (TLS on 465, then STARTTLS on 587)"
              value={d.security}
              onValue={(v) => update('security', v)}
            />
            {d.security === 'none' ? <PlainTextWarning sending /> : null}
            <label className="checkbox span-all">
              <input type="checkbox" checked={d.login} onChange={(e) => update('login', e.target.checked)} />
              The outgoing server needs a login
            </label>
            {d.login ? (
              <>
                <TextField
                  label="Outgoing user name"
                  value={d.user}
                  onValue={(v) => update('user', v)}
                  autoComplete="off"
                  spellCheck={false}
                  problem={bad.user}
                />
                <label className="checkbox">
                  <input type="checkbox" checked={d.samePassword} onChange={(e) => update('samePassword', e.target.checked)} />
                  Same password as the incoming server
                </label>
                {d.oauth2 && !d.samePassword && d.password === '' ? (
                  <p className="muted small span-all" role="note">
                    Signs in with an OAuth 2 access token from its token command, set with{' '}
                    <code>poplar account set --smtp-login xoauth2</code>. A password typed below signs in with it instead.
                  </p>
                ) : null}
                {!d.samePassword ? (
                  <TextField
                    label="Outgoing password"
                    type="password"
                    value={d.password}
                    onValue={(v) => update('password', v)}
                    placeholder={accountId !== null ? 'unchanged' : ''}
                    autoComplete="new-password"
                  />
                ) : null}
              </>
            ) : null}
          </div>

          <PinnedCertificate fingerprint={d.fingerprint} />
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
          <ErrorNotice error={error} />
          <div className="row-actions">
            <button type="button" className="button" onClick={() => void runTest()} disabled={!testable || busy}>
              {busy ? <Spinner /> : <Icon name="activity" />} Test outgoing server
            </button>
          </div>

          <div className="form-grid">
            <TextField
              label="Your name"
              value={d.fromName}
              onValue={(v) => update('fromName', v)}
              placeholder="Ann Example"
              autoComplete="name"
              problem={bad.fromName}
            />
            <TextField
              label="Your address"
              value={d.fromAddress}
              onValue={(v) => update('fromAddress', v)}
              placeholder="ann@example.org"
              autoComplete="email"
              spellCheck={false}
              problem={bad.fromAddress}
            />
            <TextField
              label="Reply-To (optional)"
              span="span-all"
              value={d.replyTo}
              onValue={(v) => update('replyTo', v)}
              spellCheck={false}
              problem={bad.replyTo}
            />
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
