// `poplar serve` as a user runs it: a child process that prints its address, answers the
// window over the WebSocket, and stops cleanly on SIGTERM.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { hasStackTrace, POPLAR_CLI, runPoplar } from '../../tests/support/poplar-cli.ts';
import { seconds } from '../../tests/support/timeouts.ts';

let root: string;
let child: ChildProcessWithoutNullStreams | null = null;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'poplar-serve-'));
  await mkdir(path.join(root, 'renderer'));
  await writeFile(path.join(root, 'renderer', 'index.html'), '<!doctype html><title>Poplar</title>');
});

afterEach(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = null;
  await rm(root, { recursive: true, force: true });
});

const env = (): NodeJS.ProcessEnv => ({ POPLAR_RENDERER_DIR: path.join(root, 'renderer'), POPLAR_LOCK_DIR: path.join(root, 'locks') });

/** Starts `poplar serve`; resolves with the printed address once it is ready. */
function startServe(args: string[]): Promise<{ url: URL; stderr: () => string; exited: Promise<number | null> }> {
  const proc = spawn(process.execPath, [POPLAR_CLI, 'serve', '--profile', path.join(root, 'profile'), ...args], {
    env: { ...process.env, ...env() },
  });
  child = proc;
  let stdout = '';
  let stderr = '';
  proc.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  const exited = new Promise<number | null>((resolve) => proc.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    proc.stdout.setEncoding('utf8').on('data', (t: string) => {
      stdout += t;
      const m = /^Poplar is ready at (http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43})$/m.exec(stdout);
      if (m?.[1]) resolve({ url: new URL(m[1]), stderr: () => stderr, exited });
    });
    void exited.then((code) => reject(new Error(`serve exited (${code}) before it was ready:\n${stdout}\n${stderr}`)));
  });
}

async function connectTo(url: URL) {
  const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
  const ws = new WebSocket(`ws://${url.host}/ws?token=${token}`, { origin: url.origin });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const frames: Array<Record<string, unknown>> = [];
  ws.on('message', (d: Buffer) => frames.push(JSON.parse(d.toString('utf8')) as Record<string, unknown>));
  let id = 0;
  const call = (channel: string, ...args: unknown[]): Promise<{ ok: boolean; value?: unknown; error?: unknown }> => {
    const mine = ++id;
    ws.send(JSON.stringify({ id: mine, channel, args }));
    return new Promise((resolve) => {
      const check = (): void => {
        const hit = frames.find((f) => f.id === mine);
        if (hit) {
          ws.off('message', check);
          resolve(hit.result as { ok: boolean; value?: unknown });
        }
      };
      ws.on('message', check);
      check();
    });
  };
  return { ws, call, frames };
}

describe('poplar serve', { timeout: seconds(60) }, () => {
  it('prints its address, serves the API, and stops on SIGTERM', async () => {
    const s = await startServe([]);
    const page = await fetch(new URL('/', s.url));
    expect(page.status).toBe(200);
    const { ws, call } = await connectTo(s.url);
    expect(await call('accounts.list')).toEqual({ ok: true, value: [] });
    expect(await call('demo.holdMailbox', true)).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    ws.close();
    child?.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(s.stderr()).toMatch(/kept in memory only/);
    expect(s.stderr()).toMatch(/Stopping \(SIGTERM\)/);
    expect(hasStackTrace(s.stderr())).toBe(false);
  });

  it('--demo adds the demo account, checks it, and lets the window hold the mailbox', async () => {
    const s = await startServe(['--demo']);
    const { ws, call, frames } = await connectTo(s.url);
    const accounts = (await call('accounts.list')).value as Array<{ id: number; name: string; host: string }>;
    expect(accounts).toMatchObject([{ name: 'Demo mailbox', host: '127.0.0.1' }]);
    const id = accounts[0]?.id;
    // The check at start-up (or this one, which joins it) downloads the demo's messages.
    const first = await call('sync.checkNow', id);
    expect(first).toMatchObject({ ok: true, value: { kind: 'done', outcome: 'ok' } });
    const page = (await call('messages.page', { accountId: id, folder: 'inbox', offset: 0, limit: 10 })).value as { total: number };
    expect(page.total).toBeGreaterThan(10);

    expect(await call('demo.holdMailbox', true)).toEqual({ ok: true, value: { held: true } });
    const refused = await call('sync.checkNow', id);
    expect(refused).toMatchObject({ ok: true, value: { kind: 'done', outcome: 'locked' } });
    expect(frames.some((f) => f.event === 'diagnosis.changed')).toBe(true);
    ws.close();
    child?.kill('SIGINT');
    expect(await s.exited).toBe(0);
  });

  it('without a built window it says to build, and exits 1', async () => {
    const run = await runPoplar(['serve', '--profile', path.join(root, 'profile')], {
      env: { ...env(), POPLAR_RENDERER_DIR: path.join(root, 'nothing-here') },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/run npm run build first/);
    expect(run.stdout).toBe('');
  });

  it('a bad --port is a usage error', async () => {
    const run = await runPoplar(['serve', '--port', 'http'], { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--port must be a number/);
  });
});
