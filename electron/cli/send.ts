// `poplar send`: a message from the command line, through the outbox as the window sends one.
// Everything the user gave is checked first (send-draft.ts), and the account's outgoing server
// and password are resolved, before the outbox holds anything; then the exact bytes are stored
// (durably: the store commits each statement) and this one item is sent while the command
// waits. Exit 0 once the server took it, 1 when it did not (the reason in plain words, and
// what becomes of the message), 2 for a usage error.
import type { Account, Identity } from '../../shared/account.ts';
import { isEmailAddress } from '../../shared/account-rules.ts';
import { oversizeProblem, smtpSizeLimit } from '../store/smtp-size.ts';
import { sendItem } from '../engine/outbox.ts';
import { composeMessage, newMessageId } from '../mime/compose.ts';
import { headlessSmtpPasswords, SmtpSetupError, smtpSettingsFor } from '../smtp/account-smtp.ts';
import type { SmtpSettings } from '../smtp/settings.ts';
import { findAccount, listAccounts } from '../store/accounts.ts';
import { failureWords } from '../store/outbox-states.ts';
import { enqueue, getItem, type OutboxItem } from '../store/outbox.ts';
import type { CliCommand, CliIo } from './commands.ts';
import { failpointFromEnv } from './failpoint.ts';
import { PROFILE_OPTION, usage, withOpenProfile } from './profile-option.ts';
import { readSendInput, withSignature } from './send-draft.ts';
import { EXIT_FAILED, EXIT_OK, parseOptions } from './usage.ts';

const USAGE = [
  'Usage: poplar send [--account NAME] --to ADDRESS [--to ADDRESS …] [--cc ADDRESS] [--bcc ADDRESS]',
  '                   [--subject TEXT] [--body-file FILE] [--attach FILE …] [--json] [--profile DIR]',
  'Sends one message through the account’s outgoing server and waits for it to be taken.',
  'The body is read from --body-file, or else from standard input. --to, --cc and --bcc may be',
  'given more than once or as a comma list. From, Reply-To and the signature are the account’s.',
].join('\n');
const fail = usage(USAGE);

export const send: CliCommand = {
  summary: 'send a message through an account’s outgoing server, and wait until it is taken',
  async run(args: string[], io: CliIo): Promise<number> {
    const options = {
      ...PROFILE_OPTION,
      account: { type: 'string' },
      to: { type: 'string', multiple: true },
      cc: { type: 'string', multiple: true },
      bcc: { type: 'string', multiple: true },
      subject: { type: 'string' },
      'body-file': { type: 'string' },
      attach: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
    } as const;
    const { values } = parseOptions({ args, strict: true, allowPositionals: false, options }, USAGE);
    const input = await readSendInput(values, io.stdin, fail);
    return withOpenProfile(values.profile, io, async (profile) => {
      const account = chooseAccount(profile.db, values.account, io);
      if (account === null) return EXIT_FAILED;
      let settings: SmtpSettings;
      try {
        settings = await smtpSettingsFor(account, headlessSmtpPasswords(profile.dir, io.env));
      } catch (error) {
        if (!(error instanceof SmtpSetupError)) throw error;
        io.err(`${error.message} Nothing was sent.`);
        return EXIT_FAILED;
      }
      const identity = senderOf(account);
      if (identity === null) {
        io.err(
          `Account '${account.name}' has no sender address. Give it one with 'poplar account set ${account.name} --from "Name <address>"'.`,
        );
        return EXIT_FAILED;
      }
      const from = { name: identity.fromName, address: identity.fromAddress };
      const composed = await composeMessage({
        from,
        to: input.to,
        cc: input.cc,
        bcc: input.bcc,
        replyTo: identity.replyTo === null ? null : { name: '', address: identity.replyTo },
        subject: input.subject,
        text: withSignature(input.body, identity),
        html: null,
        inReplyTo: null,
        references: [],
        attachments: input.attachments,
        messageId: newMessageId(from.address),
        date: Date.now(),
      });
      // Refused before the outbox holds it, when the server's SIZE is known from an earlier connection.
      const tooLarge = oversizeProblem(composed.raw.length, smtpSizeLimit(profile.db, account.id));
      if (tooLarge !== null) {
        io.err(`${tooLarge} Nothing was sent.`);
        return EXIT_FAILED;
      }
      const id = enqueue(profile.db, account.id, composed, Date.now());
      const queued = getItem(profile.db, id);
      const checkpoint = failpointFromEnv(io.env);
      // The same sender as the app's: Sent keeps the exact bytes (engine/outbox.ts).
      const hooks = { files: profile.files, ...(checkpoint ? { checkpoint } : {}) };
      const ended = queued === null ? null : await sendItem(profile.db, queued, settings, Date.now, hooks);
      return report(ended ?? getItem(profile.db, id), values.json, io);
    });
  },
};

function chooseAccount(db: Parameters<typeof listAccounts>[0], name: string | undefined, io: CliIo): Account | null {
  if (name !== undefined) {
    const one = findAccount(db, name);
    if (!one) io.err(`There is no account named '${name}'. 'poplar account list' shows them.`);
    return one;
  }
  const all = listAccounts(db);
  if (all.length === 1) return all[0] ?? null;
  io.err(
    all.length === 0
      ? "There are no accounts in this profile yet. Add one with 'poplar account add'."
      : "This profile has more than one account: say which one sends with '--account NAME'.",
  );
  return null;
}

/** The account's identity; without one, its login when that is an address (many providers' rule). */
function senderOf(account: Account): Identity | null {
  if (account.identity) return account.identity;
  return isEmailAddress(account.user) ? { fromName: '', fromAddress: account.user, replyTo: null, signature: '' } : null;
}

/** What became of the message, in words; stdout carries only the Message-ID (or the JSON). */
function report(item: OutboxItem | null, json: boolean, io: CliIo): number {
  if (item === null) {
    io.err('The message is no longer in the outbox.');
    return EXIT_FAILED;
  }
  const words = item.state === 'sent' ? null : fate(item);
  if (json) {
    io.out(
      JSON.stringify({
        ok: item.state === 'sent',
        state: item.state,
        messageId: item.messageId,
        outboxId: item.id,
        failure: item.failureKind === null ? null : { kind: item.failureKind, message: words, serverResponse: item.failureResponse },
      }),
    );
  } else if (words === null) io.out(item.messageId);
  else io.err(words);
  return item.state === 'sent' ? EXIT_OK : EXIT_FAILED;
}

function fate(item: OutboxItem): string {
  const why = item.failureKind === null ? 'The message was not sent.' : failureWords(item.failureKind);
  const server = item.failureResponse ? `\nThe server said: ${item.failureResponse}` : '';
  switch (item.state) {
    case 'retry':
      return `Not sent yet. ${why}${server}\nIt stays in the outbox and will be tried again.`;
    case 'unknown':
      return `${why}${server}\nIt will not be sent again without asking you: ask a recipient whether it came, then answer in the app's outbox.`;
    case 'failed':
      return `Not sent. ${why}${server}\nIt stays in the outbox as not sent; it will not be tried again until you fix the cause and send it again.`;
    default:
      // 'sending' or 'queued': another Poplar took it meanwhile.
      return 'Another Poplar is sending this message now.';
  }
}
