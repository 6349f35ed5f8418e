// `poplar sync`: one session per account (each account is its own mailbox), now — or as soon
// as the server's LOGIN-DELAY and another Poplar's session on the same mailbox allow
// (sync-wait.ts). Exit 0 when every account was checked, skipped for another Poplar, or is not
// allowed a login yet ('not-before'); 1 when a check failed or was refused.
import type { Account } from '../../shared/account.ts';
import { describePop3Error, POP3_ERROR_CODES, Pop3Error, type Pop3ErrorCode } from '../pop3/errors.ts';
import type { Secret } from '../secrets/secret.ts';
import { findAccount, listAccounts } from '../store/accounts.ts';
import { defaultLockDir } from '../sync/lock-dir.ts';
import type { SyncResult } from '../sync/result.ts';
import { syncWhenAllowed } from './sync-wait.ts';
import { clockSeconds } from '../diagnostics/when.ts';
import type { CliCommand, CliIo } from './commands.ts';
import { PROFILE_OPTION, storeFailure, usage, withOpenProfile } from './profile-option.ts';
import { formatBytes } from './probe-report.ts';
import { passwordResolver } from '../secrets/resolver.ts';
import { passwordFromStdin } from '../secrets/headless-sources.ts';
import { failpointFromEnv } from './failpoint.ts';
import { EXIT_FAILED, EXIT_OK, parseOptions } from './usage.ts';
import { openAnalysisPool } from './analysis-pool.ts';

const USAGE = 'Usage: poplar sync [--account NAME] [--json] [--no-wait] [--password-stdin] [--profile DIR]';
const fail = usage(USAGE);

export const sync: CliCommand = {
  summary: 'check for mail now: download new messages and apply each account’s server rules',
  async run(args: string[], io: CliIo): Promise<number> {
    const options = {
      ...PROFILE_OPTION,
      account: { type: 'string' },
      json: { type: 'boolean', default: false },
      'no-wait': { type: 'boolean', default: false },
      'password-stdin': { type: 'boolean', default: false },
    } as const;
    const { values } = parseOptions({ args, strict: true, allowPositionals: false, options }, USAGE);
    return withOpenProfile(values.profile, io, async (profile) => {
      let accounts: Account[];
      if (values.account !== undefined) {
        const one = findAccount(profile.db, values.account);
        if (!one) {
          io.err(`There is no account named '${values.account}'. 'poplar account list' shows them.`);
          return EXIT_FAILED;
        }
        accounts = [one];
      } else {
        accounts = listAccounts(profile.db);
        if (accounts.length === 0) {
          io.err("There are no accounts in this profile yet. Add one with 'poplar account add'.");
          return EXIT_FAILED;
        }
      }
      const prompted = accounts.filter((a) => a.passwordSource.kind === 'prompt');
      if (values['password-stdin'] && accounts.length > 1)
        fail('--password-stdin needs --account NAME: one password on standard input is for one account');
      let stdinPassword: Secret | null = null;
      if (values['password-stdin']) stdinPassword = await passwordFromStdin(io.stdin);
      const password = passwordResolver(profile.dir, io.env, stdinPassword);
      if (prompted.length > 0 && stdinPassword === null && !values.json) {
        io.err(
          `Account${prompted.length > 1 ? 's' : ''} ${prompted.map((a) => `'${a.name}'`).join(', ')} ask${prompted.length > 1 ? '' : 's'} for the password each time: run 'poplar sync --account NAME --password-stdin'.`,
        );
      }
      const lockDir = io.env.POPLAR_LOCK_DIR ?? defaultLockDir();
      const checkpoint = failpointFromEnv(io.env);
      const results: SyncResult[] = [];
      // Messages are committed and listed from their headers; their full analysis (text,
      // snippet, parts, full-text index) runs in workers meanwhile, and the command waits for it
      // at the end, so that a search right after `poplar sync` finds them. Killed before then,
      // the next sync or the app finishes it (analysis/pool.ts).
      const analysis = openAnalysisPool(profile);
      try {
        for (const a of accounts) {
          if (a.paused && values.account === undefined) continue;
          const started = Date.now();
          try {
            results.push(
              await syncWhenAllowed({ profile, lockDir, now: Date.now, password, analysis, ...(checkpoint ? { checkpoint } : {}) }, a, {
                noWait: values['no-wait'],
                say: io.err,
                tty: process.stderr.isTTY ? process.stderr : null,
              }),
            );
          } catch (error) {
            // The database failed where the session could not catch it (recording the session on
            // a damaged database or a full disk): it is this account's failure, said plainly (and
            // as JSON with --json), and the other accounts still run.
            const failure = storeFailure(error, profile);
            if (failure === null) throw error;
            const code = failure.code === 'disk-full' ? 'disk-full' : 'store';
            results.push({
              account: a.name,
              outcome: 'error',
              downloaded: 0,
              deletedOnServer: 0,
              bytes: 0,
              ms: Date.now() - started,
              error: { code, message: failure.message, responseCode: null, serverText: null },
              sessionId: 0,
              notes: [],
            });
          }
        }
        const listedMs = performance.now();
        await analysis.whenIdle();
        const analysedMs = performance.now();
        if (values.json) {
          io.out(
            JSON.stringify({
              // Since the process started: when every message was stored and listed, and when analysed.
              timings: { listedMs: Math.round(listedMs), analysedMs: Math.round(analysedMs) },
              accounts: results.map(({ account: name, outcome, downloaded, deletedOnServer, bytes, ms, error, notBefore, notes }) => ({
                account: name,
                outcome,
                downloaded,
                deletedOnServer,
                bytes,
                ms,
                error: error ? { code: error.code, message: error.message } : null,
                ...(notBefore !== undefined ? { notBefore: new Date(notBefore).toISOString(), message: notes[0] ?? null } : {}),
              })),
            }),
          );
        } else {
          for (const r of results) (SUCCEEDED.has(r.outcome) ? io.out : io.err)(formatResult(r));
        }
        return results.every((r) => SUCCEEDED.has(r.outcome)) ? EXIT_OK : EXIT_FAILED;
      } finally {
        await analysis.close();
      }
    });
  },
};

/** Outcomes that are not failures: a cron job must not mail an error for them. */
const SUCCEEDED: ReadonlySet<SyncResult['outcome']> = new Set(['ok', 'skipped', 'not-before']);

function formatResult(r: SyncResult): string {
  const head = `${r.account}: `;
  if (r.outcome === 'not-before')
    return `${head}not checked yet: the next login is allowed at ${clockSeconds(r.notBefore ?? Date.now())}.\n  ${r.notes.join('\n  ')}`;
  if (r.outcome === 'skipped') return `${head}skipped. ${r.error?.message ?? ''}`.trim();
  if (r.outcome === 'ok') {
    const parts = [
      r.downloaded === 0 ? 'no new messages' : `${r.downloaded} new message${r.downloaded === 1 ? '' : 's'} (${formatBytes(r.bytes)})`,
    ];
    if (r.deletedOnServer > 0) parts.push(`${r.deletedOnServer} deleted on the server`);
    return `${head}${parts.join(', ')}, in ${r.ms} ms${r.notes.length ? `\n  ${r.notes.join('\n  ')}` : ''}`;
  }
  const error = r.error;
  if (!error) return `${head}${r.outcome}`;
  const words = isPop3Code(error.code)
    ? describePop3Error(
        new Pop3Error(error.code, { responseCode: error.responseCode, serverText: error.serverText, message: error.message }),
      )
    : error.message;
  const done = r.downloaded > 0 ? `\n  (${r.downloaded} message${r.downloaded === 1 ? ' was' : 's were'} stored before that.)` : '';
  return `${head}${r.outcome === 'locked' ? 'the mailbox is in use' : 'the check failed'} (${error.code}).\n  ${words.replace(/\n\n/g, '\n  ')}${done}`;
}

const POP3_CODES = new Set<string>(POP3_ERROR_CODES);

function isPop3Code(code: string): code is Pop3ErrorCode {
  return POP3_CODES.has(code);
}
