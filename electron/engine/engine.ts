// The engine: the services behind the contract (shared/contract.ts), with one entry point,
// `handle(channel, args)`, that both transports call — Electron IPC in electron/main and the
// browser-mode host in electron/host — and its typed twin `call` for callers in the same process
// (client.ts). Both validate every call against the channel's schema, dispatch through the one
// handler table (handlers.ts), and answer with an envelope; nothing thrown by a handler crosses
// the boundary. boot.ts assembles it.
//
// It owns the profile it opens and the scheduler over that profile's accounts, and turns the
// scheduler's events into the contract's events.
import type { Account } from '../../shared/account.ts';
import {
  validateCall,
  type Channel,
  type ChannelArgs,
  type ChannelResults,
  type Envelope,
  type EventName,
  type Events,
} from '../../shared/contract.ts';
import { QUIT_TIMEOUT_MS } from '../pop3/limits.ts';
import { Secret } from '../secrets/secret.ts';
import path from 'node:path';
import { openProfile } from '../store/profile.ts';
import { AnalysisPool } from '../analysis/pool.ts';
import { createProfileScheduler } from '../sync/profile-scheduler.ts';
import type { SyncResult } from '../sync/result.ts';
import { systemClock, type Clock, type Scheduler, type SchedulerEvent } from '../sync/scheduler.ts';
import { attachmentStream, inlinePartStream, messageFiles, type MessageFiles, type PartContent } from './attachments.ts';
import type { EngineContext } from './context.ts';
import type { DemoMailbox } from './demo.ts';
import { errorEnvelope } from './errors.ts';
import { EngineEvents } from './events.ts';
import { handlers } from './handlers.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import { createSender } from './sender.ts';
import { StatusTracker } from './sync-status.ts';
import { purgeTrash } from './trash.ts';

export interface EngineOptions {
  readonly profileDir: string;
  /** The machine-wide folder of mailbox locks (sync/lock-dir.ts defaultLockDir). */
  readonly lockDir: string;
  /** Where passwords typed in the window are kept. */
  readonly secrets: SecretStore;
  readonly clock?: Clock;
  readonly random?: () => number;
  /**
   * Passwords of accounts set up on the command line (from an environment variable, a command
   * or a saved file): asked when the SecretStore has none for the account.
   */
  readonly headlessPasswords?: (account: Account) => Promise<Secret | null>;
  /** The demo mailbox (`poplar serve --demo`): enables 'demo.holdMailbox'. */
  readonly demo?: DemoMailbox;
  /** Where failures are logged; stderr by default. Never given a password. */
  readonly log?: (line: string) => void;
  /**
   * The analysis worker's code: analysis/worker-script.ts from source and the command line's
   * bundle; the app names its own CommonJS bundle (main/main.ts).
   */
  readonly analysisWorker: URL | string;
  /** Crash tests only (cli/failpoint.ts): called at each step of a send (engine/outbox.ts SendHooks). */
  readonly sendCheckpoint?: (name: string) => void;
}

export interface Engine {
  /** One call from a window: checked, dispatched, answered with an envelope. Never rejects. */
  handle(channel: unknown, args: unknown): Promise<Envelope<unknown>>;
  /** The same, from inside the process: typed by the contract, still checked against its schema. */
  call<C extends Channel>(channel: C, args: ChannelArgs<C>): Promise<Envelope<ChannelResults[C]>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /** An attachment's decoded bytes; null when the message or attachment does not exist. */
  attachment(messageId: number, attachmentId: number): Promise<PartContent | null>;
  /** The part a `cid:` URL in a message's HTML names; null when there is none. */
  inlinePart(messageId: number, contentId: string): Promise<PartContent | null>;
  /** The files a message's attachment list shows (for "save all"); null when the message does not exist. */
  messageFiles(messageId: number): Promise<MessageFiles | null>;
  /** Starts the scheduler: accounts with "check at start-up" are checked when allowed. */
  start(): void;
  /**
   * The computer woke from sleep, or the network came back: checks what fell due meanwhile
   * (timers may have fired late or not at all). Never starts a second session on a mailbox.
   */
  wake(why: 'resume' | 'network-back'): void;
  /** Stops the scheduler (a running check may finish its QUIT, within QUIT_TIMEOUT_MS) and closes the profile. */
  stop(): Promise<void>;
}

/** How often Trash's retention runs while the engine does (besides at start and after each session). */
const PURGE_EVERY_MS = 60 * 60 * 1000;

/** How often, at most, the window is told that messages were analysed. */
const ANALYSED_EVENT_MS = 1000;

/** Counts added within `ms` of the first, handed on together. */
class Coalesced {
  readonly #ms: number;
  readonly #flush: (count: number) => void;
  #count = 0;
  #timer: NodeJS.Timeout | null = null;

  constructor(ms: number, flush: (count: number) => void) {
    this.#ms = ms;
    this.#flush = flush;
  }

  add(count: number): void {
    this.#count += count;
    this.#timer ??= setTimeout(() => {
      this.#timer = null;
      const n = this.#count;
      this.#count = 0;
      this.#flush(n);
    }, this.#ms);
  }

  stop(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

export function createEngine(options: EngineOptions): Engine {
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const clock = options.clock ?? systemClock;
  const profile = openProfile(options.profileDir);
  const events = new EngineEvents(log);
  const { secrets } = options;

  const password = async (account: Account): Promise<Secret | null> => {
    const typed = await secrets.get(account.id);
    if (typed !== null) return new Secret(typed);
    return options.headlessPasswords ? options.headlessPasswords(account) : null;
  };

  // Messages are listed from their headers at commit; their full analysis runs in workers
  // (analysis/pool.ts), started for what an earlier run left (kick at start) and after commits.
  const analysis = new AnalysisPool({
    db: profile.db,
    setup: { dbPath: path.join(profile.dir, 'poplar.db'), filesRoot: profile.files.root },
    workerScript: options.analysisWorker,
    now: () => clock.now(),
    onProblem: (text) => log(`poplar engine: ${text}`),
    onAnalysed: (ids) => analysed.add(ids.length),
  });
  // A first sync analyses hundreds of messages a second: the window hears of them at most once
  // a second, in one event, not once per job.
  const analysed = new Coalesced(ANALYSED_EVENT_MS, (count) => events.emit('messages.analysed', { count }));

  // A message filed in Sent (sent now, or "it was sent" answered) is a row waiting for its
  // analysis like a downloaded one: analysed at once, so that search finds it without a sync.
  events.on('outbox.changed', (event) => {
    if (event.state === 'sent') analysis.kick();
  });

  let scheduler: Scheduler<SyncResult> | null = null;
  const status = new StatusTracker(profile, clock, (key) => scheduler?.state(key) ?? null, options.demo ?? null);

  const onEvent = (event: SchedulerEvent<SyncResult>, account: Account | null): void => {
    if (account === null) return; // removed meanwhile: nothing to show
    try {
      if (event.type === 'session-end') purgeSoon();
      if (event.type === 'session-end' && event.result.downloaded > 0) {
        events.emit('messages.new', { accountId: account.id, count: event.result.downloaded });
      }
      // Every start and end of a session is followed by a 'state' event (the scheduler plans
      // again), and the status is reported then: at 'session-end' itself the state still says
      // "running", which would show a finished check as still going.
      if (event.type !== 'state') return;
      const view = status.status(account);
      events.emit('sync.changed', view);
      if (status.bannerChanged(account.id, view.banner)) events.emit('diagnosis.changed', { accountId: account.id, banner: view.banner });
    } catch (error) {
      // Called from inside the scheduler: a failure here must not stop its state machine.
      log(`poplar engine: could not report the sync state of ${account.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  scheduler = createProfileScheduler({
    profile,
    lockDir: options.lockDir,
    clock,
    ...(options.random ? { random: options.random } : {}),
    password,
    onEvent,
    analysis,
  });

  const base = {
    profile,
    scheduler,
    secrets,
    clock,
    lockDir: options.lockDir,
    events,
    status,
    demo: options.demo ?? null,
    log,
  };
  const ctx: EngineContext = { ...base, outbox: createSender(base, options.sendCheckpoint) };
  let stopping: Promise<void> | null = null;
  // Trash's own retention (engine/trash.ts): at start, after each session and every hour.
  let purgeTimer: unknown = null;
  const purgeSoon = (): void => {
    if (stopping) return;
    void purgeTrash(ctx).catch((error: unknown) => log(`poplar engine: emptying old Trash failed: ${(error as Error).message}`));
  };
  const purgeHourly = (): void => {
    purgeTimer = clock.setTimeout(() => {
      purgeSoon();
      if (!stopping) purgeHourly();
    }, PURGE_EVERY_MS);
  };

  const dispatch = async <C extends Channel>(channel: C, validated: unknown[]): Promise<Envelope<ChannelResults[C]>> => {
    if (stopping) return { ok: false, error: { code: 'unavailable', message: 'Poplar is shutting down.' } };
    // validateCall has just checked them against channels[channel], whose Infer type is ChannelArgs<C>.
    const args = validated as ChannelArgs<C>;
    try {
      return { ok: true, value: await handlers[channel](ctx, ...args) };
    } catch (error) {
      return errorEnvelope(error, channel, log);
    }
  };

  return {
    async handle(channel, args) {
      const checked = validateCall(channel, args);
      return checked.ok ? dispatch(checked.channel, checked.args) : { ok: false, error: checked.error };
    },
    async call(channel, args) {
      const checked = validateCall(channel, args);
      return checked.ok ? dispatch(channel, checked.args) : { ok: false, error: checked.error };
    },
    on: (event, listener) => events.on(event, listener),
    attachment: async (messageId, attachmentId) => (stopping ? null : attachmentStream(profile, messageId, attachmentId)),
    inlinePart: async (messageId, contentId) => (stopping ? null : inlinePartStream(profile, messageId, contentId)),
    messageFiles: async (messageId) => (stopping ? null : messageFiles(profile, messageId)),
    start: () => {
      purgeSoon();
      purgeHourly();
      analysis.kick();
      ctx.scheduler.start();
      ctx.outbox.start();
    },
    wake: (why) => {
      if (!stopping)
        void ctx.scheduler.triggerAll(why).catch((error: unknown) => log(`poplar engine: ${why}: ${(error as Error).message}`));
    },
    stop() {
      stopping ??= (async () => {
        if (purgeTimer !== null) clock.clearTimeout(purgeTimer);
        await Promise.all([ctx.scheduler.stop(QUIT_TIMEOUT_MS), ctx.outbox.stop()]);
        await analysis.close();
        analysed.stop();
        profile.close();
      })();
      return stopping;
    },
  };
}
