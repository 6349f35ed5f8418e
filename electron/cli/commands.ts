// The table of `poplar` commands. Each command lives in its own file and parses its own
// options; this table is the only place that lists them.
//
// A command's module is loaded only when that command runs (issue 13): loading all nine (the
// browser host, the SMTP client, the demo mailbox's content …) took about 150 ms of every
// `poplar sync`'s start, on its critical path to "listed". So the summaries `poplar --help`
// prints are kept here too; commands.test.ts checks that they are each command's own.
import type { Readable } from 'node:stream';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  stdin: Readable;
  env: NodeJS.ProcessEnv;
}

export interface CliCommand {
  summary: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** A command known by its summary, its module loaded when it runs. */
export interface LazyCliCommand extends CliCommand {
  load(): Promise<CliCommand>;
}

function lazy(summary: string, load: () => Promise<CliCommand>): LazyCliCommand {
  return { summary, load, run: async (args, io) => (await load()).run(args, io) };
}

export const commands: Record<string, LazyCliCommand> = {
  probe: lazy(
    'test a POP3 server and account (or with --smtp an outgoing server): security, certificate, login, capabilities',
    async () => (await import('./probe.ts')).probe,
  ),
  account: lazy('add, list, change or remove accounts', async () => (await import('./account.ts')).account),
  sync: lazy(
    'check for mail now: download new messages and apply each account’s server rules',
    async () => (await import('./sync.ts')).sync,
  ),
  messages: lazy('list downloaded messages, newest first, or search them', async () => (await import('./messages.ts')).messages),
  show: lazy('show one downloaded message (--raw: its exact bytes)', async () => (await import('./messages.ts')).show),
  diagnose: lazy(
    'explain why checking an account failed (a locked mailbox, a password, the network) and what to do',
    async () => (await import('./diagnose.ts')).diagnose,
  ),
  watch: lazy('keep checking on schedule until stopped, printing what happens', async () => (await import('./watch.ts')).watch),
  serve: lazy(
    'open Poplar in a web browser: a local server on 127.0.0.1 with a secret address',
    async () => (await import('./serve.ts')).serve,
  ),
  send: lazy(
    'send a message through an account’s outgoing server, and wait until it is taken',
    async () => (await import('./send.ts')).send,
  ),
};
