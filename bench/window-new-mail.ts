// --new-mail N: the engine busy while the window is used, as in the first minutes after a real
// start. A third account, checked at start-up, points at a POP3 server on 127.0.0.1 (Poplar's
// own, tests/support/scripted-pop3.ts, behaving correctly) holding N messages, so `poplar
// serve` downloads them during the first scroll: sync progress and new-mail events reach the
// window while it scrolls.
//
// The run gets its own copy of the cached profile (the database copied, the message files
// hard-linked), so the download never changes the cache. The new messages are dated before
// every message of the profile: they join the end of the list, and the rows the bench checks
// by index keep their places.
import { execFileSync } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { accountSettings } from '../electron/store/fixtures/account-settings.ts';
import { startScriptedPop3, type ScriptedPop3Server } from '../tests/support/scripted-pop3.ts';
import { mailMeta, mailOf, WORDS } from './window-mail.ts';
import type { BenchProfile } from './window-profile.ts';
import { storeApi } from './window-store.ts';

const PASSWORD_VARIABLE = 'POPLAR_BENCH_NEW_MAIL_PASSWORD';
const PASSWORD = 'bench-new-mail';

export interface NewMail {
  /** The profile folder this run serves: a copy of the cached one. */
  readonly dir: string;
  readonly count: number;
  /** Added to poplar serve's environment: the account's password source. */
  readonly env: NodeJS.ProcessEnv;
  readonly server: ScriptedPop3Server;
  close(): Promise<void>;
}

export async function prepareNewMail(tree: string, profile: BenchProfile, count: number): Promise<NewMail> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'poplar-bench-window-run-'));
  let server: ScriptedPop3Server | null = null;
  const close = async (): Promise<void> => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    // cp -al: hard links, so 100,000 files cost no copy; the download writes new files only.
    execFileSync('cp', ['-al', path.join(profile.dir, 'messages'), path.join(dir, 'messages')]);
    for (const file of ['poplar.db', 'poplar.db-wal']) {
      if (existsSync(path.join(profile.dir, file))) await copyFile(path.join(profile.dir, file), path.join(dir, file));
    }
    const first = Date.UTC(2008, 0, 1);
    const messages = Array.from({ length: count }, (_, i) => {
      const n = profile.messages + 1 + i;
      const date = first + i * 45 * 60_000;
      // Without the search words, so the searches' expected hits stay those of the profile.
      const base = mailMeta(n, profile.messages);
      const subject = base.subject.replace(` at the ${WORDS.common}`, '');
      const meta = { ...base, kind: 'note' as const, subject, date, receivedAt: date, common: false, rare: false };
      return { uidl: `new-${n}`, body: mailOf(meta, []).raw };
    });
    server = await startScriptedPop3({ users: [{ name: 'bench', password: PASSWORD }], messages });
    const store = await storeApi(tree);
    const opened = store.openProfile(dir);
    try {
      const settings = accountSettings({
        name: 'new mail',
        host: server.host,
        port: server.port,
        security: 'none',
        user: 'bench',
        auth: 'user',
        intervalMinutes: 60,
        notify: false,
        passwordSource: { kind: 'env', variable: PASSWORD_VARIABLE },
      });
      store.addAccount(opened.db, settings, Date.now());
    } finally {
      opened.close();
    }
    return { dir, count, env: { [PASSWORD_VARIABLE]: PASSWORD }, server, close };
  } catch (error) {
    await close();
    throw error;
  }
}
