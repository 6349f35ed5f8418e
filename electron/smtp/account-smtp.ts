// An account's outgoing server as the SMTP client needs it: the one place that turns stored
// settings (shared/account.ts OutgoingServer) into SmtpSettings, for the outbox's sender, for
// `poplar send` and for "Test connection".
//
// The signature the sender and `poplar send` use:
//
//   smtpSettingsFor(account: Account, passwords: SmtpPasswordLookup): Promise<SmtpSettings>
//     throws SmtpSetupError ('no-outgoing-server' | 'no-password' | 'ca-file') in plain words.
//   headlessSmtpPasswords(profileDir, env, given?) — the command line's lookup;
//   storeSmtpPasswords(secrets, fallback)          — the engine's (window-typed first).
//
// The password: the incoming server's unless the outgoing server has a source of its own
// ("same as incoming" is the default, as most providers use one login for both).
import { readFile } from 'node:fs/promises';
import type { Account, OutgoingServer } from '../../shared/account.ts';
import { passwordFromCommand, passwordFromEnv } from '../secrets/headless-sources.ts';
import { loadPassword } from '../secrets/password-files.ts';
import { passwordResolver } from '../secrets/resolver.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import { Secret } from '../secrets/secret.ts';
import type { TlsTrust } from '../tls/peer-trust.ts';
import type { SmtpSettings } from './settings.ts';

export class SmtpSetupError extends Error {
  override readonly name = 'SmtpSetupError';
  readonly code: 'no-outgoing-server' | 'no-password' | 'ca-file';
  constructor(code: SmtpSetupError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

/** Where the two passwords of an account come from. */
export interface SmtpPasswordLookup {
  /** The incoming server's password, as a check gets it. */
  incoming(account: Account): Promise<Secret | null>;
  /** The outgoing server's own (its passwordSource is not 'incoming'). */
  outgoing(account: Account): Promise<Secret | null>;
}

/** The TLS trust of an outgoing server: its CA file and pinned fingerprint, as the incoming side reads them. */
export async function outgoingTrust(server: Pick<OutgoingServer, 'caFile' | 'fingerprint'>, accountName: string): Promise<TlsTrust> {
  const trust: { caPem?: string; fingerprint256?: string } = {};
  if (server.caFile) {
    try {
      trust.caPem = await readFile(server.caFile, 'utf8');
    } catch (error) {
      throw new SmtpSetupError(
        'ca-file',
        `The CA file ${server.caFile} of the outgoing server of account '${accountName}' cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}). Fix the path with 'account set --smtp-ca-file'.`,
      );
    }
  }
  if (server.fingerprint) trust.fingerprint256 = server.fingerprint;
  return trust;
}

export async function smtpSettingsFor(account: Account, passwords: SmtpPasswordLookup): Promise<SmtpSettings> {
  const server = account.smtp;
  if (!server) {
    throw new SmtpSetupError(
      'no-outgoing-server',
      `Account '${account.name}' has no outgoing server yet. Add one in the account's settings, or with 'poplar account set --smtp-host'.`,
    );
  }
  const trust = await outgoingTrust(server, account.name);
  const base: SmtpSettings = { host: server.host, port: server.port, security: server.security, trust };
  if (server.user === null) return base;
  const password = server.passwordSource.kind === 'incoming' ? await passwords.incoming(account) : await passwords.outgoing(account);
  if (server.login === 'xoauth2') {
    if (password === null) {
      throw new SmtpSetupError(
        'no-password',
        `The outgoing server of account '${account.name}' logs in with an OAuth 2 access token, and its token source gave none.`,
      );
    }
    return { ...base, user: server.user, password, authMethod: 'XOAUTH2' };
  }
  if (password === null) {
    throw new SmtpSetupError(
      'no-password',
      server.passwordSource.kind === 'incoming'
        ? `Poplar has no password for account '${account.name}' to log in to its outgoing server (it uses the incoming server's password).`
        : `Poplar has no password for the outgoing server of account '${account.name}'.`,
    );
  }
  return { ...base, user: server.user, password };
}

/** The command line's lookup: `given` (from --password-stdin) first, then each source as configured. */
export function headlessSmtpPasswords(
  profileDir: string,
  env: NodeJS.ProcessEnv,
  given: { incoming?: Secret | null; outgoing?: Secret | null } = {},
): SmtpPasswordLookup {
  return {
    incoming: passwordResolver(profileDir, env, given.incoming ?? null),
    async outgoing(account) {
      if (given.outgoing) return given.outgoing;
      const source = account.smtp?.passwordSource;
      switch (source?.kind) {
        case 'env':
          return passwordFromEnv(env, source.variable);
        case 'command':
          return passwordFromCommand(source.command);
        case 'file':
          return loadPassword(profileDir, account.id, 'smtp');
        default: // 'prompt', 'keychain' (only the app can decrypt it), 'incoming' (not asked here)
          return null;
      }
    },
  };
}

/** The engine's lookup: a password typed in the window (the secret store's slot) before `fallback`. */
export function storeSmtpPasswords(secrets: SecretStore, fallback: SmtpPasswordLookup): SmtpPasswordLookup {
  const typed = async (account: Account, slot: 'pop3' | 'smtp'): Promise<Secret | null> => {
    const value = await secrets.get(account.id, slot);
    return value === null ? null : new Secret(value);
  };
  return {
    incoming: async (account) => (await typed(account, 'pop3')) ?? fallback.incoming(account),
    // A command or a variable is the source when one is set (an OAuth 2 token must be fresh):
    // a password typed in the window before the command line set it is not used instead.
    outgoing: async (account) => {
      const kind = account.smtp?.passwordSource.kind;
      if (kind === 'command' || kind === 'env') return fallback.outgoing(account);
      return (await typed(account, 'smtp')) ?? fallback.outgoing(account);
    },
  };
}
