// `poplar` — the command line: the same engine as the app, without a window.
// Run it as `npm run --silent poplar -- COMMAND …` (npm supplies Node 24).
import { readFileSync } from 'node:fs';
import { setProcessTimeScale, timeScaleFromEnv } from '../pop3/limits.ts';
import { commands, type CliIo } from './commands.ts';
import { asksForHelp, EXIT_OK, EXIT_USAGE, UsageError } from './usage.ts';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function help(): string {
  const lines = ['Usage: poplar COMMAND [options]', '', 'Commands:'];
  for (const [name, command] of Object.entries(commands)) lines.push(`  ${name.padEnd(10)} ${command.summary}`);
  lines.push('', 'Options for every command: --help', 'poplar --version prints the version.');
  return lines.join('\n');
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return name === undefined ? EXIT_USAGE : 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(version());
    return 0;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    io.err(`poplar: unknown command '${name}'\n\n${help()}`);
    return EXIT_USAGE;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    // `poplar account --help` fails on its missing subcommand before it parses options.
    if (error instanceof UsageError && asksForHelp(rest)) {
      io.out(error.usage);
      return EXIT_OK;
    }
    if (error instanceof UsageError) {
      io.err(`poplar ${name}: ${error.message}\n${error.usage}`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

if (import.meta.main) {
  // Test hook: POPLAR_TIME_SCALE multiplies every POP3 time limit (limits.ts; clamped), so the
  // hostile-server tests (tests/hostile-server.test.ts) see each bound fire in seconds.
  setProcessTimeScale(timeScaleFromEnv(process.env.POPLAR_TIME_SCALE));
  const io: CliIo = {
    out: (text) => process.stdout.write(text + '\n'),
    err: (text) => process.stderr.write(text + '\n'),
    stdin: process.stdin,
    env: process.env,
  };
  process.exitCode = await main(process.argv.slice(2), io);
}
