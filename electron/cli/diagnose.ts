// `poplar diagnose`: why the last check of an account failed, with the evidence, what Poplar
// will do and what you can do; the state of its schedule and its recent sessions.
import { mailboxReport } from '../diagnostics/mailbox.ts';
import { plainReportText, reportJson } from '../diagnostics/report.ts';
import { findAccount } from '../store/accounts.ts';
import type { CliCommand, CliIo } from './commands.ts';
import { PROFILE_OPTION, usage, withOpenProfile } from './profile-option.ts';
import { EXIT_FAILED, EXIT_OK, parseOptions } from './usage.ts';

const USAGE = 'Usage: poplar diagnose --account NAME [--json] [--profile DIR]';
const fail = usage(USAGE);

export const diagnose: CliCommand = {
  summary: 'explain why checking an account failed (a locked mailbox, a password, the network) and what to do',
  async run(args: string[], io: CliIo): Promise<number> {
    const options = { ...PROFILE_OPTION, account: { type: 'string' }, json: { type: 'boolean', default: false } } as const;
    const { values } = parseOptions({ args, strict: true, allowPositionals: false, options }, USAGE);
    const name = values.account;
    if (!name) return fail('--account NAME is required');
    return withOpenProfile(values.profile, io, async (profile) => {
      const account = findAccount(profile.db, name);
      if (!account) {
        io.err(`There is no account named '${name}'. 'poplar account list' shows them.`);
        return EXIT_FAILED;
      }
      const now = Date.now();
      const report = mailboxReport(profile.db, account, now);
      io.out(values.json ? JSON.stringify(reportJson(report, now)) : plainReportText(report, now));
      return EXIT_OK;
    });
  },
};
