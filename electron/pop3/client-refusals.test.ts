// Pop3Client when the server turns the login away: a locked maildrop is never reported as a
// wrong password, whatever the server's wording and wherever in the login it comes, and the
// client ends every refused session with QUIT while the connection is open.
import { describe, expect, it } from 'vitest';
import { LOCK_REFUSAL_WORDINGS, lockRefusal, loginDelayCapa, type Rule } from '../../tests/support/scripted-pop3.ts';
import { Pop3Client } from './client.ts';
import { ALICE, clientOptions, password, pop3Failure, useScriptedServers } from './fixtures/scripted-client.ts';

const start = useScriptedServers();

describe('Pop3Client: a locked maildrop', () => {
  // At PASS: the server answers the password itself. At LOGIN: the credentials were accepted
  // and the lock failed, the usual place (RFC 2449 §8.1.2) — the reply still comes to PASS
  // or AUTH. A pre-RFC 2449 server (CAPA -ERR) gives no codes to lean on.
  const moments: Array<{ at: 'PASS' | 'LOGIN'; auth: 'user' | 'plain'; step: string; capa: 'default' | 'none' }> = [
    { at: 'PASS', auth: 'user', step: 'PASS', capa: 'default' },
    { at: 'LOGIN', auth: 'user', step: 'PASS', capa: 'default' },
    { at: 'LOGIN', auth: 'plain', step: 'AUTH', capa: 'default' },
    { at: 'PASS', auth: 'user', step: 'PASS', capa: 'none' },
  ];
  for (const [id, wording] of Object.entries(LOCK_REFUSAL_WORDINGS)) {
    for (const moment of moments) {
      it(`${id} at ${moment.at} (${moment.auth}, CAPA ${moment.capa}) is mailbox-locked`, async () => {
        const rules: Rule[] = [lockRefusal(wording, moment.at)];
        if (moment.capa === 'none') rules.push({ when: { command: 'CAPA' }, reply: '-ERR Unknown command.' });
        const server = await start({ users: [ALICE], messages: [{ uidl: 'u1', body: 'Subject: x\r\n\r\nx\r\n' }], rules });
        const error = await pop3Failure(Pop3Client.connect(clientOptions(server, { auth: moment.auth })));
        expect(error).toMatchObject({ code: 'mailbox-locked', certain: true, command: moment.step, responseCode: wording.code });
        expect(`-ERR ${error.responseCode ? `[${error.responseCode}] ` : ''}${error.serverText}`).toBe(wording.reply);
        const record = await server.waitForSessionClosed(1);
        expect(record.user).toBeNull();
        expect(record.endedBy).toBe('quit');
        expect(record.commands.at(-1)).toBe('QUIT');
        expect(server.mailbox()).toHaveLength(1);
      });
    }
  }

  it('a maildrop held by a session of another client is mailbox-locked (the server’s own lock)', async () => {
    // Two sessions at once on purpose: the second is turned away by the first's lock.
    const server = await start({ users: [ALICE] }, { sessionsAtOnce: 2 });
    const holder = await Pop3Client.connect(clientOptions(server));
    const error = await pop3Failure(Pop3Client.connect(clientOptions(server)));
    expect(error).toMatchObject({ code: 'mailbox-locked', responseCode: 'IN-USE', command: 'PASS' });
    expect((await server.waitForSessionClosed(2)).endedBy).toBe('quit');
    expect((await holder.quit()).acknowledged).toBe(true);
  });
});

describe('Pop3Client: other refusals at login', () => {
  it('Dovecot’s per-user+IP connection limit is too-many-connections, not a lock', async () => {
    const reply = '-ERR [IN-USE] Maximum number of connections from user+IP exceeded (mail_max_userip_connections=10)';
    const server = await start({ users: [ALICE], rules: [lockRefusal(reply, 'PASS')] });
    const error = await pop3Failure(Pop3Client.connect(clientOptions(server)));
    expect(error).toMatchObject({ code: 'too-many-connections', certain: true, responseCode: 'IN-USE', command: 'PASS' });
    expect((await server.waitForSessionClosed(1)).endedBy).toBe('quit');
  });

  it('[LOGIN-DELAY] is login-delay', async () => {
    const { capabilities, refusal } = loginDelayCapa(900);
    const server = await start({ users: [ALICE], capabilities, rules: [refusal] });
    const error = await pop3Failure(Pop3Client.connect(clientOptions(server)));
    expect(error).toMatchObject({ code: 'login-delay', certain: true, responseCode: 'LOGIN-DELAY' });
    expect((await server.waitForSessionClosed(1)).endedBy).toBe('quit');
  });

  it('the announced LOGIN-DELAY reaches facts.capabilities, and the server enforces it on the next login', async () => {
    const server = await start({ users: [ALICE], loginDelaySeconds: 600 });
    const first = await Pop3Client.connect(clientOptions(server));
    expect(first.facts.capabilities.loginDelaySeconds).toBe(600);
    expect((await first.quit()).acknowledged).toBe(true);
    const error = await pop3Failure(Pop3Client.connect(clientOptions(server)));
    expect(error).toMatchObject({ code: 'login-delay', responseCode: 'LOGIN-DELAY' });
    expect(error.serverText).toMatch(/600 seconds/);
  });

  it('[SYS/TEMP] is server-temporary', async () => {
    const server = await start({ users: [ALICE], rules: [lockRefusal('-ERR [SYS/TEMP] Temporary authentication failure.', 'PASS')] });
    const error = await pop3Failure(Pop3Client.connect(clientOptions(server)));
    expect(error).toMatchObject({ code: 'server-temporary', certain: true, responseCode: 'SYS/TEMP' });
  });

  it('[SYS/PERM] is server-permanent', async () => {
    const server = await start({ users: [ALICE], rules: [lockRefusal('-ERR [SYS/PERM] Account disabled.', 'LOGIN')] });
    expect(await pop3Failure(Pop3Client.connect(clientOptions(server)))).toMatchObject({
      code: 'server-permanent',
      responseCode: 'SYS/PERM',
    });
  });

  it('a wrong password with [AUTH] is auth-failed, certain, and the client still says QUIT', async () => {
    const server = await start({ users: [ALICE] });
    const error = await pop3Failure(Pop3Client.connect(clientOptions(server, { credentials: password('alice', 'wrong') })));
    expect(error).toMatchObject({ code: 'auth-failed', certain: true, responseCode: 'AUTH', command: 'PASS' });
    expect(error.message).not.toContain('wrong');
    const record = await server.waitForSessionClosed(1);
    expect(record.endedBy).toBe('quit');
    expect(record.commands).toEqual(['CAPA', 'USER alice', 'PASS wrong', 'QUIT']);
  });

  it('a code-less -ERR that names the password, from a server without response codes, is a confirmed auth-failed', async () => {
    const server = await start({
      users: [ALICE],
      capabilities: ['USER', 'UIDL'],
      rules: [lockRefusal('-ERR invalid password', 'PASS')],
    });
    const error = await pop3Failure(Pop3Client.connect(clientOptions(server)));
    expect(error).toMatchObject({ code: 'auth-failed', certain: true, responseCode: null });
  });

  it('a bare -ERR with no readable reason, from a server without response codes, is login-refused: unconfirmed', async () => {
    const server = await start({
      users: [ALICE],
      capabilities: ['USER', 'UIDL'],
      rules: [lockRefusal('-ERR Login failed.', 'PASS')],
    });
    const error = await pop3Failure(Pop3Client.connect(clientOptions(server)));
    expect(error).toMatchObject({ code: 'login-refused', certain: false, responseCode: null, command: 'PASS' });
    expect((await server.waitForSessionClosed(1)).endedBy).toBe('quit');
  });

  it('a bare -ERR from a server that promised AUTH-RESP-CODE is not taken for a wrong password', async () => {
    const server = await start({ users: [ALICE], rules: [lockRefusal('-ERR try later', 'PASS')] });
    const error = await pop3Failure(Pop3Client.connect(clientOptions(server)));
    expect(error).toMatchObject({ code: 'server-temporary', certain: false });
  });

  it('a refusal that closes the connection is reported without a QUIT', async () => {
    const server = await start({ users: [ALICE], rules: [lockRefusal(LOCK_REFUSAL_WORDINGS.dovecot, 'LOGIN', { close: 'end' })] });
    const error = await pop3Failure(Pop3Client.connect(clientOptions(server)));
    expect(error.code).toBe('mailbox-locked');
    const record = await server.waitForSessionClosed(1);
    expect(record.endedBy).toBe('server-closed');
  });
});
