// "Test connection" with automatic security, as the incoming side does 995/110: implicit TLS on
// 465 (RFC 8314 §3.3, preferred), then submission on 587 with STARTTLS required (RFC 6409,
// RFC 3207). It never falls back to plain text: a password crosses the network unencrypted only
// when the user chose security 'none' themselves. A port the user gave is used for both tries.
import type { Security } from '../../shared/account.ts';
import { SmtpError } from './failure.ts';
import { DEFAULT_PORTS, type SmtpSettings } from './settings.ts';
import { testSmtp, type SmtpTestResult } from './test-smtp.ts';

export type SmtpSecurityChoice = Security | 'auto';

export type SmtpDetection =
  | { readonly ok: true; readonly security: Security; readonly port: number; readonly result: SmtpTestResult }
  | { readonly ok: false; readonly security: Security; readonly port: number; readonly error: SmtpError };

/**
 * Failures that mean "nothing speaks implicit TLS here", after which 'auto' tries STARTTLS. A
 * certificate that is not trusted is not one (the server does speak TLS and the user must decide
 * about it), nor is a refused login.
 */
function worthAnotherWay(error: SmtpError): boolean {
  return error.kind === 'unreachable' || (error.kind === 'tls' && error.certificate?.fingerprint256 == null);
}

/** The tries `choice` means, in order. */
export function smtpAttempts(choice: SmtpSecurityChoice, port: number | null): Array<{ security: Security; port: number }> {
  if (choice !== 'auto') return [{ security: choice, port: port ?? DEFAULT_PORTS[choice] }];
  return [
    { security: 'tls', port: port ?? DEFAULT_PORTS.tls },
    { security: 'starttls', port: port ?? DEFAULT_PORTS.starttls },
  ];
}

/** Tests each way in turn until one works or one fails for a reason another way would not mend. */
export async function detectSmtp(
  base: Omit<SmtpSettings, 'security' | 'port'>,
  choice: SmtpSecurityChoice,
  port: number | null,
): Promise<SmtpDetection> {
  let last: SmtpDetection | null = null;
  for (const attempt of smtpAttempts(choice, port)) {
    try {
      const result = await testSmtp({ ...base, ...attempt });
      return { ok: true, ...attempt, result };
    } catch (error) {
      if (!(error instanceof SmtpError)) throw error;
      last = { ok: false, ...attempt, error };
      if (!(choice === 'auto' && attempt.security === 'tls' && worthAnotherWay(error))) return last;
    }
  }
  // Reached only after every try failed; smtpAttempts never returns an empty list.
  return last ?? { ok: false, security: 'tls', port: 0, error: new SmtpError('unreachable', 'no connection was attempted') };
}
