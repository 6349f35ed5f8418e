// Pop3Client against the scripted server: a whole, correct session (RFC 1939), the choice of
// login method, and what a session that ends without QUIT leaves behind. Faults, refusals,
// TLS, SASL and pipelining have their own files (client-*.test.ts).
import { describe, expect, it } from 'vitest';
import { Pop3Client } from './client.ts';
import { ALICE, clientOptions, crlf, pop3Failure, sink, useScriptedServers } from './fixtures/scripted-client.ts';

const start = useScriptedServers();

// Lines that start with "." are dot-stuffed by the server (RFC 1939 §3); one of them is a
// lone "." that would end the response if it were not stuffed.
const DOTTED = crlf('From: bob@example.com', 'Subject: dots', '', '.leading dot', '..two dots', '.', '...', 'end');
const PLAIN = crlf('From: carol@example.com', 'Subject: plain', '', 'hello');
const THIRD = crlf('From: dave@example.com', 'Subject: third', '', 'one', 'two');
const MESSAGES = [
  { uidl: 'uid-1', body: DOTTED },
  { uidl: 'uid-2', body: PLAIN },
  { uidl: 'uid-3', body: THIRD },
];
const size = (body: string): number => Buffer.byteLength(body);

describe('Pop3Client: a normal session', () => {
  it('logs in with USER/PASS, reads the maildrop, deletes one message and QUITs', async () => {
    const server = await start({ users: [ALICE], messages: MESSAGES });
    const client = await Pop3Client.connect(clientOptions(server, { auth: 'user' }));
    expect(client.facts.authMethod).toBe('user');
    expect(client.facts.greeting).toMatch(/^\+OK /);
    expect(client.facts.capabilities.pipelining).toBe(true);
    expect(client.facts.tls).toBeNull();

    expect(await client.stat()).toEqual({ count: 3, octets: size(DOTTED) + size(PLAIN) + size(THIRD) });
    expect(await client.list()).toEqual([
      { msg: 1, octets: size(DOTTED) },
      { msg: 2, octets: size(PLAIN) },
      { msg: 3, octets: size(THIRD) },
    ]);
    expect(await client.listOne(2)).toEqual({ msg: 2, octets: size(PLAIN) });
    expect(await client.uidl()).toEqual([
      { msg: 1, uidl: 'uid-1' },
      { msg: 2, uidl: 'uid-2' },
      { msg: 3, uidl: 'uid-3' },
    ]);
    expect(await client.uidlOne(3)).toEqual({ msg: 3, uidl: 'uid-3' });

    const body = sink();
    expect(await client.retr(1, body.consume)).toEqual({
      msg: 1,
      octets: size(DOTTED),
      received: size(DOTTED),
      stopped: false,
      listed: size(DOTTED),
    });
    expect(body.text()).toBe(DOTTED); // CRLF line ends, each stuffed dot removed

    const head = sink();
    expect(await client.top(1, 1, head.consume)).toMatchObject({
      msg: 1,
      octets: size(crlf('From: bob@example.com', 'Subject: dots', '', '.leading dot')),
      stopped: false,
    });
    expect(head.text()).toBe(crlf('From: bob@example.com', 'Subject: dots', '', '.leading dot'));

    await client.noop();
    await client.dele(2);
    expect(client.bytesReceived).toBeGreaterThan(size(DOTTED));
    expect(await client.quit()).toEqual({ acknowledged: true, text: 'Logging out, 1 messages deleted.' });
    expect(client.usable).toBe(false);

    expect(server.mailbox().map((m) => m.uidl)).toEqual(['uid-1', 'uid-3']);
    const [record] = server.sessions();
    expect(record?.endedBy).toBe('quit');
    expect(record?.deleted).toEqual(['uid-2']);
    expect(record?.commands).toEqual([
      'CAPA',
      'USER alice',
      'PASS alice-pw',
      'STAT',
      'LIST',
      'LIST 2',
      'UIDL',
      'UIDL 3',
      'RETR 1',
      'TOP 1 1',
      'NOOP',
      'DELE 2',
      'QUIT',
    ]);
  });

  it('deletes nothing when the session is dropped without QUIT (RFC 1939 §6)', async () => {
    const server = await start({ users: [ALICE], messages: MESSAGES });
    const client = await Pop3Client.connect(clientOptions(server));
    await client.dele(1);
    await client.dele(2);
    client.destroy();
    expect(client.usable).toBe(false);
    const record = await server.waitForSessionClosed(1);
    expect(record.endedBy).toBe('client-closed');
    expect(record.deleted).toEqual([]);
    expect(server.mailbox()).toHaveLength(3);
    // A QUIT after destroy() sends nothing and reports that nothing was committed.
    expect(await client.quit()).toEqual({ acknowledged: false, text: null });
  });

  it('RSET unmarks what DELE marked', async () => {
    const server = await start({ users: [ALICE], messages: MESSAGES });
    const client = await Pop3Client.connect(clientOptions(server));
    await client.dele(1);
    await client.rset();
    expect((await client.quit()).acknowledged).toBe(true);
    expect(server.sessions()[0]?.deleted).toEqual([]);
    expect(server.mailbox()).toHaveLength(3);
  });

  it('a -ERR to one command leaves the session usable', async () => {
    const server = await start({ users: [ALICE], messages: MESSAGES });
    const client = await Pop3Client.connect(clientOptions(server));
    const error = await pop3Failure(client.retr(9, sink().consume));
    expect(error).toMatchObject({ code: 'command-failed', command: 'RETR', serverText: 'There is no message 9.' });
    expect(client.usable).toBe(true);
    expect(await client.uidlOne(1)).toEqual({ msg: 1, uidl: 'uid-1' });
    expect((await client.quit()).acknowledged).toBe(true);
  });

  it('streams a multi-megabyte message to a slow consumer, byte for byte', async () => {
    // Larger than the reader's high-water mark, so the socket is paused and resumed.
    const line = `${'x'.repeat(998)}\r\n`;
    const big = crlf('Subject: big', '') + line.repeat(3 * 1024) + '.dot at the end\r\n';
    const server = await start({ users: [ALICE], messages: [{ uidl: 'big', body: big }] });
    const client = await Pop3Client.connect(clientOptions(server));
    const chunks: Buffer[] = [];
    const result = await client.retr(1, async (chunk) => {
      chunks.push(Buffer.from(chunk));
      await new Promise((resolve) => setImmediate(resolve));
    });
    expect(result.octets).toBe(size(big));
    expect(Buffer.concat(chunks).equals(Buffer.from(big))).toBe(true);
    expect((await client.quit()).acknowledged).toBe(true);
  });
});

describe('Pop3Client: choosing the login method', () => {
  it("'auto' without TLS prefers CRAM-MD5, which never sends the password", async () => {
    const server = await start({ users: [ALICE], messages: MESSAGES });
    const client = await Pop3Client.connect(clientOptions(server, { auth: 'auto' }));
    expect(client.facts.authMethod).toBe('cram-md5');
    expect(await client.stat()).toMatchObject({ count: 3 });
    expect((await client.quit()).acknowledged).toBe(true);
    expect(server.sessions()[0]?.commands.slice(0, 2)).toEqual(['CAPA', 'AUTH CRAM-MD5']);
    expect(server.sessions()[0]?.user).toBe('alice');
  });

  it("'auto' takes APOP over USER/PASS when the greeting has a timestamp and there is no SASL", async () => {
    const server = await start({ users: [ALICE], apopTimestamp: true, capabilities: ['USER', 'UIDL', 'TOP'] });
    const client = await Pop3Client.connect(clientOptions(server, { auth: 'auto' }));
    expect(client.facts.authMethod).toBe('apop');
    expect((await client.quit()).acknowledged).toBe(true);
    expect(server.sessions()[0]?.commands[1]).toMatch(/^APOP alice [0-9a-f]{32}$/);
  });

  it("'auto' falls back to USER/PASS on a server that answers CAPA with -ERR (RFC 1939 only)", async () => {
    const server = await start({ users: [ALICE], rules: [{ when: { command: 'CAPA' }, reply: '-ERR Unknown command.' }] });
    const client = await Pop3Client.connect(clientOptions(server, { auth: 'auto' }));
    expect(client.facts.capabilities.known).toBe(false);
    expect(client.facts.authMethod).toBe('user');
    expect(client.pipelineWindow).toBe(1);
    expect((await client.quit()).acknowledged).toBe(true);
    expect(server.sessions()[0]?.commands).toEqual(['CAPA', 'USER alice', 'PASS alice-pw', 'QUIT']);
  });

  it('a method the server does not offer is auth-unsupported: no credentials sent, and QUIT', async () => {
    const server = await start({ users: [ALICE], capabilities: ['USER', 'UIDL'] });
    const error = await pop3Failure(Pop3Client.connect(clientOptions(server, { auth: 'cram-md5' })));
    expect(error.code).toBe('auth-unsupported');
    const record = await server.waitForSessionClosed(1);
    expect(record.commands).toEqual(['CAPA', 'QUIT']);
    expect(record.endedBy).toBe('quit');
  });

  it('re-reads CAPA after login when LOGIN-DELAY is per user (RFC 2449 §6.5)', async () => {
    const server = await start({ users: [ALICE], capabilities: ['USER', 'UIDL', 'LOGIN-DELAY 900 USER', 'EXPIRE 30'] });
    const client = await Pop3Client.connect(clientOptions(server));
    expect(client.facts.capabilities.loginDelaySeconds).toBe(900);
    expect(client.facts.capabilities.expireDays).toBe(30);
    expect((await client.quit()).acknowledged).toBe(true);
    expect(server.sessions()[0]?.commands).toEqual(['CAPA', 'USER alice', 'PASS alice-pw', 'CAPA', 'QUIT']);
  });
});
