// The table of `poplar` commands. Each command lives in its own file and parses its own
// options; this table is the only place that lists them.
import type { Readable } from 'node:stream';
import { account } from './account.ts';
import { diagnose } from './diagnose.ts';
import { messages, show } from './messages.ts';
import { probe } from './probe.ts';
import { send } from './send.ts';
import { serve } from './serve.ts';
import { sync } from './sync.ts';
import { watch } from './watch.ts';

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

export const commands: Record<string, CliCommand> = { probe, account, sync, messages, show, diagnose, watch, serve, send };
