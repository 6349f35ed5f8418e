// What one test starts, gone when it finishes however it ends (vitest's onTestFinished), so a
// test that fails half-way leaves no server listening and no temp dir behind.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import { startScriptedPop3, type ScriptedPop3Options, type ScriptedPop3Server } from './scripted-pop3.ts';

/** A fresh temp dir, `prefix` plus random characters, removed after the current test. */
export async function testTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A scripted POP3 server for the current test, closed after it. */
export async function testScriptedPop3(opts: ScriptedPop3Options): Promise<ScriptedPop3Server> {
  const server = await startScriptedPop3(opts);
  onTestFinished(() => server.close());
  return server;
}
