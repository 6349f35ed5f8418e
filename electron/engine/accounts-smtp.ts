// The outgoing server of an account as the window sets it ('accounts.add' / 'accounts.update'
// with `smtp`, `smtpPassword`), and its "Test connection" ('accounts.testSmtp'): EHLO, STARTTLS
// or implicit TLS, AUTH, QUIT — nothing is sent. 'auto' tries 465 then 587, never plain text.
import type { Account, OutgoingServer, PasswordSource } from '../../shared/account.ts';
import type { AccountInput, CertificateView, SmtpTestInput, SmtpTestView } from '../../shared/contract.ts';
import { headlessSmtpPasswords, outgoingTrust, SmtpSetupError, storeSmtpPasswords } from '../smtp/account-smtp.ts';
import { recordSmtpSize } from '../store/smtp-size.ts';
import { detectSmtp } from '../smtp/detect-smtp.ts';
import type { SmtpError } from '../smtp/failure.ts';
import { Secret } from '../secrets/secret.ts';
import type { CertificateSummary } from '../tls/peer-trust.ts';
import { requireAccount, type EngineContext } from './context.ts';
import { EngineError } from './errors.ts';

type OutgoingInput = NonNullable<AccountInput['smtp']>;

/**
 * The stored outgoing server for what the window sent. "Same as incoming" needs no password;
 * a password of its own is the one typed now, or the one kept from before.
 */
export function outgoingFromWindow(
  input: OutgoingInput | null | undefined,
  before: OutgoingServer | null | undefined,
  typedPassword: string | undefined,
  windowSource: PasswordSource,
): OutgoingServer | null | undefined {
  if (input === undefined) {
    if (typedPassword !== undefined && before) return { ...before, passwordSource: windowSource };
    return before;
  }
  if (input === null) return null;
  let passwordSource: OutgoingServer['passwordSource'];
  if (input.samePassword || input.user === null) passwordSource = { kind: 'incoming' };
  else if (typedPassword !== undefined) passwordSource = windowSource;
  else if (before && before.passwordSource.kind !== 'incoming') passwordSource = before.passwordSource;
  else throw new EngineError('invalid-argument', "Type the outgoing server's password, or choose to use the incoming server's password.");
  return {
    host: input.host,
    port: input.port,
    security: input.security,
    user: input.user,
    passwordSource,
    // The window does not set a CA file (the command line does): kept while the server stays the same.
    caFile: before && before.host === input.host && input.security !== 'none' ? before.caFile : null,
    fingerprint: input.security === 'none' ? null : input.fingerprint,
    // An OAuth 2 login (set up on the command line) stays while its token source does; a password
    // typed in the window, or "same as incoming", makes it a password login again.
    ...(before?.login === 'xoauth2' && passwordSource === before.passwordSource && input.user !== null
      ? { login: 'xoauth2' as const }
      : {}),
  };
}

/** After the row is written: the outgoing password kept under its own key, or forgotten when no longer used. */
export async function keepOutgoingPassword(ctx: EngineContext, account: Account, typed: string | undefined): Promise<void> {
  const source = account.smtp?.passwordSource;
  if (typed !== undefined && source && source.kind !== 'incoming') await ctx.secrets.set(account.id, typed, 'smtp');
  else if (!source || source.kind === 'incoming') await ctx.secrets.delete(account.id, 'smtp');
}

function certificateView(c: CertificateSummary): CertificateView {
  return { subject: c.subject, issuer: c.issuer, fingerprint256: c.fingerprint256 };
}

function failure(code: string, message: string, certificate: CertificateSummary | null = null): SmtpTestView {
  return { ok: false, code, message, certificate: certificate?.fingerprint256 ? certificateView(certificate) : null };
}

function sentence(error: SmtpError, host: string, port: number): string {
  return `The outgoing server ${host}:${port} did not work: ${error.message}.`;
}

async function passwordFor(ctx: EngineContext, input: SmtpTestInput, account: Account | null): Promise<Secret | null> {
  if (input.password !== undefined) return new Secret(input.password);
  if (account === null) return null;
  const lookup = storeSmtpPasswords(ctx.secrets, headlessSmtpPasswords(ctx.profile.dir, process.env));
  return input.samePassword ? lookup.incoming(account) : lookup.outgoing(account);
}

export async function testOutgoingServer(ctx: EngineContext, input: SmtpTestInput): Promise<SmtpTestView> {
  const account = input.accountId === null ? null : requireAccount(ctx, input.accountId);
  let password: Secret | null = null;
  if (input.user !== null) {
    password = await passwordFor(ctx, input, account);
    if (password === null) return failure('no-password', "Type the outgoing server's password to test it.");
  }
  let trust;
  try {
    const caFile = account?.smtp && account.smtp.host === input.host ? account.smtp.caFile : null;
    trust = await outgoingTrust(
      { caFile: input.security === 'none' ? null : caFile, fingerprint: input.fingerprint },
      account?.name ?? input.host,
    );
  } catch (error) {
    if (error instanceof SmtpSetupError) return failure(error.code, error.message);
    throw error;
  }
  // A saved OAuth 2 login is tested as it will send: with a token from its command, by XOAUTH2.
  const xoauth2 = account?.smtp?.login === 'xoauth2' && input.password === undefined && !input.samePassword;
  const detection = await detectSmtp(
    {
      host: input.host,
      trust,
      ...(input.user !== null && password !== null ? { user: input.user, password } : {}),
      ...(xoauth2 ? { authMethod: 'XOAUTH2' as const } : {}),
    },
    input.security,
    input.port,
  );
  if (!detection.ok)
    return failure(detection.error.kind, sentence(detection.error, input.host, detection.port), detection.error.certificate);
  const { result } = detection;
  // The account's own server, tested: its SIZE is what a send will meet (store/smtp-size.ts).
  if (account?.smtp && account.smtp.host === input.host && account.smtp.port === detection.port) {
    recordSmtpSize(ctx.profile.db, account.id, result.sizeLimit);
  }
  return {
    ok: true,
    security: detection.security,
    port: detection.port,
    authenticated: result.authenticated,
    authMethods: result.authMethods,
    sizeLimit: result.sizeLimit,
    certificate: result.tls ? certificateView(result.tls.certificate) : null,
  };
}
