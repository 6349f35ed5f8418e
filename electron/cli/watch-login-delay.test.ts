// `poplar watch` started with no knowledge of the server's LOGIN-DELAY, against the scripted
// server announcing LOGIN-DELAY 120 in CAPA (as Cyrus does with `popminpoll: 2`) and refusing
// logins that come sooner. A watch that read the delay once at start would go on checking
// every 61–66 s and be refused on every other check; the first session's CAPA must apply
// from that moment: zero [LOGIN-DELAY] refusals. Both clocks run 60× faster, so ten
// minutes of schedule take ten seconds.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { POPLAR_CLI, runPoplar } from '../../tests/support/poplar-cli.ts';
import { testScriptedPop3, testTempDir } from '../../tests/support/per-test.ts';
import { plainCorpus } from '../../tests/support/messages.ts';
import { scaled, seconds } from '../../tests/support/timeouts.ts';

const PW = 'Delay-Pw-120';
const SPEED = 60;
const SIMULATED_MS = 10 * 60_000;

describe('poplar watch and a LOGIN-DELAY it learns while running', { timeout: seconds(90) }, () => {
  it('keeps every check after the first at least LOGIN-DELAY apart: no refusal', async () => {
    const root = await testTempDir('poplar-watch-delay-');
    const origin = Date.now();
    const server = await testScriptedPop3({
      users: [{ name: 'cy', password: PW }],
      messages: plainCorpus(1).map((body) => ({ uidl: 'u1', body })),
      loginDelaySeconds: 120,
      clock: () => origin + (Date.now() - origin) * SPEED, // the server's minutes pass as fast as the watch's
    });
    const profile = path.join(root, 'profile');
    const env = { POPLAR_LOCK_DIR: path.join(root, 'locks'), POPLAR_PW: PW };
    const add = await runPoplar(
      [
        'account',
        'add',
        '--profile',
        profile,
        '--name',
        'cyrus',
        '--host',
        '127.0.0.1',
        '--port',
        String(server.port),
        '--security',
        'none',
        '--auth',
        'user',
        '--user',
        'cy',
        '--password-env',
        'POPLAR_PW',
        '--interval',
        '1',
      ],
      { env, timeoutMs: seconds(30) },
    );
    expect(add.code, add.stderr).toBe(0);

    const child = spawn(process.execPath, [POPLAR_CLI, 'watch', '--json', '--profile', profile], {
      env: { ...process.env, ...env, POPLAR_CLOCK_SPEED: String(SPEED) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: Array<Record<string, unknown>> = [];
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    createInterface({ input: child.stdout }).on('line', (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
    const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    const watchdog = setTimeout(() => child.kill('SIGKILL'), seconds(60));
    try {
      // Wait for the first session, then let ten simulated minutes pass.
      for (let i = 0; i < scaled(200) && (server.sessions()[0]?.closedAt ?? null) === null; i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(server.sessions()[0]?.user, stderr).toBe('cy');
      await new Promise((r) => setTimeout(r, SIMULATED_MS / SPEED));
    } finally {
      if (child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
    }
    expect(await closed).toBe(0);
    clearTimeout(watchdog);

    const sessions = server.sessions().filter((s) => s.closedAt !== null);
    // Every login was accepted: not one [LOGIN-DELAY] refusal after the first session.
    expect(sessions.map((s) => s.user)).toEqual(sessions.map(() => 'cy'));
    const ends = lines.filter((l) => l.event === 'session-end').map((l) => l.result as { outcome: string; error: { code: string } | null });
    expect(ends.filter((r) => r.error?.code === 'login-delay')).toEqual([]);
    expect(ends.every((r) => r.outcome === 'ok')).toBe(true);
    // About one check per LOGIN-DELAY (plus its jitter), not one a minute.
    expect(sessions.length).toBeGreaterThanOrEqual(4);
    expect(sessions.length).toBeLessThanOrEqual(6);
    // openedAt is on the server's (accelerated) clock: simulated milliseconds.
    const gaps = sessions.slice(1).map((s, i) => s.openedAt - (sessions[i]?.openedAt ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(118_000);
    console.log(
      `watch against LOGIN-DELAY 120: ${sessions.length} sessions in ${SIMULATED_MS / 60_000} simulated minutes, gaps ${gaps.map((g) => Math.round(g / 1000)).join(', ')} s`,
    );
  });
});
