import { describe, expect, it } from 'vitest';
import { seconds } from '../../tests/support/timeouts.ts';
import { commands } from './commands.ts';

describe('the table of poplar commands', () => {
  it(
    "says each command's own summary, and loads the command it names",
    async () => {
      for (const [name, entry] of Object.entries(commands)) {
        const command = await entry.load();
        expect(typeof command.run, name).toBe('function');
        expect(entry.summary, name).toBe(command.summary);
      }
    },
    seconds(30),
  );
});
