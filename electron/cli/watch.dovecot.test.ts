// `poplar watch` and `poplar sync` against Dovecot when someone else holds the mailbox, and
// when Poplar itself is started twice: it explains, backs off, recovers — and never opens a
// second session of its own.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { plainCorpus } from '../../tests/support/messages.ts';
import { runPoplar, syncJson } from '../../tests/support/poplar-cli.ts';
import { WatchProcess } from '../../tests/support/poplar-watch.ts';
import { startDovecot, type DovecotInstance } from '../../tests/support/dovecot.ts';
import { DOVECOT, describeWith } from '../../tests/support/requirements.ts';
import { Pop3Client } from '../pop3/client.ts';
import { Secret } from '../secrets/secret.ts';
import { seconds } from '../../tests/support/timeouts.ts';

const PASSWORD = 'watch-Pw-7';

describeWith(DOVECOT, 'poplar watch and concurrent syncs against Dovecot', () => {
  let dovecot: DovecotInstance;
  let root: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'poplar-watch-'));
    dovecot = await startDovecot({ users: ['eve', 'twin'].map((name) => ({ name, password: PASSWORD })) });
    await dovecot.seed('eve', plainCorpus(5));
    await dovecot.seed('twin', plainCorpus(40));
    env = { POPLAR_LOCK_DIR: path.join(root, 'locks'), WATCH_PW: PASSWORD };
  });

  afterAll(async () => {
    await dovecot?.stop();
    await rm(root, { recursive: true, force: true });
  });

  async function addAccount(profile: string, user: string): Promise<void> {
    const r = await runPoplar(
      [
        'account',
        'add',
        '--profile',
        profile,
        '--name',
        user,
        '--host',
        '127.0.0.1',
        '--port',
        String(dovecot.port),
        '--security',
        'starttls',
        '--ca-file',
        dovecot.caFile,
        '--user',
        user,
        '--password-env',
        'WATCH_PW',
        '--interval',
        '1',
      ],
      { env },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }

  it('another device holds the mailbox: watch is refused, says "other-client" with evidence, backs off, and recovers after it QUITs', async () => {
    const profile = path.join(root, 'eve');
    await addAccount(profile, 'eve');
    const device = await Pop3Client.connect({
      host: '127.0.0.1',
      port: dovecot.port,
      security: 'none',
      auth: 'user',
      credentials: { kind: 'password', user: 'eve', password: new Secret(PASSWORD) },
    });
    // 60× faster scheduling, so the 2-minute backoff takes 2 s (POPLAR_CLOCK_SPEED).
    const watch = new WatchProcess(['--profile', profile], { ...env, POPLAR_CLOCK_SPEED: '60' });
    try {
      const refused = await watch.next((l) => l.event === 'session-end', 0, seconds(40));
      const result = refused.line.result as { outcome: string; error: { code: string } };
      expect(result).toMatchObject({ outcome: 'locked', error: { code: 'mailbox-locked' } });
      const diagnosis = refused.line.diagnosis as { cause: string; evidence: string[]; poplarWillDo: string };
      expect(diagnosis.cause).toBe('other-client');
      expect(diagnosis.evidence.join('\n')).toMatch(/IN-USE/);
      expect(diagnosis.poplarWillDo).toMatch(/checks again at/);
      const backoff = await watch.next(
        (l) => l.event === 'state' && (l.state as { kind: string }).kind === 'backoff',
        refused.index,
        seconds(5),
      );
      expect((backoff.line.state as { reason: string }).reason).toBe('backoff');

      // The other device finishes; the next check gets the mail.
      expect((await device.quit()).acknowledged).toBe(true);
      const recovered = await watch.next(
        (l) => l.event === 'session-end' && (l.result as { outcome: string }).outcome === 'ok',
        refused.index,
        seconds(60),
      );
      expect((recovered.line.result as { downloaded: number }).downloaded).toBe(5);
    } finally {
      device.destroy();
      expect(await watch.stop()).toBe(0);
    }
    expect(watch.lines.at(-1)).toMatchObject({ event: 'stopped', signal: 'SIGTERM' });

    const diagnose = await runPoplar(['diagnose', '--profile', profile, '--account', 'eve'], { env });
    expect(diagnose.code).toBe(0);
    expect(diagnose.stdout).toMatch(/lock-refused/);
  });

  it('poplar sync refused by another device, then poplar diagnose, in real time', async () => {
    const profile = path.join(root, 'eve-sync');
    await addAccount(profile, 'eve');
    const device = await Pop3Client.connect({
      host: '127.0.0.1',
      port: dovecot.port,
      security: 'none',
      auth: 'user',
      credentials: { kind: 'password', user: 'eve', password: new Secret(PASSWORD) },
    });
    try {
      const sync = await runPoplar(['sync', '--profile', profile], { env });
      expect(sync.code).toBe(1);
      expect(sync.stderr).toMatch(/the mailbox is in use \(mailbox-locked\)/);
      expect(sync.stderr).not.toMatch(/password (is|was) wrong|check the password/i);
    } finally {
      await device.quit();
    }
    const diagnose = await runPoplar(['diagnose', '--profile', profile, '--account', 'eve'], { env });
    expect(diagnose.code).toBe(0);
    expect(diagnose.stdout).toMatch(/\[cause: other-client\]/);
    expect(diagnose.stdout).toMatch(/Poplar held no connection to this mailbox at that moment/);
    const json = await runPoplar(['diagnose', '--profile', profile, '--account', 'eve', '--json'], { env });
    expect(JSON.parse(json.stdout)).toMatchObject({ cause: 'other-client' });
    console.log(`\n---- poplar diagnose, "other device" case ----\n${diagnose.stdout}`);
  });

  it('two syncs started together, on one profile or on two profiles of the same mailbox, never open a second session', async () => {
    const one = path.join(root, 'twin-a');
    const two = path.join(root, 'twin-b');
    await addAccount(one, 'twin');
    await addAccount(two, 'twin');
    const logBefore = (await dovecot.logText()).length;
    for (const [a, b] of [
      [one, one],
      [one, two],
      [two, two],
    ] as const) {
      const [r1, r2] = await Promise.all([
        runPoplar(['sync', '--profile', a, '--json'], { env }),
        runPoplar(['sync', '--profile', b, '--json'], { env }),
      ]);
      const outcomes = [...syncJson(r1), ...syncJson(r2)];
      for (const o of outcomes) {
        expect(o.error?.code ?? 'none', JSON.stringify(o)).not.toBe('mailbox-locked');
        expect(['ok', 'locked']).toContain(o.outcome);
        if (o.outcome === 'locked') expect(o.error?.code).toBe('local-lock');
      }
      expect(outcomes.filter((o) => o.outcome === 'ok').length).toBeGreaterThanOrEqual(1);
    }
    // Dovecot itself never had to turn Poplar away.
    const log = (await dovecot.logText()).slice(logBefore);
    expect(log).not.toMatch(/IN-USE|locked by another/i);
  });
});
