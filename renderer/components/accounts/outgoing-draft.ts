// The "Outgoing server" part of the account forms as typed, and what it becomes in the
// contract's input: the outgoing server, its own password if any, and the identity.
import type { Identity, Security } from '../../../shared/account.ts';
import { SMTP_DEFAULT_PORTS } from '../../../shared/account.ts';
import { settingProblem } from '../../../shared/account-rules.ts';
import type { AccountInput, AccountView } from '../../../shared/contract.ts';

export type SmtpSecurityChoice = Security | 'auto';

export interface OutgoingDraft {
  enabled: boolean;
  host: string;
  port: string;
  security: SmtpSecurityChoice;
  /** '' with `login` false: no login. */
  user: string;
  login: boolean;
  samePassword: boolean;
  password: string;
  fingerprint: string | null;
  /** The saved server signs in with an OAuth 2 token (OutgoingServerView.oauth2): said, not editable here. */
  oauth2: boolean;
  /** What a successful test found ('auto' resolved); cleared by any change. */
  tested: { security: Security; port: number } | null;
  fromName: string;
  fromAddress: string;
  replyTo: string;
  signature: string;
}

export const SMTP_PORT_TEXT: Record<SmtpSecurityChoice, string> = {
  auto: '',
  tls: String(SMTP_DEFAULT_PORTS.tls),
  starttls: String(SMTP_DEFAULT_PORTS.starttls),
  none: String(SMTP_DEFAULT_PORTS.none),
};

export function emptyOutgoing(): OutgoingDraft {
  return {
    enabled: false,
    host: '',
    port: '',
    security: 'auto',
    user: '',
    login: true,
    samePassword: true,
    password: '',
    fingerprint: null,
    oauth2: false,
    tested: null,
    fromName: '',
    fromAddress: '',
    replyTo: '',
    signature: '',
  };
}

export function outgoingOf(a: AccountView): OutgoingDraft {
  const s = a.smtp ?? null;
  const i = a.identity ?? null;
  return {
    ...emptyOutgoing(),
    enabled: s !== null,
    host: s?.host ?? '',
    port: s ? String(s.port) : '',
    security: s?.security ?? 'auto',
    user: s?.user ?? a.user,
    login: s ? s.user !== null : true,
    samePassword: s?.samePassword ?? true,
    fingerprint: s?.fingerprint ?? null,
    oauth2: s?.oauth2 ?? false,
    fromName: i?.fromName ?? '',
    fromAddress: i?.fromAddress ?? (a.user.includes('@') ? a.user : ''),
    replyTo: i?.replyTo ?? '',
    signature: i?.signature ?? '',
  };
}

function sentence(problem: string | null): string | null {
  return problem === null ? null : `${problem.charAt(0).toUpperCase()}${problem.slice(1)}.`;
}

/** What is wrong with each field, in the words the engine uses. */
export function outgoingProblems(
  d: OutgoingDraft,
): Partial<Record<'host' | 'port' | 'user' | 'fromName' | 'fromAddress' | 'replyTo' | 'signature', string>> {
  if (!d.enabled) return {};
  const p: ReturnType<typeof outgoingProblems> = {};
  const server = (over: Record<string, unknown>) =>
    settingProblem('smtp', {
      host: 'smtp.example.org',
      port: 465,
      security: 'tls',
      user: null,
      passwordSource: { kind: 'incoming' },
      caFile: null,
      fingerprint: null,
      ...over,
    } as never);
  if (d.host.trim() !== '') p.host = sentence(server({ host: d.host.trim() })) ?? undefined;
  if (d.port !== '') p.port = sentence(server({ port: Number(d.port) })) ?? undefined;
  if (d.login && d.user !== '') p.user = sentence(server({ user: d.user })) ?? undefined;
  const identity = (over: Partial<Identity>) =>
    sentence(settingProblem('identity', { fromName: '', fromAddress: 'a@example.org', replyTo: null, signature: '', ...over }));
  p.fromName = identity({ fromName: d.fromName }) ?? undefined;
  if (d.fromAddress.trim() !== '') p.fromAddress = identity({ fromAddress: d.fromAddress.trim() }) ?? undefined;
  if (d.replyTo.trim() !== '') p.replyTo = identity({ replyTo: d.replyTo.trim() }) ?? undefined;
  p.signature = identity({ signature: d.signature }) ?? undefined;
  // Only the fields with a problem: a caller counts the keys.
  return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined));
}

/** Enough typed to test the connection. */
export function outgoingTestable(d: OutgoingDraft, passwordKnown: boolean): boolean {
  const p = outgoingProblems(d);
  return (
    d.host.trim() !== '' && !p.host && !p.port && (!d.login || (d.user !== '' && (d.samePassword || d.password !== '' || passwordKnown)))
  );
}

/** The security and port to save: what the test found, or what the user chose; null when 'auto' was not tested yet. */
export function resolvedSecurity(d: OutgoingDraft): { security: Security; port: number } | null {
  if (d.tested) return d.tested;
  if (d.security === 'auto') return null;
  return { security: d.security, port: d.port === '' ? SMTP_DEFAULT_PORTS[d.security] : Number(d.port) };
}

/** The contract's smtp, smtpPassword and identity for the draft; `problem` when it cannot be saved yet. */
export function outgoingInput(
  d: OutgoingDraft,
): { problem: string } | { smtp: AccountInput['smtp']; smtpPassword?: string; identity: AccountInput['identity'] } {
  if (!d.enabled) return { smtp: null, identity: null };
  if (Object.keys(outgoingProblems(d)).length > 0) return { problem: 'Correct the outgoing server fields first.' };
  if (d.host.trim() === '') return { problem: 'Type the outgoing server, or turn sending off.' };
  if (d.fromAddress.trim() === '') return { problem: 'Type the address your mail is sent from.' };
  const chosen = resolvedSecurity(d);
  if (chosen === null) return { problem: 'Test the outgoing server first, or choose its security and port yourself.' };
  const login = d.login && d.user !== '';
  return {
    smtp: {
      host: d.host.trim(),
      port: chosen.port,
      security: chosen.security,
      user: login ? d.user : null,
      samePassword: !login || d.samePassword,
      fingerprint: chosen.security === 'none' ? null : d.fingerprint,
    },
    ...(login && !d.samePassword && d.password !== '' ? { smtpPassword: d.password } : {}),
    identity: { fromName: d.fromName.trim(), fromAddress: d.fromAddress.trim(), replyTo: d.replyTo.trim() || null, signature: d.signature },
  };
}
