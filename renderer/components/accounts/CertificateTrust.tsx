// A certificate the system does not trust (self-signed, a private CA, a name mismatch). The
// user may pin this exact certificate for this account: its SHA-256 fingerprint becomes the
// only certificate accepted (DESIGN.md, "Security baseline").
import type { CertificateView } from '../../../shared/contract.ts';
import { Icon } from '../common/Icon.tsx';

export function CertificateTrust({
  certificate,
  message,
  onTrust,
  busy,
}: {
  certificate: CertificateView;
  message: string;
  onTrust: (fingerprint: string) => void;
  busy: boolean;
}) {
  const fingerprint = certificate.fingerprint256;
  return (
    <div className="cert-panel" role="alert">
      <div className="cert-title">
        <Icon name="alert" /> The server’s certificate is not trusted
      </div>
      <p className="muted">{message}</p>
      <dl className="cert-details">
        <dt>Issued to</dt>
        <dd>{certificate.subject ?? 'unknown'}</dd>
        <dt>Issued by</dt>
        <dd>{certificate.issuer ?? 'unknown'}</dd>
        <dt>SHA-256</dt>
        <dd className="mono fingerprint">{fingerprint ?? 'unknown'}</dd>
      </dl>
      <p className="hint">Compare the fingerprint with the one your provider or administrator gives you. Trust it only if they match.</p>
      {fingerprint ? (
        <button type="button" className="button" onClick={() => onTrust(fingerprint)} disabled={busy}>
          <Icon name="shield" /> Trust this certificate for this account
        </button>
      ) : null}
    </div>
  );
}
