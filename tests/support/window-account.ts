// The set-up the window's end-to-end tests share: a temporary folder with a profile and a lock
// folder, `poplar account add` for the test's server (its password through an environment
// variable, as a user would give it), optionally one `poplar sync`, then `poplar serve` and
// Chromium on the window's page. The servers themselves (Dovecot, Postfix, a scripted POP3) are
// the test's: it starts them before and names them to close() after.
//
// Each step's result is kept on the TestWindow as soon as it exists, so that close() in
// afterAll stops what a failed beforeAll did start.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchChromium, type ChromiumSession } from './chromium.ts';
import { runPoplar, type PoplarRun } from './poplar-cli.ts';
import { startServe, type ServeProcess } from './poplar-serve.ts';
import { windowPage } from './window.ts';

/** The account `poplar account add` makes: `options` are the rest (--security, --interval, …). */
export interface TestAccount {
  readonly name: string;
  readonly host?: string;
  readonly port: number;
  readonly user: string;
  /** Given to the CLI as `--password-env passwordEnv`, the variable set in the window's env. */
  readonly password: string;
  readonly passwordEnv: string;
  readonly options: readonly string[];
}

export interface WindowSetup {
  /** Added to the environment of every poplar run (the helper sets POPLAR_LOCK_DIR). */
  readonly env?: NodeJS.ProcessEnv;
  readonly account?: TestAccount;
  /** One `poplar sync` before the window opens, so the list is there at once. */
  readonly sync?: boolean;
  /** Run after the account is added and before `poplar serve` starts (e.g. another device logs in). */
  readonly beforeServe?: () => Promise<void>;
  /** Added to `poplar serve`'s environment only. */
  readonly serveEnv?: NodeJS.ProcessEnv;
  /** The window's height in CSS pixels (windowPage's default when absent). */
  readonly height?: number;
  /** Run on the page before it loads the window (a locale override, an exposed function). */
  readonly beforeGoto?: (page: Page, browser: ChromiumSession) => Promise<void>;
}

/**
 * Alice on a local server without TLS, checked only when the test says so (every 600 minutes):
 * the account most window tests read. `more` adds options (retention, …).
 */
export function alice(port: number, password: string, more: readonly string[] = []): TestAccount {
  return {
    name: 'Alice',
    port,
    user: 'alice',
    password,
    passwordEnv: 'ALICE_PW',
    options: ['--security', 'none', '--interval', '600', ...more],
  };
}

/**
 * A Dovecot user over STARTTLS, trusting the test's CA, checked every minute: the account of the
 * tests that watch checks happen (with POPLAR_CLOCK_SPEED). The password variable is USER_PW.
 */
export function starttlsAccount(dovecot: { port: number; caFile: string }, name: string, user: string, password: string): TestAccount {
  const options = ['--security', 'starttls', '--ca-file', dovecot.caFile, '--interval', '1'];
  return { name, port: dovecot.port, user, password, passwordEnv: `${user.toUpperCase()}_PW`, options };
}

/**
 * A user of a scripted POP3 server (tests/support/scripted-pop3.ts): no TLS, USER/PASS, checked
 * every hour. The password variable is USER_PW.
 */
export function scriptedAccount(server: { host: string; port: number }, name: string, user: string, password: string): TestAccount {
  const options = ['--security', 'none', '--auth', 'user', '--interval', '60'];
  return { name, host: server.host, port: server.port, user, password, passwordEnv: `${user.toUpperCase()}_PW`, options };
}

/** `poplar account add --profile profile` for `account`; the test fails unless it exits 0. */
export async function addTestAccount(profile: string, env: NodeJS.ProcessEnv, account: TestAccount): Promise<PoplarRun> {
  const args = ['account', 'add', '--profile', profile, '--name', account.name, '--host', account.host ?? '127.0.0.1'];
  args.push('--port', String(account.port), ...account.options, '--user', account.user, '--password-env', account.passwordEnv);
  const added = await runPoplar(args, { env });
  expect(added.code, added.stderr).toBe(0);
  return added;
}

export class TestWindow {
  root = '';
  profile = '';
  env: NodeJS.ProcessEnv = {};
  /** What `poplar account add` answered, for a test that checks its words. */
  added: PoplarRun | undefined;
  serve: ServeProcess | undefined;
  browser: ChromiumSession | undefined;
  page: Page | undefined;

  /** `prefix` names the temporary folder, e.g. 'poplar-window-list-'. */
  private readonly prefix: string;

  constructor(prefix: string) {
    this.prefix = prefix;
  }

  async open(
    setup: WindowSetup = {},
  ): Promise<{ profile: string; env: NodeJS.ProcessEnv; serve: ServeProcess; browser: ChromiumSession; page: Page }> {
    this.root = await mkdtemp(path.join(os.tmpdir(), this.prefix));
    const profile = (this.profile = path.join(this.root, 'profile'));
    const env: NodeJS.ProcessEnv = { POPLAR_LOCK_DIR: path.join(this.root, 'locks'), ...setup.env };
    if (setup.account) env[setup.account.passwordEnv] = setup.account.password;
    this.env = env;
    if (setup.account) this.added = await addTestAccount(profile, env, setup.account);
    if (setup.sync) {
      const synced = await runPoplar(['sync', '--profile', profile], { env });
      expect(synced.code, synced.stderr).toBe(0);
    }
    await setup.beforeServe?.();
    const serve = (this.serve = await startServe({ profile, env: { ...env, ...setup.serveEnv } }));
    const browser = (this.browser = await launchChromium());
    const page = (this.page = await windowPage(browser, setup.height));
    await setup.beforeGoto?.(page, browser);
    await page.goto(serve.url);
    return { profile, env, serve, browser, page };
  }

  /**
   * Closes Chromium, stops `poplar serve`, then runs `stops` in order (the test's servers), and
   * removes the folder. Returns serve's exit code (0 when it never started), for the test to check.
   */
  async close(...stops: ReadonlyArray<() => Promise<unknown>>): Promise<number> {
    await this.browser?.close();
    const code = await this.serve?.stop();
    for (const stop of stops) await stop();
    if (this.root) await rm(this.root, { recursive: true, force: true });
    return code ?? 0;
  }
}
