// Pop3Client's login methods over a real socket, checked against the RFCs' own test vectors
// as the server received them, and the transcript of whole sessions: no secret in any form.
import { describe, expect, it } from 'vitest';
import { AUTH_FAILED } from '../../tests/support/scripted-pop3.ts';
import { Pop3Client, type Pop3ClientOptions } from './client.ts';
import { clientOptions, crlf, password, pop3Failure, sink, useScriptedServers } from './fixtures/scripted-client.ts';
import { TranscriptRecorder } from './transcript.ts';
import { Secret } from '../secrets/secret.ts';

const start = useScriptedServers();

const MESSAGE = { uidl: 'm1', body: crlf('Subject: secret plans', '', 'The body text that must not be logged.') };
const oauth2 = (user: string, token: string): Pop3ClientOptions['credentials'] => ({ kind: 'oauth2', user, token: new Secret(token) });

describe('Pop3Client: login methods against their test vectors', () => {
  it('APOP sends the RFC 1939 §7 digest for <1896.697170952@dbc.mtview.ca.us>', async () => {
    const server = await start({
      users: [{ name: 'mrose', password: 'tanstaaf' }],
      apopTimestamp: '<1896.697170952@dbc.mtview.ca.us>',
      messages: [MESSAGE],
    });
    const client = await Pop3Client.connect(clientOptions(server, { auth: 'apop', credentials: password('mrose', 'tanstaaf') }));
    expect(client.facts.authMethod).toBe('apop');
    expect((await client.quit()).acknowledged).toBe(true);
    expect(server.sessions()[0]?.commands).toEqual(['CAPA', 'APOP mrose c4c9334bac560ecc979e58001b3e22fb', 'QUIT']);
    expect(server.sessions()[0]?.user).toBe('mrose');
  });

  it('CRAM-MD5 answers the RFC 2195 §2 challenge with "tim b913a602…"', async () => {
    const server = await start({
      users: [{ name: 'tim', password: 'tanstaaftanstaaf' }],
      cramMd5Challenge: '<1896.697170952@postoffice.reston.mci.net>',
    });
    const client = await Pop3Client.connect(clientOptions(server, { auth: 'cram-md5', credentials: password('tim', 'tanstaaftanstaaf') }));
    expect((await client.quit()).acknowledged).toBe(true);
    const [capa, auth, response, quit] = server.sessions()[0]?.commands ?? [];
    expect([capa, auth, quit]).toEqual(['CAPA', 'AUTH CRAM-MD5', 'QUIT']);
    expect(Buffer.from(response ?? '', 'base64').toString('utf8')).toBe('tim b913a602c7eda7a495b4e6e7334d3890');
  });

  it('AUTH PLAIN carries NUL user NUL password as its initial response (RFC 4616, RFC 5034)', async () => {
    const server = await start({ users: [{ name: 'alice', password: 'pässword with spaces' }] });
    const client = await Pop3Client.connect(
      clientOptions(server, { auth: 'plain', credentials: password('alice', 'pässword with spaces') }),
    );
    expect(client.facts.authMethod).toBe('plain');
    expect((await client.quit()).acknowledged).toBe(true);
    const auth = server.sessions()[0]?.commands[1] ?? '';
    expect(auth).toMatch(/^AUTH PLAIN \S+$/);
    expect(Buffer.from(auth.slice('AUTH PLAIN '.length), 'base64').toString('utf8')).toBe('\0alice\0pässword with spaces');
  });

  it('AUTH LOGIN answers "Username:" and "Password:"', async () => {
    const server = await start({ users: [{ name: 'alice', password: 'pw' }] });
    const client = await Pop3Client.connect(clientOptions(server, { auth: 'login', credentials: password('alice', 'pw') }));
    expect((await client.quit()).acknowledged).toBe(true);
    const lines = server.sessions()[0]?.commands ?? [];
    expect(lines.slice(1, 4).map((l, i) => (i === 0 ? l : Buffer.from(l, 'base64').toString()))).toEqual(['AUTH LOGIN', 'alice', 'pw']);
  });

  it('a wrong CRAM-MD5 secret is auth-failed, certain', async () => {
    const server = await start({ users: [{ name: 'tim', password: 'tanstaaftanstaaf' }] });
    const error = await pop3Failure(Pop3Client.connect(clientOptions(server, { auth: 'cram-md5', credentials: password('tim', 'nope') })));
    expect(error).toMatchObject({ code: 'auth-failed', certain: true, command: 'AUTH', responseCode: 'AUTH' });
    expect((await server.waitForSessionClosed(1)).endedBy).toBe('quit');
  });
});

describe('Pop3Client: XOAUTH2', () => {
  it('logs in with a good token, chosen automatically for an OAuth credential', async () => {
    const server = await start({ xoauth2Tokens: { 'alice@example.com': 'ya29.good-token' }, messages: [MESSAGE] });
    const client = await Pop3Client.connect(
      clientOptions(server, { auth: 'auto', credentials: oauth2('alice@example.com', 'ya29.good-token') }),
    );
    expect(client.facts.authMethod).toBe('xoauth2');
    expect(await client.stat()).toMatchObject({ count: 1 });
    expect((await client.quit()).acknowledged).toBe(true);
    const auth = server.sessions()[0]?.commands[1] ?? '';
    expect(Buffer.from(auth.replace(/^AUTH XOAUTH2 /, ''), 'base64').toString()).toBe(
      'user=alice@example.com\x01auth=Bearer ya29.good-token\x01\x01',
    );
  });

  it('sends a token too long for the AUTH line after the server’s "+" (RFC 5034 §4)', async () => {
    const token = `ya29.${'t'.repeat(1500)}`;
    const server = await start({ xoauth2Tokens: { alice: token } });
    const client = await Pop3Client.connect(clientOptions(server, { auth: 'xoauth2', credentials: oauth2('alice', token) }));
    expect((await client.quit()).acknowledged).toBe(true);
    const lines = server.sessions()[0]?.commands ?? [];
    expect(lines[1]).toBe('AUTH XOAUTH2');
    expect(Buffer.from(lines[2] ?? '', 'base64').toString()).toBe(`user=alice\x01auth=Bearer ${token}\x01\x01`);
  });

  it('a bad token is auth-failed: the client answers the JSON challenge with an empty line, then QUITs', async () => {
    const server = await start({ xoauth2Tokens: { alice: 'good' } });
    const error = await pop3Failure(
      Pop3Client.connect(clientOptions(server, { auth: 'xoauth2', credentials: oauth2('alice', 'expired') })),
    );
    expect(error).toMatchObject({ code: 'auth-failed', certain: true, command: 'AUTH', responseCode: 'AUTH' });
    expect(`-ERR [AUTH] ${error.serverText}`).toBe(AUTH_FAILED);
    const record = await server.waitForSessionClosed(1);
    expect(record.commands.slice(2)).toEqual(['', 'QUIT']);
    expect(record.endedBy).toBe('quit');
  });
});

describe('Pop3Client: the transcript of a session', () => {
  const SECRET = 'S3cr3t-Pa55';

  it('holds no OAuth token, in the clear or base64', async () => {
    const token = 'ya29.S3cr3t-T0k3n';
    const server = await start({ xoauth2Tokens: { alice: token } });
    const transcript = new TranscriptRecorder(Date.now);
    const client = await Pop3Client.connect(clientOptions(server, { auth: 'xoauth2', credentials: oauth2('alice', token), transcript }));
    expect((await client.quit()).acknowledged).toBe(true);
    const json = JSON.stringify(transcript.entries());
    expect(json).not.toContain(token);
    expect(json).not.toContain(Buffer.from(`user=alice\x01auth=Bearer ${token}\x01\x01`).toString('base64').slice(8, 40));
    expect(transcript.entries().map((e) => e.line)).toContain('AUTH XOAUTH2 [redacted]');
  });

  it('holds no password, in the clear or base64, and no message body, for USER/PASS, PLAIN and CRAM-MD5', async () => {
    const server = await start({ users: [{ name: 'alice', password: SECRET }], messages: [MESSAGE, { uidl: 'm2', body: MESSAGE.body }] });
    const recorders: TranscriptRecorder[] = [];
    for (const auth of ['user', 'plain', 'cram-md5'] as const) {
      const transcript = new TranscriptRecorder(Date.now);
      recorders.push(transcript);
      const client = await Pop3Client.connect(clientOptions(server, { auth, credentials: password('alice', SECRET), transcript }));
      await client.uidl();
      await client.retr(1, sink().consume);
      await client.top(1, 0, sink().consume);
      await client.retrMany(
        [1, 2],
        () => sink().consume,
        () => undefined,
      );
      expect((await client.quit()).acknowledged).toBe(true);
    }
    // And a failed login: the refused password is as secret as the right one.
    const failed = new TranscriptRecorder(Date.now);
    recorders.push(failed);
    await pop3Failure(Pop3Client.connect(clientOptions(server, { credentials: password('alice', `${SECRET}x`), transcript: failed })));
    await server.waitForSessionClosed(4);

    const json = JSON.stringify(recorders.map((r) => r.entries()));
    const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
    const forbidden = [
      SECRET,
      b64(SECRET),
      b64(`\0alice\0${SECRET}`),
      // base64 of the password at each of the three alignments inside a longer string
      ...[0, 1, 2].map((shift) => b64(`${'\0'.repeat(shift)}${SECRET}`).slice(Math.ceil((shift * 4) / 3) + 1, -4)),
      'The body text',
      'secret plans',
    ];
    for (const needle of forbidden) expect(json, needle).not.toContain(needle);

    const lines = recorders[0]?.entries().map((e) => `${e.dir} ${e.line}`) ?? [];
    expect(lines).toContain('C PASS [redacted]');
    expect(lines).toContain(`S [message body: ${Buffer.byteLength(MESSAGE.body)} bytes]`);
    expect(lines).toContain(`S [message headers: ${Buffer.byteLength(crlf('Subject: secret plans', ''))} bytes]`);
    expect(lines.filter((l) => l.startsWith('S [message body:'))).toHaveLength(3);
    expect(recorders[1]?.entries().map((e) => e.line)).toContain('AUTH PLAIN [redacted]');
    expect(recorders[2]?.entries().map((e) => e.line)).toEqual(expect.arrayContaining(['AUTH CRAM-MD5', '[redacted]']));
    expect(recorders[3]?.entries().map((e) => e.line)).toContain('closed');
  });
});

describe("Pop3Client: 'auto' after a refused challenge-response login", () => {
  // solid-pop3d puts an APOP timestamp in every greeting but accepts APOP only from users with
  // a secret in ~/.spop3d; it answers "-ERR authentication failed" and closes the connection.
  const solidLike = { reply: '-ERR authentication failed', close: 'end' as const };
  const noCapa = { when: { command: 'CAPA' }, reply: '-ERR unknown command' }; // as solid-pop3d: RFC 1939 only

  it('tries USER/PASS on a new connection, opened only after the first has closed', async () => {
    const server = await start({
      users: [{ name: 'ann', password: 'right' }],
      apopTimestamp: true,
      rules: [noCapa, { when: { command: 'APOP', session: 1 }, ...solidLike }],
    });
    const transcript = new TranscriptRecorder(Date.now);
    const client = await Pop3Client.connect(
      clientOptions(server, { security: 'none', auth: 'auto', credentials: password('ann', 'right'), transcript }),
    );
    expect(client.facts.authMethod).toBe('user');
    expect((await client.quit()).acknowledged).toBe(true);
    expect(server.sessions().map((s) => s.commands.map((c) => c.split(' ')[0]))).toEqual([
      ['CAPA', 'APOP'],
      ['CAPA', 'USER', 'PASS', 'QUIT'],
    ]);
    expect(server.maxConcurrentSessions).toBe(1);
    expect(
      transcript
        .entries()
        .map((e) => e.line)
        .join('\n'),
    ).toContain('refused APOP');
  });

  it('reports the password as wrong only after the plain login is refused too', async () => {
    const server = await start({
      users: [{ name: 'ann', password: 'right' }],
      apopTimestamp: true,
      rules: [noCapa, { when: { command: 'APOP' }, ...solidLike }],
    });
    const failure = await pop3Failure(
      Pop3Client.connect(clientOptions(server, { security: 'none', auth: 'auto', credentials: password('ann', 'wrong') })),
    );
    expect(failure.code).toBe('auth-failed');
    expect(failure.command).toBe('PASS');
    expect(server.sessions()).toHaveLength(2);
  });

  it('does not retry when the user chose APOP, nor after a lock refusal', async () => {
    const chosen = await start({
      users: [{ name: 'ann', password: 'right' }],
      apopTimestamp: true,
      rules: [{ when: { command: 'APOP' }, ...solidLike }],
    });
    expect(
      (
        await pop3Failure(
          Pop3Client.connect(clientOptions(chosen, { security: 'none', auth: 'apop', credentials: password('ann', 'right') })),
        )
      ).command,
    ).toBe('APOP');
    expect(chosen.sessions()).toHaveLength(1);
    const locked = await start({
      users: [{ name: 'ann', password: 'right' }],
      apopTimestamp: true,
      rules: [noCapa, { when: { command: 'APOP' }, reply: '-ERR [IN-USE] Mailbox is locked by another POP3 session.' }],
    });
    expect(
      (
        await pop3Failure(
          Pop3Client.connect(clientOptions(locked, { security: 'none', auth: 'auto', credentials: password('ann', 'right') })),
        )
      ).code,
    ).toBe('mailbox-locked');
    expect(locked.sessions()).toHaveLength(1);
  });
});
