// Issue 14, defect 12: `poplar serve --demo` started again on the same profile keeps the demo
// mailbox — its port, the account, the messages and what the user did to them — instead of
// starting over with fresh messages.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectApi, startServe, type ServeProcess } from '../../tests/support/poplar-serve.ts';
import { seconds } from '../../tests/support/timeouts.ts';

interface Row {
  readonly id: number;
  readonly subject: string;
  readonly read: boolean;
  readonly folder: string;
}

let root = '';
let serve: ServeProcess | null = null;

afterEach(async () => {
  await serve?.stop();
  serve = null;
  if (root) await rm(root, { recursive: true, force: true });
  root = '';
});

async function start(): Promise<ServeProcess> {
  serve = await startServe({
    profile: path.join(root, 'profile'),
    args: ['--demo'],
    env: { POPLAR_RENDERER_DIR: path.join(root, 'renderer'), POPLAR_LOCK_DIR: path.join(root, 'locks') },
  });
  return serve;
}

async function snapshot(s: ServeProcess) {
  const api = await connectApi(s);
  try {
    const listed = await api.value<Array<{ id: number; name: string; host: string; port: number; user: string }>>('accounts.list');
    const accounts = listed.map(({ id, name, host, port, user }) => ({ id, name, host, port, user }));
    const id = accounts[0]?.id ?? -1;
    await api.value('sync.checkNow', id);
    const page = (folder: string) =>
      api.value<{ items: Row[] }>('messages.page', { accountId: id, folder, offset: 0, limit: 500, sort: 'date' });
    const rows = (await page('inbox')).items.concat((await page('trash')).items);
    return { api, accounts, id, rows: rows.map(({ id, subject, read, folder }) => ({ id, subject, read, folder })) };
  } catch (error) {
    api.close();
    throw error;
  }
}

describe('poplar serve --demo, started again on the same profile', () => {
  it(
    'keeps the port, the account, the messages and their state',
    async () => {
      root = await mkdtemp(path.join(os.tmpdir(), 'poplar-demo-restart-'));
      await mkdir(path.join(root, 'renderer'));
      await writeFile(path.join(root, 'renderer', 'index.html'), '<!doctype html><title>Poplar</title>');

      const first = await snapshot(await start());
      expect(first.accounts).toMatchObject([{ name: 'Demo mailbox' }]);
      const inbox = first.rows.filter((r) => r.folder === 'inbox');
      expect(inbox.length).toBeGreaterThan(10);
      const [read, trashed] = [inbox[0], inbox[1]];
      if (!read || !trashed) throw new Error('no demo messages');
      await first.api.value('messages.markRead', [read.id], true);
      await first.api.value('messages.delete', [trashed.id]);
      const before = (await snapshot(serve as ServeProcess)).rows;
      first.api.close();
      expect(await serve?.stop()).toBe(0);

      const again = await snapshot(await start());
      again.api.close();
      expect(again.accounts).toEqual(first.accounts);
      // The check after the restart downloaded nothing twice and brought nothing back.
      expect(again.rows).toEqual(before);
      expect(again.rows.find((r) => r.id === read.id)?.read).toBe(true);
      expect(again.rows.find((r) => r.id === trashed.id)?.folder).toBe('trash');
      expect(serve?.stderr()).not.toMatch(/was reset/);
    },
    seconds(120),
  );
});
