// The fields the incoming (AccountSetup) and outgoing (OutgoingServerFields) server forms share:
// a labelled text input with its problem said under it, the port, the security choice, the
// pinned certificate and the form's error. One markup, so both parts read and behave alike.
import type { InputHTMLAttributes } from 'react';
import { Icon } from '../common/Icon.tsx';

type Span = 'span-wide' | 'span-narrow' | 'span-all';

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'className'> {
  label: string;
  value: string;
  onValue: (value: string) => void;
  /** What is wrong with the value, in words; the input is marked invalid while there is one. */
  problem?: string | undefined;
  span?: Span;
}

export function TextField({ label, value, onValue, problem, span, ...input }: TextFieldProps) {
  return (
    <label className={span === undefined ? 'field' : `field ${span}`}>
      <span className="label">{label}</span>
      <input {...input} value={value} onChange={(e) => onValue(e.target.value)} aria-invalid={problem ? true : undefined} />
      {problem ? <span className="field-error">{problem}</span> : null}
    </label>
  );
}

/** A port: digits only as typed; the placeholder says what an empty field means. */
export function PortField(props: {
  label: string;
  value: string;
  onValue: (value: string) => void;
  placeholder: string;
  problem?: string | undefined;
}) {
  const { onValue, ...rest } = props;
  return <TextField {...rest} span="span-narrow" inputMode="numeric" onValue={(v) => onValue(v.replace(/\D/g, ''))} />;
}

export type SecurityChoice = 'auto' | 'tls' | 'starttls' | 'none';

/** The security choice; `automatic` says what 'auto' tries, which differs by protocol. */
export function SecuritySelect<T extends SecurityChoice>(props: {
  label: string;
  automatic: string;
  value: T;
  onValue: (value: T) => void;
}) {
  return (
    <label className="field span-all">
      <span className="label">{props.label}</span>
      <select value={props.value} onChange={(e) => props.onValue(e.target.value as T)}>
        <option value="auto">{props.automatic}</option>
        <option value="tls">TLS</option>
        <option value="starttls">STARTTLS</option>
        <option value="none">None</option>
      </select>
    </label>
  );
}

export function PinnedCertificate({ fingerprint }: { fingerprint: string | null }) {
  if (!fingerprint) return null;
  return (
    <p className="notice">
      <Icon name="shield" />
      <span>
        Pinned certificate <span className="mono small">{fingerprint}</span>
      </span>
    </p>
  );
}

export function ErrorNotice({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p className="notice error" role="alert">
      <Icon name="alert" />
      <span>{error}</span>
    </p>
  );
}
