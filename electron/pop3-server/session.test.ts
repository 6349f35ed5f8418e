// The server byte by byte, worded as the demo's: RFC 1939 answers in every state, and what a misbehaving
// client gets (garbage, overlong lines, endless bad commands, wrong passwords, silence).
import { afterEach, describe, expect, it } from 'vitest';
import { rawConnect, rawLogin, type RawClient } from '../../tests/support/servers/raw-pop3.ts';
import { DEMO_BANNER } from '../demo/mailbox.ts';
import type { Hook } from './hook.ts';
import { MAX_BAD_COMMANDS, MAX_COMMAND_LINE_OCTETS, MAX_CONNECTIONS } from './limits.ts';
import type { MaildropMessage } from './maildrop.ts';
import { Pop3Server } from './server.ts';

const crlf = (...lines: string[]): Buffer => Buffer.from(lines.map((l) => `${l}\r\n`).join(''), 'ascii');
const DOTTED: MaildropMessage = { uidl: 'uid-dots', bytes: crlf('Subject: dots', '', '.leading dot', '.', '..two', 'end') };
const PLAIN: MaildropMessage = { uidl: 'uid-plain', bytes: crlf('Subject: plain', 'From: a@example.com', '', 'one', 'two', 'three') };

const servers: Pop3Server[] = [];
const clients: RawClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.socket.destroy();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function setup(idleTimeoutMs?: number, hook?: Hook): Promise<{ server: Pop3Server; open: () => Promise<RawClient> }> {
  const server = await Pop3Server.start({
    messages: [DOTTED, PLAIN],
    users: [{ name: 'demo', password: 'secret words' }],
    replies: { banner: DEMO_BANNER },
    ...(idleTimeoutMs === undefined ? {} : { limits: { idleTimeoutMs } }),
    ...(hook === undefined ? {} : { hook }),
  });
  servers.push(server);
  const open = async (): Promise<RawClient> => {
    const client = await rawConnect(server.port);
    clients.push(client);
    return client;
  };
  return { server, open };
}

async function loggedIn(): Promise<{ server: Pop3Server; client: RawClient }> {
  const { server, open } = await setup();
  const client = await open();
  expect(await client.line()).toBe('+OK Poplar demo mailbox ready.');
  expect(await rawLogin(client, 'demo', 'secret words')).toMatch(/^\+OK Logged in/);
  return { server, client };
}

describe('POP3 server: RFC 1939 answers', () => {
  it('greets, lists its capabilities, and takes a password with spaces (RFC 1939 §7 PASS)', async () => {
    const { open } = await setup();
    const client = await open();
    expect(await client.line()).toMatch(/^\+OK /);
    client.send('capa\r\n');
    expect(await client.line()).toMatch(/^\+OK/);
    expect(await client.multi()).toEqual(['TOP', 'UIDL', 'USER', 'RESP-CODES', 'AUTH-RESP-CODE', 'PIPELINING']);
    expect(await rawLogin(client, 'demo', 'secret words')).toBe(
      '+OK Logged in, maildrop has 2 messages (' + (DOTTED.bytes.length + PLAIN.bytes.length) + ' octets).',
    );
  });

  it('answers STAT, LIST, UIDL with and without an argument', async () => {
    const { client } = await loggedIn();
    client.send('STAT\r\n');
    expect(await client.line()).toBe(`+OK 2 ${DOTTED.bytes.length + PLAIN.bytes.length}`);
    client.send('LIST\r\n');
    expect(await client.line()).toMatch(/^\+OK 2 messages/);
    expect(await client.multi()).toEqual([`1 ${DOTTED.bytes.length}`, `2 ${PLAIN.bytes.length}`]);
    client.send('LIST 2\r\n');
    expect(await client.line()).toBe(`+OK 2 ${PLAIN.bytes.length}`);
    client.send('UIDL\r\n');
    expect(await client.line()).toBe('+OK');
    expect(await client.multi()).toEqual(['1 uid-dots', '2 uid-plain']);
    client.send('UIDL 1\r\n');
    expect(await client.line()).toBe('+OK 1 uid-dots');
    client.send('LIST 3\r\n');
    expect(await client.line()).toBe('-ERR There is no message 3.');
    client.send('LIST x\r\n');
    expect(await client.line()).toBe('-ERR Invalid message number.');
  });

  it('dot-stuffs RETR and cuts TOP after the asked number of body lines (RFC 1939 §3, §7)', async () => {
    const { client } = await loggedIn();
    client.send('RETR 1\r\n');
    expect(await client.line()).toBe(`+OK ${DOTTED.bytes.length} octets`);
    expect(await client.multi()).toEqual(['Subject: dots', '', '..leading dot', '..', '...two', 'end']);
    client.send('TOP 2 1\r\n');
    expect(await client.line()).toBe('+OK');
    expect(await client.multi()).toEqual(['Subject: plain', 'From: a@example.com', '', 'one']);
    client.send('TOP 2 0\r\n');
    await client.line();
    expect(await client.multi()).toEqual(['Subject: plain', 'From: a@example.com', '']);
    client.send('TOP 2 x\r\n');
    expect(await client.line()).toBe('-ERR Invalid number of lines.');
  });

  it('marks with DELE, refuses the marked message, and unmarks with RSET', async () => {
    const { client } = await loggedIn();
    client.send('DELE 1\r\n');
    expect(await client.line()).toBe('+OK Message 1 deleted.');
    client.send('RETR 1\r\n');
    expect(await client.line()).toBe('-ERR Message 1 is deleted.');
    client.send('STAT\r\n');
    expect(await client.line()).toBe(`+OK 1 ${PLAIN.bytes.length}`);
    client.send('UIDL\r\n');
    await client.line();
    expect(await client.multi()).toEqual(['2 uid-plain']);
    client.send('RSET\r\n');
    expect(await client.line()).toMatch(/^\+OK maildrop has 2 messages/);
    client.send('NOOP\r\n');
    expect(await client.line()).toBe('+OK');
  });

  it('QUIT in TRANSACTION removes the marked messages and closes (RFC 1939 §6)', async () => {
    const { server, client } = await loggedIn();
    client.send('DELE 2\r\n');
    await client.line();
    client.send('QUIT\r\n');
    expect(await client.line()).toBe('+OK Logging out, 1 messages deleted.');
    await client.closed;
    expect(server.maildrop.messages.map((m) => m.uidl)).toEqual(['uid-dots']);
    expect(server.locked).toBe(false);
  });

  it('answers pipelined commands in order (RFC 2449 §6.6), bare LF line ends too', async () => {
    const { client } = await loggedIn();
    client.send('STAT\r\nUIDL 2\nNOOP\r\nLIST 1\r\n');
    expect(await client.line()).toMatch(/^\+OK 2 /);
    expect(await client.line()).toBe('+OK 2 uid-plain');
    expect(await client.line()).toBe('+OK');
    expect(await client.line()).toBe(`+OK 1 ${DOTTED.bytes.length}`);
  });

  it('refuses transaction commands before login and login commands after it', async () => {
    const { open } = await setup();
    const client = await open();
    await client.line();
    client.send('STAT\r\n');
    expect(await client.line()).toBe('-ERR Not logged in.');
    client.send('PASS secret words\r\n');
    expect(await client.line()).toBe('-ERR No user name given.');
    expect(await rawLogin(client, 'demo', 'secret words')).toMatch(/^\+OK/);
    client.send('USER demo\r\n');
    expect(await client.line()).toBe('-ERR Already logged in.');
    client.send('QUIT\r\n');
    expect(await client.line()).toMatch(/^\+OK/);
  });
});

describe('POP3 server: bad input', () => {
  it('survives garbage bytes and keeps answering', async () => {
    const { client } = await loggedIn();
    client.send(Buffer.from([0x00, 0xff, 0xfe, 0x1b, 0x5b, 0x41, 0x0d, 0x0a]));
    expect(await client.line()).toBe('-ERR Unknown command.');
    client.send('\r\n');
    expect(await client.line()).toBe('-ERR Unknown command.');
    client.send('RETR 1 2\r\n');
    expect(await client.line()).toBe('-ERR Syntax error.');
    client.send('LIST  1\r\n');
    expect(await client.line()).toBe('-ERR Syntax error.');
    client.send('RETR 99999999999999999999\r\n');
    expect(await client.line()).toBe('-ERR Invalid message number.');
    client.send('NOOP\r\n');
    expect(await client.line()).toBe('+OK');
  });

  it('drops a line longer than the limit, in whatever pieces it arrives, and reads on', async () => {
    const { client } = await loggedIn();
    const long = 'X'.repeat(MAX_COMMAND_LINE_OCTETS * 4);
    client.send(long.slice(0, 700));
    client.send(long.slice(700));
    client.send('\r\nNOOP\r\n');
    expect(await client.line()).toBe('-ERR Line too long.');
    expect(await client.line()).toBe('+OK');
    // Exactly at the limit is still a command.
    client.send(`NOOP${' '.repeat(MAX_COMMAND_LINE_OCTETS - 4)}\r\n`);
    expect(await client.line()).toBe('-ERR Syntax error.');
  });

  it(`hangs up after ${MAX_BAD_COMMANDS} bad commands in a row`, async () => {
    const { server, client } = await loggedIn();
    client.send('BOGUS\r\n'.repeat(MAX_BAD_COMMANDS));
    const rest = await client.rest();
    expect(rest.split('\r\n').filter((l) => l === '-ERR Unknown command.')).toHaveLength(MAX_BAD_COMMANDS);
    expect(rest).toMatch(/-ERR Too many bad commands\.\r\n$/);
    await server.whenUnlocked();
    expect(server.maildrop.messages).toHaveLength(2);
  });

  it('refuses a wrong password with [AUTH] and hangs up after three', async () => {
    const { open } = await setup();
    const client = await open();
    await client.line();
    for (let i = 0; i < 3; i++) expect(await rawLogin(client, 'demo', 'guess')).toBe('-ERR [AUTH] Authentication failed.');
    await client.closed;
    const other = await open();
    await other.line();
    expect(await rawLogin(other, 'someone', 'secret words')).toBe('-ERR [AUTH] Authentication failed.');
  });

  it('logs an idle client out without UPDATE (RFC 1939 §3)', async () => {
    const { server, open } = await setup(50);
    const client = await open();
    await client.line();
    await rawLogin(client, 'demo', 'secret words');
    client.send('DELE 1\r\n');
    await client.line();
    expect(await client.rest()).toBe('-ERR Disconnected for inactivity.\r\n');
    await server.whenUnlocked();
    expect(server.maildrop.messages).toHaveLength(2);
  });

  it(`turns away connection number ${MAX_CONNECTIONS + 1} with [SYS/TEMP]`, async () => {
    const { open } = await setup();
    const first: RawClient[] = [];
    for (let i = 0; i < MAX_CONNECTIONS; i++) {
      const client = await open();
      await client.line();
      first.push(client);
    }
    const extra = await open();
    expect(await extra.rest()).toBe('-ERR [SYS/TEMP] Too many connections, try again later.\r\n');
  });
});

describe('POP3 server: the maildrop lock', () => {
  it('refuses a second login while a session holds the maildrop, and lets it in afterwards', async () => {
    const { server, open } = await setup();
    const first = await open();
    await first.line();
    expect(await rawLogin(first, 'demo', 'secret words')).toMatch(/^\+OK/);
    const second = await open();
    await second.line();
    expect(await rawLogin(second, 'demo', 'secret words')).toBe('-ERR [IN-USE] Mailbox is locked by another POP3 session.');
    first.send('QUIT\r\n');
    await first.closed;
    expect(server.locked).toBe(false);
    expect(await rawLogin(second, 'demo', 'secret words')).toMatch(/^\+OK Logged in/);
  });

  it("a LOGIN hook (the demo's hold) refuses every login until released, without touching an open session", async () => {
    let held = false;
    const { server, open } = await setup(undefined, (moment) =>
      held && moment.command === 'LOGIN' ? { reply: server.settings.replies.locked } : undefined,
    );
    const open1 = await open();
    await open1.line();
    await rawLogin(open1, 'demo', 'secret words');
    held = true;
    open1.send('STAT\r\n');
    expect(await open1.line()).toMatch(/^\+OK 2 /);
    open1.send('QUIT\r\n');
    await open1.closed;
    const client = await open();
    await client.line();
    expect(await rawLogin(client, 'demo', 'secret words')).toBe('-ERR [IN-USE] Mailbox is locked by another POP3 session.');
    held = false;
    expect(await rawLogin(client, 'demo', 'secret words')).toMatch(/^\+OK Logged in/);
  });

  it('a new message reaches the next session, not the open one (RFC 1939 §5 numbering)', async () => {
    const { server, client } = await loggedIn();
    server.add({ uidl: 'uid-new', bytes: crlf('Subject: new', '', 'hi') });
    client.send('STAT\r\n');
    expect(await client.line()).toMatch(/^\+OK 2 /);
    client.send('QUIT\r\n');
    await client.closed;
    const next = await rawConnect(server.port);
    clients.push(next);
    await next.line();
    await rawLogin(next, 'demo', 'secret words');
    next.send('UIDL 3\r\n');
    expect(await next.line()).toBe('+OK 3 uid-new');
  });

  it('close ends open sessions without UPDATE', async () => {
    const { server, client } = await loggedIn();
    client.send('DELE 1\r\n');
    await client.line();
    await server.close();
    await client.closed;
    expect(server.maildrop.messages).toHaveLength(2);
  });
});
