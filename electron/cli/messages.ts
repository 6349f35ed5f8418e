// `poplar messages` and `poplar show`: read what was downloaded.
import { createReadStream } from 'node:fs';
import { findAccount } from '../store/accounts.ts';
import { getMessage, listMessages } from '../store/messages.ts';
import { parseMessageFile } from '../mime/parse.ts';
import type { CliCommand, CliIo } from './commands.ts';
import { PROFILE_OPTION, usage, withOpenProfile } from './profile-option.ts';
import { formatBytes } from './probe-report.ts';
import { EXIT_FAILED, EXIT_OK, parseOptions } from './usage.ts';

const LIST_USAGE = 'Usage: poplar messages [--account NAME] [--search WORDS] [--limit N] [--json] [--profile DIR]';
const SHOW_USAGE = 'Usage: poplar show ID [--raw] [--json] [--profile DIR]';

export const messages: CliCommand = {
  summary: 'list downloaded messages, newest first, or search them',
  async run(args: string[], io: CliIo): Promise<number> {
    const fail = usage(LIST_USAGE);
    const options = {
      ...PROFILE_OPTION,
      account: { type: 'string' },
      search: { type: 'string' },
      limit: { type: 'string', default: '50' },
      json: { type: 'boolean', default: false },
    } as const;
    const { values } = parseOptions({ args, strict: true, options }, LIST_USAGE);
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) fail('--limit must be a whole number above 0');
    return withOpenProfile(values.profile, io, (profile) => {
      let accountId: number | undefined;
      if (values.account !== undefined) {
        const a = findAccount(profile.db, values.account);
        if (!a) {
          io.err(`There is no account named '${values.account}'.`);
          return EXIT_FAILED;
        }
        accountId = a.id;
      }
      const rows = listMessages(profile.db, {
        ...(accountId !== undefined ? { accountId } : {}),
        ...(values.search ? { search: values.search } : {}),
        limit,
      });
      if (values.json) {
        io.out(JSON.stringify({ messages: rows }));
        return EXIT_OK;
      }
      if (rows.length === 0) io.out(values.search ? `No messages match '${values.search}'.` : 'No messages yet.');
      for (const m of rows) {
        const date = new Date(m.date ?? m.receivedAt).toISOString().slice(0, 16).replace('T', ' ');
        const flags = `${m.read ? ' ' : '*'}${m.hasAttachments ? '@' : ' '}${m.partial ? 'P' : ' '}`;
        io.out(
          `${String(m.id).padStart(6)} ${flags} ${date}  ${(m.fromName || m.fromAddress).slice(0, 24).padEnd(24)}  ${m.subject || '(no subject)'}`,
        );
      }
      return EXIT_OK;
    });
  },
};

export const show: CliCommand = {
  summary: 'show one downloaded message (--raw: its exact bytes)',
  async run(args: string[], io: CliIo): Promise<number> {
    const fail = usage(SHOW_USAGE);
    const options = { ...PROFILE_OPTION, raw: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } } as const;
    const { values, positionals } = parseOptions({ args, strict: true, allowPositionals: true, options }, SHOW_USAGE);
    const id = Number(positionals[0]);
    if (positionals.length !== 1 || !Number.isInteger(id) || id < 1) fail('give one message ID (from poplar messages)');
    return withOpenProfile(values.profile, io, async (profile) => {
      const m = getMessage(profile.db, id);
      if (!m) {
        io.err(`There is no message ${id}.`);
        return EXIT_FAILED;
      }
      const file = profile.files.absolute(m.path);
      if (values.raw) {
        // The exact bytes as received: written to stdout as a stream, never decoded.
        for await (const chunk of createReadStream(file)) process.stdout.write(chunk as Buffer);
        return EXIT_OK;
      }
      const parsed = await parseMessageFile(file);
      if (values.json) {
        io.out(JSON.stringify({ message: m, text: parsed.text, html: parsed.html !== null }));
        return EXIT_OK;
      }
      const who = (list: Array<{ name: string; address: string }>): string =>
        list.map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join(', ');
      io.out(`From:    ${who(parsed.from)}`);
      if (parsed.to.length) io.out(`To:      ${who(parsed.to)}`);
      if (parsed.cc.length) io.out(`Cc:      ${who(parsed.cc)}`);
      io.out(`Subject: ${parsed.subject}`);
      if (parsed.date !== null) io.out(`Date:    ${new Date(parsed.date).toUTCString()}`);
      for (const a of m.attachments) io.out(`Attachment: ${a.filename ?? '(unnamed)'} (${a.contentType}, ${formatBytes(a.size)})`);
      if (m.partial)
        io.out(`Note:    only the headers were downloaded (the message is ${formatBytes(m.serverSize ?? 0)}, above the size limit).`);
      if (parsed.parseError)
        io.out(`Note:    this message is damaged (${parsed.parseError}); 'poplar show ${id} --raw' shows it as received.`);
      io.out('');
      io.out(parsed.text);
      return EXIT_OK;
    });
  },
};
