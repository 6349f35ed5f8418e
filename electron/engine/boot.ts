// The one assembly of an engine: the Electron app (electron/main/main.ts) and `poplar serve`
// (electron/cli/serve.ts) both start here, from a profile folder, a lock folder, a secret store,
// a clock and the demo switch. Nothing else builds an engine outside the tests.
//
// Passwords: a password typed in the window is the secret store's; an account set up on the
// command line keeps getting its password from there (an environment variable, a command, a
// saved file: secrets/resolver.ts); the demo account's is the demo mailbox's, per start.
import { startDemoMailbox } from '../demo/mailbox.ts';
import { headlessSecretStore } from '../secrets/headless-store.ts';
import { passwordResolver } from '../secrets/resolver.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import { Secret } from '../secrets/secret.ts';
import { listAccounts } from '../store/accounts.ts';
import { openProfile } from '../store/profile.ts';
import { QUIT_TIMEOUT_MS } from '../pop3/limits.ts';
import { defaultLockDir } from '../sync/lock-dir.ts';
import { systemClock, type Clock } from '../sync/scheduler.ts';
import { engineClient, type EngineClient } from './client.ts';
import { demoPortOf, ensureDemoAccount, type DemoMailbox } from './demo.ts';
import { createEngine, type Engine } from './engine.ts';

/**
 * How long `stop()` may take: a running check may finish its QUIT (QUIT_TIMEOUT_MS), plus time
 * to close the profile. An app quitting waits this long at most, then exits regardless.
 */
export const STOP_BOUND_MS = QUIT_TIMEOUT_MS + 2_000;

export interface BootOptions {
  readonly profileDir: string;
  /** The folder of mailbox locks; default the machine-wide one every Poplar of this user shares (sync/lock-dir.ts). */
  readonly lockDir?: string;
  /** Where passwords typed in the window go; 'headless': chosen by the profile (secrets/headless-store.ts). */
  readonly secrets: SecretStore | 'headless';
  readonly clock?: Clock;
  /** Also start the built-in demo mailbox on loopback, with its account in the profile (`--demo`). */
  readonly demo: boolean;
  /** Where accounts set up with --password-env find their variable. */
  readonly env: NodeJS.ProcessEnv;
  /** The analysis worker's code (EngineOptions.analysisWorker). */
  readonly analysisWorker: URL | string;
}

export interface BootedEngine {
  readonly engine: Engine;
  /** The engine's typed in-process client (client.ts). */
  readonly client: EngineClient;
  /** The store passwords typed in the window go to. */
  readonly secrets: SecretStore;
  /** Stops the engine (a running check may finish its QUIT), then the demo mailbox. */
  stop(): Promise<void>;
}

/** Rejects with the store's error (StoreError …) when the profile cannot be opened; nothing is left running then. */
export async function bootEngine(options: BootOptions): Promise<BootedEngine> {
  const clock = options.clock ?? systemClock;
  let demo: DemoMailbox | null = null;
  try {
    let secrets: SecretStore;
    let demoAccountId: number | null = null;
    if (options.secrets === 'headless' || options.demo) {
      const profile = openProfile(options.profileDir);
      try {
        secrets = options.secrets === 'headless' ? headlessSecretStore(options.profileDir, listAccounts(profile.db)) : options.secrets;
        if (options.demo) {
          demo = await startDemoMailbox({ port: demoPortOf(profile) });
          demoAccountId = ensureDemoAccount(profile, demo, clock.now()).id;
        }
      } finally {
        profile.close();
      }
    } else {
      secrets = options.secrets;
    }
    const demoPassword = demo ? new Secret(demo.password) : null;
    const fromCommandLine = passwordResolver(options.profileDir, options.env);
    const engine = createEngine({
      profileDir: options.profileDir,
      lockDir: options.lockDir ?? defaultLockDir(),
      secrets,
      clock,
      headlessPasswords: async (account) => (account.id === demoAccountId ? demoPassword : fromCommandLine(account)),
      ...(demo ? { demo } : {}),
      analysisWorker: options.analysisWorker,
    });
    const running = demo;
    return {
      engine,
      client: engineClient(engine),
      secrets,
      async stop() {
        await engine.stop();
        await running?.close();
      },
    };
  } catch (error) {
    await demo?.close();
    throw error;
  }
}
