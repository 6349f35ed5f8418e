// A send killed at each step of the outbox (SIGKILL through cli/failpoint.ts, as a power cut or
// a force-quit would) is never lost and never sent twice: `poplar send` is killed with its item
// recorded 'sending' (before the connection), after the server took it, and after Sent was
// written; the engine started on the same profile then finds the first two 'unknown' (never
// resent on its own), and the user's answer decides. Bob's Maildir says how often each arrived.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Events } from '../shared/contract.ts';
import { analysisWorkerScript } from '../electron/analysis/worker-script.ts';
import { engineClient } from '../electron/engine/client.ts';
import { createEngine, type Engine } from '../electron/engine/engine.ts';
import { MemorySecretStore } from '../electron/secrets/memory-store.ts';
import { startDovecot, type DovecotInstance } from './support/dovecot.ts';
import { runPoplar, type PoplarRun } from './support/poplar-cli.ts';
import { dovecotAuthForPostfix, startPostfix, type PostfixInstance } from './support/postfix.ts';
import { DOVECOT, POSTFIX, describeWithAll } from './support/requirements.ts';
import { sleep } from './support/servers/processes.ts';
import { seconds } from './support/timeouts.ts';

const ANN_PW = 'K1ll-Send-Ann';
const BOB_PW = 'K1ll-Send-Bob';

describeWithAll([DOVECOT, POSTFIX], 'poplar send killed at each outbox step', () => {
  let dovecot: DovecotInstance;
  let postfix: PostfixInstance;
  let root: string;
  let profile: string;
  const env = { ANN_PW };

  const poplar = (args: string[], extra: NodeJS.ProcessEnv = {}): Promise<PoplarRun> =>
    runPoplar([...args, '--profile', profile], { env: { ...env, ...extra }, timeoutMs: seconds(60) });

  async function arrivedAtBob(needle: string): Promise<number> {
    let n = 0;
    for (const sub of ['new', 'cur']) {
      const dir = path.join(dovecot.dir, 'home', 'bob', 'Maildir', sub);
      for (const name of await readdir(dir).catch(() => [])) if ((await readFile(path.join(dir, name), 'utf8')).includes(needle)) n++;
    }
    return n;
  }

  /** Bob's count for `needle` once Postfix's queue has had time to deliver. */
  async function settledAtBob(needle: string, expected: number): Promise<number> {
    const until = Date.now() + seconds(8);
    let n = await arrivedAtBob(needle);
    while (n < expected && Date.now() < until) {
      await sleep(200);
      n = await arrivedAtBob(needle);
    }
    if (expected === 0) await sleep(1000);
    return arrivedAtBob(needle);
  }

  beforeAll(async () => {
    dovecot = await startDovecot({
      users: [
        { name: 'ann', password: ANN_PW },
        { name: 'bob', password: BOB_PW },
      ],
      extraConfig: dovecotAuthForPostfix(),
    });
    postfix = await startPostfix({ dovecot, users: ['ann', 'bob'] });
    root = await mkdtemp(path.join(os.tmpdir(), 'poplar-send-kill-'));
    profile = path.join(root, 'profile');
    const added = await poplar([
      'account',
      'add',
      '--name',
      'Ann',
      '--host',
      '127.0.0.1',
      '--port',
      String(dovecot.tlsPort),
      '--user',
      'ann',
      '--ca-file',
      dovecot.caFile,
      '--password-env',
      'ANN_PW',
      '--smtp-host',
      '127.0.0.1',
      '--smtp-port',
      String(postfix.submissionPort),
      '--smtp-security',
      'starttls',
      '--smtp-ca-file',
      dovecot.caFile,
      '--smtp-password-env',
      'ANN_PW',
      '--from',
      'Ann <ann@poplar.test>',
    ]);
    expect(added.code, added.stderr).toBe(0);
  }, seconds(90));

  afterAll(async () => {
    await postfix?.stop();
    await dovecot?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  async function killedSend(step: string): Promise<void> {
    const run = await poplar(['send', '--to', 'bob@poplar.test', '--subject', `killed at ${step}`], { POPLAR_FAILPOINT: `${step}:1` });
    expect(run.signal, run.stderr).toBe('SIGKILL');
  }

  async function withEngine<T>(work: (engine: Engine) => Promise<T>): Promise<T> {
    // The account's outgoing password comes from $ANN_PW (--smtp-password-env), which the
    // engine reads from its own process's environment, as the app's engine does.
    const before = process.env.ANN_PW;
    process.env.ANN_PW = ANN_PW;
    const secrets = new MemorySecretStore();
    const engine = createEngine({
      profileDir: profile,
      lockDir: path.join(root, 'locks'),
      secrets,
      log: () => undefined,
      analysisWorker: analysisWorkerScript(),
    });
    try {
      engine.start();
      return await work(engine);
    } finally {
      await engine.stop();
      if (before === undefined) delete process.env.ANN_PW;
      else process.env.ANN_PW = before;
    }
  }

  const settled = (engine: Engine, id: number): Promise<Events['outbox.changed']> =>
    new Promise((resolve) => {
      const off = engine.on('outbox.changed', (e) => {
        if (e.id !== id || e.state === 'queued' || e.state === 'sending') return;
        off();
        resolve(e);
      });
    });

  it(
    'never loses a message nor sends it twice, whatever step the kill hits',
    async () => {
      for (const step of ['sending-recorded', 'server-accepted', 'sent-recorded']) await killedSend(step);
      expect(await settledAtBob('killed at sending-recorded', 0)).toBe(0);
      expect(await settledAtBob('killed at server-accepted', 1)).toBe(1);
      expect(await settledAtBob('killed at sent-recorded', 1)).toBe(1);

      await withEngine(async (engine) => {
        const call = engineClient(engine).invoke;
        const items = await call('outbox.list', null);
        // The two killed before Sent was written wait for the user; the engine sends neither.
        expect(items.map((i) => [i.subject, i.state])).toEqual([
          ['killed at sending-recorded', 'unknown'],
          ['killed at server-accepted', 'unknown'],
        ]);
        expect(items[0]?.problem).toMatch(/may or may not have arrived/);
        const counts = (await call('folders.list')).counts[0];
        expect(counts).toMatchObject({ outbox: 2, outboxProblems: 2, sent: { total: 1, unread: 0 } });

        // The user: the first never arrived (send again), the second did (it was sent).
        const [first, second] = items;
        const resent = settled(engine, first?.id ?? 0);
        await call('outbox.resolveUnknown', first?.id ?? 0, 'resend');
        expect((await resent).state).toBe('sent');
        expect((await call('outbox.resolveUnknown', second?.id ?? 0, 'sent')).state).toBe('sent');
        expect(await call('outbox.list', null)).toEqual([]);
        const sent = await call('messages.page', { accountId: null, folder: 'sent', offset: 0, limit: 10 });
        expect(sent.items.map((m) => m.subject).sort()).toEqual([
          'killed at sending-recorded',
          'killed at sent-recorded',
          'killed at server-accepted',
        ]);
      });
      expect(await settledAtBob('killed at sending-recorded', 1)).toBe(1);
      expect(await arrivedAtBob('killed at server-accepted')).toBe(1);
      expect(await arrivedAtBob('killed at sent-recorded')).toBe(1);
    },
    seconds(120),
  );
});
