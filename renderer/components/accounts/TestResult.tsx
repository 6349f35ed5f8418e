// What "Test connection" found, in words.
import type { ConnectionTestView } from '../../../shared/contract.ts';
import { formatSize } from '../../format/size.ts';
import { Icon } from '../common/Icon.tsx';

const SECURITY_NAMES = { tls: 'TLS', starttls: 'STARTTLS', none: 'no encryption' } as const;

export function TestResult({ result }: { result: ConnectionTestView }) {
  if (!result.ok) {
    return (
      <div className="test-result failed" role="alert">
        <Icon name="alert" /> <span>{result.message}</span>
      </div>
    );
  }
  const delay = result.loginDelaySeconds;
  return (
    <div className="test-result ok" role="status">
      <div className="test-result-title">
        <Icon name="check" /> Connected and logged in
      </div>
      <ul>
        <li>
          {SECURITY_NAMES[result.security]} on port {result.port}, login with {result.authMethod}
        </li>
        <li>
          {result.messages.toLocaleString()} message{result.messages === 1 ? '' : 's'} ({formatSize(result.octets)}) on the server
        </li>
        {delay ? (
          <li>
            The server allows a login every {Math.ceil(delay / 60)} minute{Math.ceil(delay / 60) === 1 ? '' : 's'}: Poplar will not check
            more often.
          </li>
        ) : null}
        {!result.uidl ? <li className="warning-text">The server has no UIDL: Poplar cannot safely leave mail on it.</li> : null}
        {result.certificate?.fingerprint256 ? (
          <li className="mono small">Certificate SHA-256 {result.certificate.fingerprint256}</li>
        ) : null}
      </ul>
    </div>
  );
}
