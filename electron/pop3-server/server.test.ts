// The server through Poplar's own client and through a bare socket: what the session tests
// cannot see byte by byte (that a dropped connection has been noticed: whenUnlocked settles
// exactly then), and the rule hook changing what the server would say.
import { afterEach, describe, expect, it } from 'vitest';
import { seconds } from '../../tests/support/timeouts.ts';
import { demoMessages } from '../demo/content/catalog.ts';
import { Pop3Client } from '../pop3/client.ts';
import { Secret } from '../secrets/secret.ts';
import { rawConnect, rawLogin, type RawClient } from '../../tests/support/servers/raw-pop3.ts';
import type { Hook } from './hook.ts';
import { Pop3Server } from './server.ts';

const crlf = (...lines: string[]): Buffer => Buffer.from(lines.map((l) => `${l}\r\n`).join(''), 'ascii');
const ONE = { uidl: 'u1', bytes: crlf('Subject: one', '', 'first line', '.starts with a dot', 'third line') };
const TWO = { uidl: 'u2', bytes: crlf('Subject: two', '', 'body') };
const MESSAGES = [ONE, TWO];

const servers: Pop3Server[] = [];
const clients: RawClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.socket.destroy();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(hook?: Hook): Promise<Pop3Server> {
  const server = await Pop3Server.start({
    messages: MESSAGES,
    users: [{ name: 'ann', password: 'pw' }],
    ...(hook === undefined ? {} : { hook }),
  });
  servers.push(server);
  return server;
}

async function open(server: Pop3Server): Promise<RawClient> {
  const client = await rawConnect(server.port);
  clients.push(client);
  expect(await client.line()).toBe('+OK POP3 server ready.');
  return client;
}

it(
  'a session dropped without QUIT deletes nothing and frees the lock (RFC 1939 §6)',
  async () => {
    const server = await Pop3Server.start({ messages: demoMessages(Date.UTC(2025, 0, 1)), users: [{ name: 'demo', password: 'pw' }] });
    servers.push(server);
    const options = {
      host: '127.0.0.1',
      port: server.port,
      security: 'none',
      auth: 'user',
      credentials: { kind: 'password', user: 'demo', password: new Secret('pw') },
    } as const;
    const client = await Pop3Client.connect(options);
    const before = await client.stat();
    const marked = await client.deleMany([1, 2, 3]);
    expect(marked.marked).toEqual([1, 2, 3]);
    client.destroy();
    await server.whenUnlocked();
    expect(server.maildrop.messages).toHaveLength(before.count);

    const again = await Pop3Client.connect(options);
    expect(await again.stat()).toEqual(before);
    await again.quit();
  },
  seconds(10),
);

describe('POP3 server: the RFC 1939 state machine', () => {
  it(
    'answers TRANSACTION commands only after login, login commands only before it',
    async () => {
      const client = await open(await start());
      client.send('RETR 1\r\n');
      expect(await client.line()).toBe('-ERR Not logged in.');
      expect(await rawLogin(client, 'ann', 'pw')).toBe(
        `+OK Logged in, maildrop has 2 messages (${ONE.bytes.length + TWO.bytes.length} octets).`,
      );
      client.send('PASS pw\r\n');
      expect(await client.line()).toBe('-ERR Already logged in.');
    },
    seconds(10),
  );

  it(
    'TOP sends the header and n body lines, dot-stuffed (RFC 1939 §3, §7)',
    async () => {
      const client = await open(await start());
      await rawLogin(client, 'ann', 'pw');
      client.send('TOP 1 2\r\n');
      expect(await client.line()).toBe('+OK');
      expect(await client.multi()).toEqual(['Subject: one', '', 'first line', '..starts with a dot']);
    },
    seconds(10),
  );

  it(
    'forgets DELE marks at RSET, and commits them at QUIT in UPDATE (RFC 1939 §5, §6)',
    async () => {
      const server = await start();
      const client = await open(server);
      await rawLogin(client, 'ann', 'pw');
      client.send('DELE 1\r\nRSET\r\nDELE 2\r\nQUIT\r\n');
      expect(await client.line()).toBe('+OK Message 1 deleted.');
      expect(await client.line()).toMatch(/^\+OK maildrop has 2 messages/);
      expect(await client.line()).toBe('+OK Message 2 deleted.');
      expect(await client.line()).toBe('+OK Logging out, 1 messages deleted.');
      await client.closed;
      expect(server.maildrop.messages.map((m) => m.uidl)).toEqual(['u1']);
    },
    seconds(10),
  );
});

describe('POP3 server: the rule hook', () => {
  it(
    'changes a reply, for the moment it names only, without changing the state',
    async () => {
      const seen: string[] = [];
      const server = await start((moment) => {
        seen.push(`${moment.session}:${moment.command}:${moment.nth}:${moment.arg}`);
        return moment.command === 'NOOP' && moment.nth === 2 ? { reply: '-ERR scripted' } : undefined;
      });
      const client = await open(server);
      await rawLogin(client, 'ann', 'pw');
      client.send('NOOP\r\nNOOP\r\nNOOP\r\n');
      expect([await client.line(), await client.line(), await client.line()]).toEqual(['+OK', '-ERR scripted', '+OK']);
      expect(seen).toEqual(['1:GREETING:1:', '1:USER:1:ann', '1:PASS:1:pw', '1:LOGIN:1:ann', '1:NOOP:1:', '1:NOOP:2:', '1:NOOP:3:']);
    },
    seconds(10),
  );

  it(
    'refuses a login with a wording, and the session stays in AUTHORIZATION',
    async () => {
      const server = await start((moment) =>
        moment.command === 'LOGIN' && moment.nth === 1 ? { reply: '-ERR [SYS/TEMP] not now' } : undefined,
      );
      const client = await open(server);
      expect(await rawLogin(client, 'ann', 'pw')).toBe('-ERR [SYS/TEMP] not now');
      expect(server.locked).toBe(false);
      client.send('STAT\r\n');
      expect(await client.line()).toBe('-ERR Not logged in.');
      expect(await rawLogin(client, 'ann', 'pw')).toMatch(/^\+OK Logged in/);
    },
    seconds(10),
  );

  it(
    'cuts a response after some bytes and drops the connection, rolling the DELEs back',
    async () => {
      const server = await start((moment) => (moment.command === 'RETR' ? { dropAfterBytes: 20 } : undefined));
      const client = await open(server);
      await rawLogin(client, 'ann', 'pw');
      client.send('DELE 2\r\n');
      await client.line();
      client.send('RETR 1\r\n');
      expect(await client.rest()).toBe(`+OK ${ONE.bytes.length} octets\r\nSubject:`.slice(0, 20));
      await server.whenUnlocked();
      expect(server.maildrop.messages).toHaveLength(2);
    },
    seconds(10),
  );

  it(
    'delays and drip-feeds a reply',
    async () => {
      const server = await start((moment) => (moment.command === 'STAT' ? { delayMs: 50, drip: { bytes: 2, everyMs: 5 } } : undefined));
      const client = await open(server);
      await rawLogin(client, 'ann', 'pw');
      const started = Date.now();
      client.send('STAT\r\n');
      expect(await client.line()).toMatch(/^\+OK 2 \d+$/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(50);
    },
    seconds(10),
  );
});
