// `poplar account add|set --trash-days N|never` in process: stored, listed, kept by a set that
// does not mention it, cleared by 'never', and refused outside the rule's range.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from './commands.ts';
import { main } from './poplar.ts';

function io(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const input = new PassThrough();
  input.end('');
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), stdin: input, env: {} };
}

describe('poplar account --trash-days', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = '';
  });

  async function trashDays(): Promise<Record<string, unknown>> {
    const streams = io();
    expect(await main(['account', 'list', '--json', '--profile', dir], streams)).toBe(0);
    const { accounts } = JSON.parse(streams.stdout.join('\n')) as { accounts: Array<{ name: string; trashDays?: number | null }> };
    return Object.fromEntries(accounts.map((a) => [a.name, a.trashDays ?? null]));
  }

  it('sets, lists, keeps and clears the days after which the Trash is emptied', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'poplar-cli-trash-days-'));
    const add = (name: string, ...extra: string[]) =>
      main(
        ['account', 'add', '--profile', dir, '--name', name, '--host', 'pop.example.com', '--user', name, '--password-env', 'PW', ...extra],
        io(),
      );
    expect(await add('home')).toBe(0);
    expect(await add('work', '--trash-days', '30')).toBe(0);
    expect(await trashDays()).toEqual({ home: null, work: 30 });

    const text = io();
    expect(await main(['account', 'list', '--profile', dir], text)).toBe(0);
    expect(text.stdout.find((l) => l.startsWith('work:'))).toMatch(/Trash emptied after 30 days/);
    expect(text.stdout.find((l) => l.startsWith('home:'))).not.toMatch(/Trash emptied/);

    expect(await main(['account', 'set', 'home', '--trash-days', '1', '--profile', dir], io())).toBe(0);
    // A set that does not mention --trash-days keeps it.
    expect(await main(['account', 'set', 'work', '--interval', '15', '--profile', dir], io())).toBe(0);
    expect(await trashDays()).toEqual({ home: 1, work: 30 });
    expect(await main(['account', 'set', 'work', '--trash-days', 'never', '--profile', dir], io())).toBe(0);
    expect(await trashDays()).toEqual({ home: 1, work: null });
  });

  it('refuses days that are not a whole number from 1 up, and changes nothing', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'poplar-cli-trash-days-'));
    const base = ['account', 'add', '--profile', dir, '--name', 'home', '--host', 'pop.example.com', '--user', 'u', '--password-env', 'PW'];
    for (const bad of ['0', '-3', 'soon', '2.5']) {
      const streams = io();
      expect(await main([...base, '--trash-days', bad], streams)).not.toBe(0);
      expect(streams.stderr.join('\n')).toMatch(/trash|days/i);
    }
    expect(await trashDays()).toEqual({});
  });
});
