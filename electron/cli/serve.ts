// `poplar serve`: Poplar in a web browser. The engine behind the browser-mode host on
// 127.0.0.1 (electron/host), the scheduler running, until SIGINT or SIGTERM. It prints the
// address to open, with the per-launch token in its fragment.
//
// `npm run serve` runs this on the default profile (the app's own: defaultProfileDir), like
// every command without --profile.
//
// Passwords typed into the window are kept in memory only, for as long as this runs — unless
// the profile's accounts already keep saved passwords (0600 files, `--save-password`); then
// new ones are saved the same way. Accounts set up with --password-env or --password-command
// keep getting their password from there.
import { analysisWorkerScript } from '../analysis/worker-script.ts';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootEngine, type BootedEngine } from '../engine/boot.ts';
import { startHost, type Host } from '../host/host.ts';
import { defaultProfileDir } from '../store/profile.ts';
import { defaultLockDir } from '../sync/lock-dir.ts';
import { acceleratedClock, systemClock } from '../sync/scheduler.ts';
import type { CliCommand, CliIo } from './commands.ts';
import { PROFILE_OPTION, storeMessage, usage } from './profile-option.ts';
import { EXIT_FAILED, EXIT_OK, parseOptions } from './usage.ts';

const USAGE = 'Usage: poplar serve [--profile DIR] [--port N] [--demo]   (stops on Ctrl-C / SIGTERM)';

/** As `poplar watch`: a wall-clock jump this large between ticks means the computer slept. */
const SLEEP_DETECT_TICK_MS = 30_000;
const SLEEP_DETECT_JUMP_MS = 60_000;

/**
 * The built renderer (`npm run build`), found from this file: electron/cli/serve.ts and the
 * bundle dist/cli/poplar.mjs both sit two folders below the repository.
 * POPLAR_RENDERER_DIR points elsewhere (a development build, the host tests).
 */
function rendererDir(env: NodeJS.ProcessEnv): string {
  return env.POPLAR_RENDERER_DIR ? path.resolve(env.POPLAR_RENDERER_DIR) : fileURLToPath(new URL('../../dist/renderer/', import.meta.url));
}

export const serve: CliCommand = {
  summary: 'open Poplar in a web browser: a local server on 127.0.0.1 with a secret address',
  async run(args: string[], io: CliIo): Promise<number> {
    const options = { ...PROFILE_OPTION, port: { type: 'string' }, demo: { type: 'boolean', default: false } } as const;
    const { values } = parseOptions({ args, strict: true, options }, USAGE);
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      return usage(USAGE)(`--port must be a number from 0 to 65535, not '${values.port}'`);
    const speed = Number(io.env.POPLAR_CLOCK_SPEED ?? '1');
    if (!Number.isFinite(speed) || speed < 1)
      return usage(USAGE)(`POPLAR_CLOCK_SPEED must be a number ≥ 1, not '${io.env.POPLAR_CLOCK_SPEED}'`);
    const clock = speed === 1 ? systemClock : acceleratedClock(speed);

    const staticDir = rendererDir(io.env);
    if (!existsSync(path.join(staticDir, 'index.html'))) {
      io.err(`Poplar's window is not built (${staticDir} has no index.html): run npm run build first.`);
      return EXIT_FAILED;
    }
    const profileDir = path.resolve(values.profile ?? defaultProfileDir(io.env));

    let booted: BootedEngine;
    try {
      const lockDir = io.env.POPLAR_LOCK_DIR ?? defaultLockDir();
      booted = await bootEngine({
        profileDir,
        lockDir,
        secrets: 'headless',
        clock,
        demo: values.demo,
        env: io.env,
        analysisWorker: analysisWorkerScript(),
      });
    } catch (error) {
      const message = storeMessage(error);
      if (message === null) throw error;
      io.err(message);
      return EXIT_FAILED;
    }
    const { engine } = booted;
    const saved = booted.secrets.source.kind === 'file';

    let host: Host;
    try {
      host = await startHost({ engine, port, staticDir });
    } catch (error) {
      await booted.stop();
      const code = (error as NodeJS.ErrnoException).code;
      io.err(
        code === 'EADDRINUSE'
          ? `Port ${port} on 127.0.0.1 is already in use; choose another with --port, or leave it out to use any free port.`
          : `Poplar could not listen on 127.0.0.1: ${(error as Error).message}`,
      );
      return EXIT_FAILED;
    }
    const stopped = new Promise<string>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
    engine.start();
    let last = Date.now();
    const tick = setInterval(() => {
      const now = Date.now();
      if (now - last > SLEEP_DETECT_TICK_MS + SLEEP_DETECT_JUMP_MS) engine.wake('resume');
      last = now;
    }, SLEEP_DETECT_TICK_MS);
    io.err(
      saved
        ? 'Passwords you type in the window are saved in this profile (0600 files), like the ones already there.'
        : 'Passwords you type in the window are kept in memory only, until Poplar stops.',
    );
    io.out(`Poplar is ready at ${host.url}`);

    const signal = await stopped;
    clearInterval(tick);
    io.err(`Stopping (${signal}); a check in progress may finish its QUIT first.`);
    // No new calls first; then the scheduler (QUIT within its bound) and the profile; the demo last.
    await host.close();
    await booted.stop();
    return EXIT_OK;
  },
};
