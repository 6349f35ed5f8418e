// accounts.test: what the account form's "Test connection" shows, as `poplar probe` does it —
// connect, secure, log in, STAT, QUIT — or the failure in words, with the certificate when the
// server's was not trusted, so the form can offer "trust this certificate" and retry with its
// fingerprint.
//
// 'auto' tries implicit TLS (RFC 8314 §3.3, port 995) and then STLS (RFC 2595 §4, port 110);
// a port the user gave is used for both. It never falls back to plaintext: a password is sent
// in the clear only when the user chose security 'none' themselves.
import type { Security } from '../../shared/account.ts';
import { mailboxKey } from '../../shared/mailbox-key.ts';
import type { CertificateView, ConnectionTestInput, ConnectionTestView } from '../../shared/contract.ts';
import { Pop3Client } from '../pop3/client.ts';
import { describePop3Error, isPop3Error, type Pop3Error } from '../pop3/errors.ts';
import { Secret } from '../secrets/secret.ts';
import type { TlsTrust } from '../pop3/transport.ts';
import { tryAcquireMailboxLock } from '../sync/mailbox-lock.ts';
import type { EngineContext } from './context.ts';

/** RFC 8314 §3.3 (POP3S) and RFC 1939 §3 (POP3, also for STLS per RFC 2595 §4); as probe.ts. */
const DEFAULT_PORT: Record<Security, number> = { tls: 995, starttls: 110, none: 110 };

/**
 * Failures that mean "nothing speaks implicit TLS here", after which 'auto' tries STLS. A
 * certificate that is not trusted is not one of them (the server does speak TLS, and the user
 * must decide about it), nor is a refused login or a locked mailbox.
 */
function worthAnotherWay(error: Pop3Error): boolean {
  switch (error.code) {
    case 'connection-refused':
    case 'timeout':
    case 'network':
    case 'connection-closed':
    case 'bad-greeting':
      return true;
    case 'tls':
      return error.tls?.fingerprint256 == null; // no certificate at all: the handshake itself failed
    default:
      return false;
  }
}

export async function testConnection(ctx: EngineContext, input: ConnectionTestInput): Promise<ConnectionTestView> {
  const attempts: Array<{ security: Security; port: number }> =
    input.security === 'auto'
      ? [
          { security: 'tls', port: input.port ?? DEFAULT_PORT.tls },
          { security: 'starttls', port: input.port ?? DEFAULT_PORT.starttls },
        ]
      : [{ security: input.security, port: input.port ?? DEFAULT_PORT[input.security] }];
  let last: ConnectionTestView | null = null;
  for (const attempt of attempts) {
    const outcome = await attemptOnce(ctx, input, attempt.security, attempt.port);
    if (outcome.view.ok || !outcome.tryNext) return outcome.view;
    last = outcome.view;
  }
  // Only reached after every attempt failed; `attempts` is never empty.
  return last ?? { ok: false, code: 'internal', message: 'no connection was attempted', certificate: null };
}

async function attemptOnce(
  ctx: EngineContext,
  input: ConnectionTestInput,
  security: Security,
  port: number,
): Promise<{ view: ConnectionTestView; tryNext: boolean }> {
  // A test is a POP3 session like any other: never a second one on a mailbox being checked.
  const lock = await tryAcquireMailboxLock(ctx.lockDir, mailboxKey(input.host, port, input.user), { profile: ctx.profile.dir });
  if (!lock.acquired) {
    return {
      view: {
        ok: false,
        code: 'local-lock',
        message: 'Poplar is checking this mailbox right now. Try again when the check has finished.',
        certificate: null,
      },
      tryNext: false,
    };
  }
  try {
    const trust: TlsTrust = input.fingerprint ? { fingerprint256: input.fingerprint } : {};
    const client = await Pop3Client.connect({
      host: input.host,
      port,
      security,
      auth: 'auto',
      trust,
      credentials: { kind: 'password', user: input.user, password: new Secret(input.password) },
    });
    const stat = await client.stat();
    await client.quit();
    const facts = client.facts;
    return {
      view: {
        ok: true,
        security,
        port,
        authMethod: facts.authMethod,
        messages: stat.count,
        octets: stat.octets,
        loginDelaySeconds: facts.capabilities.loginDelaySeconds,
        uidl: facts.capabilities.uidl,
        certificate: facts.tls ? certificateView(facts.tls.certificate) : null,
      },
      tryNext: false,
    };
  } catch (error) {
    if (!isPop3Error(error)) throw error;
    return {
      view: {
        ok: false,
        code: error.code,
        message: describePop3Error(error),
        certificate: error.tls?.fingerprint256 ? certificateView(error.tls) : null,
      },
      tryNext: security === 'tls' && input.security === 'auto' && worthAnotherWay(error),
    };
  } finally {
    await lock.lock.release();
  }
}

function certificateView(c: { subject: string | null; issuer: string | null; fingerprint256: string | null }): CertificateView {
  return { subject: c.subject, issuer: c.issuer, fingerprint256: c.fingerprint256 };
}
