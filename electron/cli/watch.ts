// `poplar watch`: the scheduler without a window, until SIGINT or SIGTERM. One line per
// event (or JSON lines with --json): session start and end, messages downloaded, a refusal
// with its diagnosis, and the next check time.
import type { Account } from '../../shared/account.ts';
import { diagnoseMailbox } from '../diagnostics/mailbox.ts';
import { plainDiagnosis } from '../diagnostics/plain-diagnosis.ts';
import { listAccounts } from '../store/accounts.ts';
import type { Profile } from '../store/profile.ts';
import { QUIT_TIMEOUT_MS } from '../pop3/limits.ts';
import { defaultLockDir } from '../sync/lock-dir.ts';
import { createProfileScheduler } from '../sync/profile-scheduler.ts';
import type { SyncResult } from '../sync/result.ts';
import { acceleratedClock, systemClock, type Clock, type KeyState, type SchedulerEvent } from '../sync/scheduler.ts';
import type { CliCommand, CliIo } from './commands.ts';
import { passwordResolver } from '../secrets/resolver.ts';
import { openProfileOrSay, PROFILE_OPTION, usage } from './profile-option.ts';
import { formatBytes } from './probe-report.ts';
import { EXIT_FAILED, EXIT_OK, parseOptions } from './usage.ts';

const USAGE = 'Usage: poplar watch [--json] [--profile DIR]   (stops on Ctrl-C / SIGTERM)';

/** A wall-clock jump this large between ticks means the computer slept: check what is due. */
const SLEEP_DETECT_TICK_MS = 30_000;
const SLEEP_DETECT_JUMP_MS = 60_000;

export const watch: CliCommand = {
  summary: 'keep checking on schedule until stopped, printing what happens',
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseOptions(
      { args, strict: true, options: { ...PROFILE_OPTION, json: { type: 'boolean', default: false } } },
      USAGE,
    );
    const profile = openProfileOrSay(values.profile, io);
    if (!profile) return EXIT_FAILED;
    const accounts = listAccounts(profile.db);
    if (accounts.length === 0) {
      io.err("There are no accounts in this profile yet. Add one with 'poplar account add'.");
      profile.close();
      return EXIT_FAILED;
    }
    for (const a of accounts.filter((x) => x.passwordSource.kind === 'prompt')) {
      io.err(
        `${a.name}: this account asks for its password each time, which watch cannot do; give it a source with 'poplar account set ${a.name} --password-env VAR' (or --password-command, or --password-stdin --save-password).`,
      );
    }
    const speed = Number(io.env.POPLAR_CLOCK_SPEED ?? '1');
    if (!Number.isFinite(speed) || speed < 1)
      return usage(USAGE)(`POPLAR_CLOCK_SPEED must be a number ≥ 1, not '${io.env.POPLAR_CLOCK_SPEED}'`);
    const clock = speed === 1 ? systemClock : acceleratedClock(speed);
    const print = printer(values.json, io, profile, clock);
    const scheduler = createProfileScheduler({
      profile,
      lockDir: io.env.POPLAR_LOCK_DIR ?? defaultLockDir(),
      clock,
      password: passwordResolver(profile.dir, io.env),
      onEvent: print,
    });

    const stopped = new Promise<string>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
    let last = Date.now();
    const tick = setInterval(() => {
      const now = Date.now();
      if (now - last > SLEEP_DETECT_TICK_MS + SLEEP_DETECT_JUMP_MS) void scheduler.triggerAll('resume');
      // What other processes did meanwhile (a `poplar sync` that worked after a password fix,
      // or learned the server's LOGIN-DELAY) moves the plan; replanning the same history gives
      // the same time, so this only speaks when something changed.
      else scheduler.refresh();
      last = now;
    }, SLEEP_DETECT_TICK_MS);

    scheduler.start();
    const signal = await stopped;
    clearInterval(tick);
    if (!values.json) io.out(`${time(Date.now())} stopping (${signal}); a check in progress may finish its QUIT first`);
    await scheduler.stop(QUIT_TIMEOUT_MS);
    profile.close();
    if (values.json) io.out(JSON.stringify({ at: new Date().toISOString(), event: 'stopped', signal }));
    return EXIT_OK;
  },
};

function printer(json: boolean, io: CliIo, profile: Profile, clock: Clock) {
  return (event: SchedulerEvent<SyncResult>, account: Account | null): void => {
    const name = account?.name ?? event.key;
    if (json) {
      io.out(JSON.stringify(jsonLine(event, name, account, profile, clock)));
      return;
    }
    switch (event.type) {
      case 'session-start':
        io.out(`${time(event.at)} ${name}: checking (${event.trigger})`);
        return;
      case 'session-end': {
        const r = event.result;
        if (r.outcome === 'ok') {
          io.out(
            `${time(event.at)} ${name}: ${r.downloaded === 0 ? 'no new messages' : `${r.downloaded} new message${r.downloaded === 1 ? '' : 's'} (${formatBytes(r.bytes)})`}${r.deletedOnServer ? `, ${r.deletedOnServer} deleted on the server` : ''}`,
          );
          return;
        }
        io.out(
          `${time(event.at)} ${name}: ${r.outcome === 'locked' ? 'refused: the mailbox is in use' : 'failed'} (${r.error?.code ?? 'unknown'})`,
        );
        if (account) {
          const d = plainDiagnosis(diagnoseMailbox(profile.db, account, clock.now()), clock.now());
          io.out(`    ${d.title}`);
          for (const line of d.evidence) io.out(`    - ${line}`);
          io.out(`    Poplar: ${d.poplarWillDo}`);
          for (const line of d.youCanDo) io.out(`    You: ${line}`);
          if (d.pattern) io.out(`    Pattern: ${d.pattern}`);
        }
        return;
      }
      case 'session-failed':
        io.out(`${time(event.at)} ${name}: the check stopped with an internal error: ${event.error.message}`);
        return;
      case 'state':
        if (event.state.kind !== 'running') io.out(`${time(clock.now())} ${name}: ${describeState(event.state, clock.now())}`);
        return;
    }
  };
}

function jsonLine(
  event: SchedulerEvent<SyncResult>,
  name: string,
  account: Account | null,
  profile: Profile,
  clock: Clock,
): Record<string, unknown> {
  const base = { at: new Date('at' in event ? event.at : clock.now()).toISOString(), event: event.type, account: name };
  switch (event.type) {
    case 'session-start':
      return { ...base, trigger: event.trigger };
    case 'session-end':
      return {
        ...base,
        result: event.result,
        diagnosis:
          event.result.outcome !== 'ok' && account ? plainDiagnosis(diagnoseMailbox(profile.db, account, clock.now()), clock.now()) : null,
      };
    case 'session-failed':
      return { ...base, error: event.error.message };
    case 'state':
      return { ...base, state: event.state, ...('until' in event.state ? { nextCheck: new Date(event.state.until).toISOString() } : {}) };
  }
}

export function describeState(state: KeyState, now: number): string {
  switch (state.kind) {
    case 'idle':
      return 'idle';
    case 'running':
      return 'checking';
    case 'waiting':
      return `next check at ${time(state.until)} (${inWords(state.until, now)}${state.reason === 'login-delay' ? ', the server’s LOGIN-DELAY' : ''})`;
    case 'backoff':
      return `backing off: next check at ${time(state.until)} (${inWords(state.until, now)}; ${state.reason === 'own-stale-session' ? 'waiting for the server to drop Poplar’s lost connection' : state.reason === 'login-delay' ? 'the server’s LOGIN-DELAY' : state.reason === 'login-refused' ? `the login was refused without a reason; attempt ${state.step + 1}` : `attempt ${state.step + 1}`})`;
    case 'paused':
      return state.why === 'auth-failed'
        ? 'paused: the server refused the password. Fix it with poplar account set, then run poplar sync once: watch picks that up'
        : state.why === 'login-refused'
          ? 'paused: the server kept refusing the login without a reason, so the password is probably wrong. Fix it with poplar account set, then run poplar sync once: watch picks that up'
          : state.why === 'global'
            ? 'paused (all accounts)'
            : 'paused';
  }
}

function time(ms: number): string {
  return new Date(ms).toTimeString().slice(0, 8);
}

function inWords(at: number, now: number): string {
  const minutes = Math.round((at - now) / 60_000);
  return minutes <= 0 ? 'now' : `in ${minutes} min`;
}
