// From a real session history to a diagnosis, against the scripted server: Poplar's own
// dropped connection followed by a refusal, and a server enforcing LOGIN-DELAY.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dropMidRetr, lockRefusal, startScriptedPop3, type ScriptedPop3Server } from '../../tests/support/scripted-pop3.ts';
import { plainCorpus } from '../../tests/support/messages.ts';
import type { Account } from '../../shared/account.ts';
import { main } from '../cli/poplar.ts';
import { diagnoseMailbox } from '../diagnostics/mailbox.ts';
import { Secret } from '../secrets/secret.ts';
import { addAccount, getAccount } from '../store/accounts.ts';
import { openProfile, type Profile } from '../store/profile.ts';
import { loginDelaySeconds, mailboxHistory } from './history.ts';
import { plan, STALE_SESSION_WAIT_MS } from './policy.ts';
import { runSession, type SessionContext } from './session.ts';

describe('diagnosis from real sessions', () => {
  let server: ScriptedPop3Server;
  let root: string;
  let profile: Profile;
  let clock = Date.UTC(2026, 10, 26, 9, 0, 0);

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'poplar-diag-'));
  });

  afterEach(async () => {
    profile?.close();
    await server?.close();
    await rm(root, { recursive: true, force: true });
  });

  const context = (): SessionContext => ({
    profile,
    lockDir: path.join(root, 'locks'),
    now: () => clock,
    password: async () => new Secret('pw'),
  });

  function account(port: number): Account {
    profile = openProfile(path.join(root, 'profile'));
    return addAccount(
      profile.db,
      {
        name: 'home',
        host: '127.0.0.1',
        port,
        security: 'none',
        user: 'ann',
        auth: 'user',
        caFile: null,
        fingerprint: null,
        retention: { kind: 'leave', deleteWhenDeletedLocally: false },
        intervalMinutes: 5,
        checkAtStartup: true,
        paused: false,
        notify: true,
        maxSizeBytes: null,
        passwordSource: { kind: 'prompt' },
      },
      clock,
    );
  }

  it("a refusal after Poplar's own dropped connection is diagnosed as its own stale session, and waited out", async () => {
    server = await startScriptedPop3({
      users: [{ name: 'ann', password: 'pw' }],
      messages: plainCorpus(3).map((body, i) => ({ uidl: `u${i}`, body })),
      clock: () => clock,
      rules: [
        dropMidRetr(2, 200, { session: 1 }),
        lockRefusal('-ERR [IN-USE] Mailbox is locked by another POP3 session.', 'PASS', { session: 2 }),
      ],
    });
    const a = account(server.port);
    const dropped = await runSession(context(), a, { trigger: 'test' });
    expect(dropped).toMatchObject({ outcome: 'error', error: { code: 'connection-closed' } });
    clock += 60_000;
    const refused = await runSession(context(), a, { trigger: 'test' });
    expect(refused).toMatchObject({ outcome: 'locked', error: { code: 'mailbox-locked' } });

    const d = diagnoseMailbox(profile.db, a, clock);
    expect(d.cause).toBe('own-stale-session');
    expect(d.evidence.join('\n')).toMatch(/without QUIT/);
    const next = plan({
      history: mailboxHistory(profile.db, a.mailboxKey),
      intervalMs: 5 * 60_000,
      loginDelayMs: null,
      paused: false,
      now: clock,
      random: () => 0.5,
    });
    expect(next).toMatchObject({ kind: 'at', reason: 'own-stale-session' });
    const dropEnd = mailboxHistory(profile.db, a.mailboxKey)[1]?.endedAt ?? 0;
    expect(next.kind === 'at' && next.at).toBe(dropEnd + STALE_SESSION_WAIT_MS);
  });

  it('LOGIN-DELAY: an interval below it is rejected when set, and a refusal with [LOGIN-DELAY] is "checking too often"', async () => {
    server = await startScriptedPop3({
      users: [{ name: 'ann', password: 'pw' }],
      messages: plainCorpus(2).map((body, i) => ({ uidl: `u${i}`, body })),
      loginDelaySeconds: 900,
      clock: () => clock,
    });
    const a = account(server.port);
    expect(await runSession(context(), a, { trigger: 'test' })).toMatchObject({ outcome: 'ok', downloaded: 2 });
    expect(loginDelaySeconds(profile.db, a.mailboxKey)).toBe(900);

    // Setting a 5-minute interval now fails: the server allows a login every 15 minutes.
    const stderr: string[] = [];
    const io = { out: () => undefined, err: (t: string) => void stderr.push(t), stdin: new PassThrough(), env: {} };
    expect(await main(['account', 'set', 'home', '--profile', profile.dir, '--interval', '5'], io)).toBe(1);
    expect(stderr.join('\n')).toMatch(/allows a login only every 15 minutes.*at least 15 minutes/);
    expect(await main(['account', 'set', 'home', '--profile', profile.dir, '--interval', '15'], { ...io, err: () => undefined })).toBe(0);

    clock += 2 * 60_000; // a "check now" two minutes later: the server refuses
    const refused = await runSession(context(), getAccount(profile.db, a.id), { trigger: 'test' });
    expect(refused).toMatchObject({ outcome: 'locked', error: { code: 'login-delay' } });
    const d = diagnoseMailbox(profile.db, getAccount(profile.db, a.id), clock);
    expect(d.cause).toBe('too-frequent');
    expect(`${d.title} ${d.explanation}`).not.toMatch(/password is wrong|check the password/i);
    // The next check waits for the LOGIN-DELAY from the last successful login.
    const history = mailboxHistory(profile.db, a.mailboxKey);
    const next = plan({ history, intervalMs: 15 * 60_000, loginDelayMs: 900_000, paused: false, now: clock, random: () => 0 });
    const lastLogin = history.find((h) => h.connectedAt !== null)?.connectedAt ?? 0;
    expect(next).toMatchObject({ kind: 'at', at: lastLogin + 900_000 });
  });
});
