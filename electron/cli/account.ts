// `poplar account add|list|set|remove`: account settings for headless use.
import path from 'node:path';
import {
  DEFAULT_INTERVAL_MINUTES,
  describeRetention,
  type Account,
  type AccountSettings,
  type PasswordSource,
  type Retention,
  type Security,
} from '../../shared/account.ts';
import { accountFields, accountProblems, SETTING_NAMES } from '../../shared/account-rules.ts';
import type { Schema } from '../../shared/validate.ts';
import { mailboxKey } from '../../shared/mailbox-key.ts';
import { describeMerge, markMergesTold, untoldMerges } from '../store/account-merges.ts';
import { removeAccount } from '../store/account-removal.ts';
import { AccountError, addAccount, findAccount, listAccounts, updateAccount } from '../store/accounts.ts';
import { FileSecretStore } from '../secrets/file-store.ts';
import { forgetPassword, savePassword } from '../secrets/password-files.ts';
import { loginDelaySeconds } from '../sync/history.ts';
import { intervalProblem } from '../sync/policy.ts';
import type { Secret } from '../secrets/secret.ts';
import { afterSaveOutgoing, describeOutgoing, outgoingFrom, SMTP_OPTIONS, SMTP_USAGE } from './account-smtp-options.ts';
import type { CliCommand, CliIo } from './commands.ts';
import { PROFILE_OPTION, usage, withOpenProfile } from './profile-option.ts';
import { passwordFromStdin } from '../secrets/headless-sources.ts';
import { EXIT_FAILED, EXIT_OK, parseOptions } from './usage.ts';

const USAGE = [
  'Usage: poplar account add --name NAME --host HOST --user USER [settings] [password]',
  '       poplar account set NAME [settings] [password]',
  '       poplar account list [--json]',
  '       poplar account remove NAME',
  'Settings: --port N  --security tls|starttls|none  --auth auto|plain|login|cram-md5|apop|user',
  '          --ca-file FILE  --fingerprint SHA256  --interval MINUTES  --max-size BYTES',
  '          --leave-on-server | --delete-after-download | --delete-after-days N  [--delete-when-deleted-here]',
  '          --check-at-startup yes|no  --paused yes|no  --notify yes|no  --trash-days N|never',
  'Password: --password-env VAR | --password-command CMD | --password-stdin [--save-password]',
  ...SMTP_USAGE,
  'Every command takes --profile DIR.',
].join('\n');

const fail = usage(USAGE);

const OPTIONS = {
  ...PROFILE_OPTION,
  name: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  security: { type: 'string' },
  user: { type: 'string' },
  auth: { type: 'string' },
  'ca-file': { type: 'string' },
  fingerprint: { type: 'string' },
  interval: { type: 'string' },
  'max-size': { type: 'string' },
  'leave-on-server': { type: 'boolean' },
  'delete-after-download': { type: 'boolean' },
  'delete-after-days': { type: 'string' },
  'delete-when-deleted-here': { type: 'boolean' },
  'trash-days': { type: 'string' },
  'check-at-startup': { type: 'string' },
  paused: { type: 'string' },
  notify: { type: 'string' },
  'password-env': { type: 'string' },
  'password-command': { type: 'string' },
  'password-stdin': { type: 'boolean' },
  'save-password': { type: 'boolean' },
  json: { type: 'boolean' },
  ...SMTP_OPTIONS,
} as const;

type Values = ReturnType<typeof parse>['values'];

function parse(args: string[]) {
  return parseOptions({ args, options: OPTIONS, strict: true, allowPositionals: true }, USAGE);
}

export const account: CliCommand = {
  summary: 'add, list, change or remove accounts',
  async run(args: string[], io: CliIo): Promise<number> {
    const [sub, ...rest] = args;
    const { values, positionals } = parse(rest);
    if (!sub || !['add', 'set', 'list', 'remove'].includes(sub)) fail(`expected add, set, list or remove${sub ? `, not '${sub}'` : ''}`);
    return withOpenProfile(values.profile, io, async (profile) => {
      try {
        switch (sub) {
          case 'list':
            return list(profile.db, values, io);
          case 'add': {
            if (positionals.length > 0) fail(`unexpected '${positionals[0]}'`);
            const { settings, password, smtpPassword } = await settingsFrom(values, null, io);
            const created = addAccount(profile.db, settings, Date.now());
            await afterSave(profile.dir, created, password, values, io);
            await afterSaveOutgoing(profile.dir, created, smtpPassword, values, io);
            io.out(`Added account '${created.name}': ${describe(created)}`);
            return EXIT_OK;
          }
          case 'set': {
            const existing = named(profile.db, positionals, io);
            if (!existing) return EXIT_FAILED;
            const { settings, password, smtpPassword } = await settingsFrom(values, existing, io);
            // The server's LOGIN-DELAY (learnt from CAPA at the last check) is a floor: checking
            // more often would only be refused (RFC 2449 §6.5).
            const tooOften = intervalProblem(
              settings.intervalMinutes,
              loginDelaySeconds(profile.db, mailboxKey(settings.host, settings.port, settings.user)),
            );
            if (tooOften !== null) {
              io.err(`poplar account set: ${tooOften}`);
              return EXIT_FAILED;
            }
            const updated = updateAccount(profile.db, existing.id, settings);
            await afterSave(profile.dir, updated, password, values, io);
            await afterSaveOutgoing(profile.dir, updated, smtpPassword, values, io);
            io.out(`Changed account '${updated.name}': ${describe(updated)}`);
            return EXIT_OK;
          }
          case 'remove': {
            const existing = named(profile.db, positionals, io);
            if (!existing) return EXIT_FAILED;
            const { messages: count, passwordError } = await removeAccount(profile, existing.id, new FileSecretStore(profile.dir));
            if (passwordError !== null) throw passwordError;
            io.out(
              `Removed account '${existing.name}' and its ${count} downloaded message${count === 1 ? '' : 's'} from this computer. Mail on the server was not touched.`,
            );
            return EXIT_OK;
          }
          default:
            return fail('unreachable');
        }
      } catch (error) {
        // Settings refused (by the rules, or by the store: a name taken, the same mailbox), said under the command's name.
        if (!(error instanceof AccountError)) throw error;
        io.err(`poplar account ${sub}: ${error.message}`);
        return EXIT_FAILED;
      }
    });
  },
};

function named(db: Parameters<typeof findAccount>[0], positionals: string[], io: CliIo): Account | null {
  if (positionals.length !== 1) fail('name exactly one account');
  const found = findAccount(db, positionals[0] ?? '');
  if (!found) io.err(`There is no account named '${positionals[0]}'. 'poplar account list' shows them.`);
  return found;
}

function list(db: Parameters<typeof listAccounts>[0], values: Values, io: CliIo): number {
  const accounts = listAccounts(db);
  // Accounts the mailbox-key migration merged (store/rekey-migration.ts), said once.
  const merges = untoldMerges(db);
  const notes = merges.map(describeMerge);
  if (values.json) {
    io.out(JSON.stringify({ accounts, notes }));
  } else if (accounts.length === 0) {
    io.out("No accounts yet. Add one with 'poplar account add --name NAME --host HOST --user USER --password-stdin'.");
  } else {
    for (const a of accounts) io.out(`${a.name}: ${describe(a)}`);
    for (const note of notes) io.out(note);
  }
  markMergesTold(
    db,
    merges.map((m) => m.id),
    Date.now(),
  );
  return EXIT_OK;
}

function describe(a: Account): string {
  return [
    `${a.user} at ${a.host}:${a.port} (${a.security === 'none' ? 'unencrypted' : a.security})`,
    describeRetention(a.retention),
    `check every ${a.intervalMinutes} min${a.paused ? ' (paused)' : ''}`,
    a.notify ? null : 'notifications off',
    a.maxSizeBytes !== null ? `headers only above ${a.maxSizeBytes} bytes` : null,
    a.trashDays != null ? `Trash emptied after ${a.trashDays} day${a.trashDays === 1 ? '' : 's'}` : null,
    `password: ${passwordWords(a.passwordSource)}`,
    describeOutgoing(a),
  ]
    .filter(Boolean)
    .join('; ');
}

function passwordWords(source: PasswordSource): string {
  switch (source.kind) {
    case 'env':
      return `from $${source.variable}`;
    case 'command':
      return 'from a command';
    case 'file':
      return 'saved in the profile';
    case 'prompt':
      return 'asked each time (--password-stdin)';
    case 'keychain':
      return 'kept by the app in the system keychain (the command line asks: --password-stdin)';
    default: {
      const unreachable: never = source;
      return String(unreachable);
    }
  }
}

const DEFAULT_PORT: Record<Security, number> = { tls: 995, starttls: 110, none: 110 };

/** The settings' rules (shared/account-rules.ts), for the options whose value is checked before it is used. */
const OPTION_RULES = accountFields({ ...SETTING_NAMES, security: '--security', auth: '--auth', fingerprint: '--fingerprint' });

function checked<T>(rule: Schema<T>, value: unknown): T {
  const r = rule.check(value, '');
  return r.ok ? r.value : fail(r.problem);
}

async function settingsFrom(
  v: Values,
  base: Account | null,
  io: CliIo,
): Promise<{ settings: AccountSettings; password: Secret | null; smtpPassword: Secret | null }> {
  const security = checked(OPTION_RULES.security, v.security ?? base?.security ?? 'tls');
  const auth = checked(OPTION_RULES.auth, v.auth ?? base?.auth ?? 'auto');
  const name = v.name ?? base?.name ?? fail('--name is required');
  const host = v.host ?? base?.host ?? fail('--host is required');
  const user = v.user ?? base?.user ?? fail('--user is required');
  const port = v.port !== undefined ? int(v.port, '--port') : base && v.security === undefined ? base.port : DEFAULT_PORT[security];
  const intervalMinutes = v.interval !== undefined ? num(v.interval, '--interval') : (base?.intervalMinutes ?? DEFAULT_INTERVAL_MINUTES);
  const maxSizeBytes =
    v['max-size'] !== undefined ? (v['max-size'] === 'none' ? null : int(v['max-size'], '--max-size')) : (base?.maxSizeBytes ?? null);
  const retention = retentionFrom(v, base?.retention ?? null);
  // "Empty Trash after N days"; 'never' keeps the Trash until it is emptied by hand.
  const trashDays =
    v['trash-days'] !== undefined ? (v['trash-days'] === 'never' ? null : int(v['trash-days'], '--trash-days')) : (base?.trashDays ?? null);
  // Spaces, as some tools print a fingerprint in groups, are typing: the rule checks the digits.
  const typed = v.fingerprint?.replace(/\s/g, '');
  const fingerprint = typed !== undefined ? checked(OPTION_RULES.fingerprint, typed === '' ? null : typed) : (base?.fingerprint ?? null);
  const caFile = v['ca-file'] !== undefined ? (v['ca-file'] === '' ? null : path.resolve(v['ca-file'])) : (base?.caFile ?? null);

  const sources = [v['password-stdin'], v['password-env'] !== undefined, v['password-command'] !== undefined].filter(Boolean).length;
  if (sources > 1) fail('give the password in one way only: --password-stdin, --password-env VAR or --password-command CMD');
  if (v['save-password'] && !v['password-stdin'] && !v['smtp-password-stdin']) fail('--save-password goes with --password-stdin');
  const outgoing = await outgoingFrom(v, base, user, io, fail);
  let passwordSource: PasswordSource;
  let password: Secret | null = null;
  if (v['password-env'] !== undefined) passwordSource = { kind: 'env', variable: v['password-env'] };
  else if (v['password-command'] !== undefined) passwordSource = { kind: 'command', command: v['password-command'] };
  else if (v['password-stdin']) {
    password = await passwordFromStdin(io.stdin);
    if (password === null) fail('the password on standard input is empty');
    passwordSource = v['save-password'] ? { kind: 'file' } : { kind: 'prompt' };
  } else if (base) passwordSource = base.passwordSource;
  else
    return fail(
      'say how Poplar gets the password: --password-env VAR, --password-command CMD, or --password-stdin (with --save-password to keep it)',
    );

  const settings: AccountSettings = {
    name,
    host,
    port,
    security,
    user,
    auth,
    caFile,
    fingerprint,
    retention,
    intervalMinutes,
    checkAtStartup:
      v['check-at-startup'] !== undefined ? yesNo(v['check-at-startup'], '--check-at-startup') : (base?.checkAtStartup ?? true),
    paused: v.paused !== undefined ? yesNo(v.paused, '--paused') : (base?.paused ?? false),
    notify: v.notify !== undefined ? yesNo(v.notify, '--notify') : (base?.notify ?? true),
    maxSizeBytes,
    trashDays,
    passwordSource,
    smtp: outgoing.smtp,
    identity: outgoing.identity,
  };
  // The same rules the window's settings meet; the store applies them again before it writes.
  const problems = accountProblems(settings);
  if (problems.length > 0) throw new AccountError(problems.join('; '));
  return { settings, password, smtpPassword: outgoing.smtpPassword };
}

function retentionFrom(v: Values, base: Retention | null): Retention {
  const chosen = [v['leave-on-server'], v['delete-after-download'], v['delete-after-days'] !== undefined].filter(Boolean).length;
  if (chosen > 1) fail('choose one of --leave-on-server, --delete-after-download, --delete-after-days N');
  const whenDeletedHere =
    v['delete-when-deleted-here'] ?? (base && base.kind !== 'delete-after-download' ? base.deleteWhenDeletedLocally : false);
  if (v['delete-after-download']) {
    if (v['delete-when-deleted-here']) fail('--delete-when-deleted-here adds nothing to --delete-after-download');
    return { kind: 'delete-after-download' };
  }
  if (v['delete-after-days'] !== undefined)
    return {
      kind: 'delete-after-days',
      days: int(v['delete-after-days'], '--delete-after-days'),
      deleteWhenDeletedLocally: whenDeletedHere,
    };
  if (v['leave-on-server'] || !base) return { kind: 'leave', deleteWhenDeletedLocally: whenDeletedHere };
  if (base.kind === 'delete-after-download') return base;
  return { ...base, deleteWhenDeletedLocally: whenDeletedHere };
}

async function afterSave(profileDir: string, a: Account, password: Secret | null, v: Values, io: CliIo): Promise<void> {
  if (password !== null && v['save-password']) {
    const file = await savePassword(profileDir, a.id, password);
    io.err(
      `Warning: the password is saved unencrypted in ${file} (readable only by you). Anyone with access to your user account or its backups can read it. The desktop app keeps passwords encrypted instead.`,
    );
  } else if (a.passwordSource.kind !== 'file') {
    await forgetPassword(profileDir, a.id);
  }
}

function int(text: string, option: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n)) fail(`${option} must be a whole number, not '${text}'`);
  return n;
}

function num(text: string, option: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) fail(`${option} must be a number, not '${text}'`);
  return n;
}

function yesNo(text: string, option: string): boolean {
  if (text === 'yes' || text === 'true') return true;
  if (text === 'no' || text === 'false') return false;
  return fail(`${option} takes yes or no, not '${text}'`);
}
