// The scripted POP3 server, driven by raw sockets: it must be a correct RFC 1939 server by
// default, or the fault-injection tests built on it prove nothing.
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { XOAUTH2_ERROR } from '../electron/pop3-server/sasl.ts';
import {
  DEFAULT_CAPABILITIES,
  LOCK_REFUSAL_WORDINGS,
  HOSTILE_SCENARIOS,
  dripFeed,
  dropMidRetr,
  endlessReply,
  garbageReply,
  lockRefusal,
  loginDelayCapa,
  overlongLine,
  stallOn,
  startScriptedPop3,
  type ScriptedPop3Options,
  type ScriptedPop3Server,
} from './support/scripted-pop3.ts';

/** A client end of the wire: raw bytes in, lines out. */
class Wire {
  readonly stream: Duplex;
  #buffer = Buffer.alloc(0);
  #closed = false;
  /** The code of the socket error that ended the connection, if one did. */
  errorCode: string | undefined;
  #waiters: Array<() => void> = [];
  #onData = (chunk: Buffer): void => {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    this.#notify();
  };
  #onClose = (): void => {
    this.#closed = true;
    this.#notify();
  };

  constructor(stream: Duplex) {
    this.stream = stream;
    stream.on('data', this.#onData);
    stream.on('end', this.#onClose);
    stream.on('close', this.#onClose);
    stream.on('error', (error: NodeJS.ErrnoException) => {
      this.errorCode = error.code;
    });
  }

  static async open(server: ScriptedPop3Server): Promise<Wire> {
    const socket = netConnect(server.port, server.host);
    await once(socket, 'connect');
    return new Wire(socket);
  }

  send(text: string): void {
    this.stream.write(text);
  }

  async line(): Promise<string> {
    for (;;) {
      const lf = this.#buffer.indexOf('\r\n');
      if (lf >= 0) {
        const line = this.#buffer.subarray(0, lf).toString('utf8');
        this.#buffer = this.#buffer.subarray(lf + 2);
        return line;
      }
      if (this.#closed) throw new Error(`closed before a line; left: ${JSON.stringify(this.#buffer.toString())}`);
      await this.#next();
    }
  }

  async ask(command: string): Promise<string> {
    this.send(`${command}\r\n`);
    return this.line();
  }

  /** The lines of a multi-line response after its status line, still dot-stuffed. */
  async block(): Promise<string[]> {
    const lines: string[] = [];
    for (let line = await this.line(); line !== '.'; line = await this.line()) lines.push(line);
    return lines;
  }

  /** Everything until the server closes. */
  async rest(): Promise<Buffer> {
    while (!this.#closed) await this.#next();
    const rest = this.#buffer;
    this.#buffer = Buffer.alloc(0);
    return rest;
  }

  async quietFor(ms: number): Promise<boolean> {
    const before = this.#buffer.length;
    await sleep(ms);
    return this.#buffer.length === before && !this.#closed;
  }

  get closed(): boolean {
    return this.#closed;
  }

  detach(): void {
    this.stream.off('data', this.#onData);
    this.stream.off('end', this.#onClose);
    this.stream.off('close', this.#onClose);
  }

  #next(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  #notify(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const ALICE = { name: 'alice', password: 'pw' };
const MESSAGES = [
  { uidl: 'uid-one', body: 'Subject: one\r\n\r\nHello\r\n' },
  // RFC 1939 §3: lines starting with "." must come dot-stuffed; bare LFs become CRLF.
  { uidl: 'uid-two', body: 'Subject: two\n\n.leading dot\n..two dots\n.\nend\n' },
  { uidl: 'uid-three', body: Buffer.from('Subject: three\r\n\r\nline 1\r\nline 2\r\nline 3\r\n') },
];

let servers: ScriptedPop3Server[] = [];
let wires: Wire[] = [];
async function start(options: ScriptedPop3Options = {}): Promise<ScriptedPop3Server> {
  const server = await startScriptedPop3({ users: [ALICE], messages: MESSAGES, ...options });
  servers.push(server);
  return server;
}
async function open(server: ScriptedPop3Server): Promise<Wire> {
  const wire = await Wire.open(server);
  wires.push(wire);
  return wire;
}
async function login(server: ScriptedPop3Server): Promise<Wire> {
  const wire = await open(server);
  expect(await wire.line()).toMatch(/^\+OK /);
  expect(await wire.ask('USER alice')).toMatch(/^\+OK/);
  expect(await wire.ask('PASS pw')).toMatch(/^\+OK/);
  return wire;
}

afterEach(async () => {
  for (const wire of wires) wire.stream.destroy();
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
  wires = [];
});

describe('scripted POP3 server, default behaviour', () => {
  it('serves a normal session, and QUIT removes what was deleted', async () => {
    const server = await start();
    const wire = await login(server);
    expect(await wire.ask('STAT')).toBe('+OK 3 115');
    expect(await wire.ask('UIDL')).toBe('+OK');
    expect(await wire.block()).toEqual(['1 uid-one', '2 uid-two', '3 uid-three']);
    expect(await wire.ask('LIST 2')).toBe('+OK 2 50');
    expect(await wire.ask('RETR 2')).toBe('+OK 50 octets');
    expect(await wire.block()).toEqual(['Subject: two', '', '..leading dot', '...two dots', '..', 'end']);
    expect(await wire.ask('TOP 3 1')).toBe('+OK');
    expect(await wire.block()).toEqual(['Subject: three', '', 'line 1']);
    expect(await wire.ask('DELE 1')).toMatch(/^\+OK/);
    expect(await wire.ask('DELE 1')).toMatch(/^-ERR/);
    expect(await wire.ask('RETR 1')).toMatch(/^-ERR/);
    expect(await wire.ask('LIST')).toBe('+OK 2 messages (92 octets)');
    expect(await wire.block()).toEqual(['2 50', '3 42']);
    expect(await wire.ask('QUIT')).toMatch(/^\+OK/);
    await wire.rest();

    const record = await server.waitForSessionClosed(1);
    expect(record).toMatchObject({ index: 1, endedBy: 'quit', deleted: ['uid-one'], user: 'alice' });
    expect(record.commands).toEqual([
      'USER alice',
      'PASS pw',
      'STAT',
      'UIDL',
      'LIST 2',
      'RETR 2',
      'TOP 3 1',
      'DELE 1',
      'DELE 1',
      'RETR 1',
      'LIST',
      'QUIT',
    ]);
    expect(server.mailbox().map((m) => m.uidl)).toEqual(['uid-two', 'uid-three']);
  });

  it('deletes nothing when the session ends without QUIT (RFC 1939 §6)', async () => {
    const server = await start();
    const wire = await login(server);
    expect(await wire.ask('DELE 1')).toMatch(/^\+OK/);
    expect(await wire.ask('DELE 2')).toMatch(/^\+OK/);
    wire.stream.destroy();
    const record = await server.waitForSessionClosed(1);
    expect(record).toMatchObject({ endedBy: 'client-closed', deleted: [] });
    expect(server.mailbox()).toHaveLength(3);
  });

  it('answers pipelined commands from one write in order (RFC 2449 §6.6)', async () => {
    const server = await start();
    const wire = await open(server);
    await wire.line();
    wire.send('USER alice\r\nPASS pw\r\nSTAT\r\nUIDL 3\r\nRETR 1\r\nNOOP\r\nQUIT\r\n');
    expect(await wire.line()).toBe('+OK');
    expect(await wire.line()).toMatch(/^\+OK Logged in/);
    expect(await wire.line()).toBe('+OK 3 115');
    expect(await wire.line()).toBe('+OK 3 uid-three');
    expect(await wire.line()).toBe('+OK 23 octets');
    expect(await wire.block()).toEqual(['Subject: one', '', 'Hello']);
    expect(await wire.line()).toBe('+OK');
    expect(await wire.line()).toMatch(/^\+OK Logging out/);
  });

  it('refuses a second login while a session holds the maildrop', async () => {
    const server = await start();
    await login(server);
    const second = await open(server);
    await second.line();
    await second.ask('USER alice');
    expect(await second.ask('PASS pw')).toBe(LOCK_REFUSAL_WORDINGS.dovecot.reply);
  });

  it('refuses wrong credentials with [AUTH] (RFC 3206)', async () => {
    const server = await start();
    const wire = await open(server);
    await wire.line();
    await wire.ask('USER alice');
    expect(await wire.ask('PASS wrong')).toBe('-ERR [AUTH] Authentication failed.');
    expect(await wire.ask('STAT')).toMatch(/^-ERR/);
  });

  it('shows mail delivered between sessions, and rules added and removed at run time', async () => {
    const server = await start();
    const first = await login(server);
    server.deliver({ uidl: 'uid-four', body: 'Subject: four\r\n\r\nlate\r\n' });
    // A session's maildrop is fixed at login (RFC 1939 §5 numbers it then).
    expect(await first.ask('STAT')).toBe('+OK 3 115');
    const remove = server.addRule({ when: { command: 'NOOP' }, reply: '-ERR scripted' });
    expect(await first.ask('NOOP')).toBe('-ERR scripted');
    remove();
    expect(await first.ask('NOOP')).toBe('+OK');
    await first.ask('QUIT');
    const second = await login(server);
    expect(await second.ask('UIDL 4')).toBe('+OK 4 uid-four');
  });

  it('announces the default capabilities', async () => {
    const server = await start();
    const wire = await open(server);
    await wire.line();
    expect(await wire.ask('CAPA')).toMatch(/^\+OK/);
    expect(await wire.block()).toEqual([...DEFAULT_CAPABILITIES]);
  });
});

describe('scripted POP3 server, authentication', () => {
  it('accepts APOP with the RFC 1939 §7 example', async () => {
    const server = await start({
      users: [{ name: 'mrose', password: 'tanstaaf' }],
      apopTimestamp: '<1896.697170952@dbc.mtview.ca.us>',
    });
    const wire = await open(server);
    expect(await wire.line()).toMatch(/ <1896\.697170952@dbc\.mtview\.ca\.us>$/);
    expect(await wire.ask('APOP mrose 00000000000000000000000000000000')).toMatch(/^-ERR \[AUTH\]/);
    expect(await wire.ask('APOP mrose c4c9334bac560ecc979e58001b3e22fb')).toMatch(/^\+OK/);
  });

  it('gives every greeting a fresh APOP timestamp when asked to', async () => {
    const server = await start({ apopTimestamp: true });
    const first = await open(server);
    const second = await open(server);
    const stamp = /<\d+\.\d+\.\d+@[^>]+>$/;
    const [a, b] = [await first.line(), await second.line()];
    expect(a).toMatch(stamp);
    expect(b).toMatch(stamp);
    expect(a).not.toBe(b);
  });

  it('accepts CRAM-MD5 with the RFC 2195 example', async () => {
    const server = await start({
      users: [{ name: 'tim', password: 'tanstaaftanstaaf' }],
      cramMd5Challenge: '<1896.697170952@postoffice.reston.mci.net>',
    });
    const wire = await open(server);
    await wire.line();
    expect(await wire.ask('AUTH CRAM-MD5')).toBe('+ PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+');
    expect(await wire.ask('dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw')).toMatch(/^\+OK/);
  });

  it('accepts AUTH PLAIN with an initial response and after "+ " (RFC 5034 §4)', async () => {
    const server = await start();
    const wire = await open(server);
    await wire.line();
    expect(await wire.ask(`AUTH PLAIN ${b64('\0alice\0wrong')}`)).toBe('-ERR [AUTH] Authentication failed.');
    expect(await wire.ask('AUTH PLAIN')).toBe('+ ');
    expect(await wire.ask('*')).toMatch(/^-ERR/);
    expect(await wire.ask('AUTH PLAIN')).toBe('+ ');
    expect(await wire.ask(b64('\0alice\0pw'))).toMatch(/^\+OK/);
  });

  it('accepts AUTH LOGIN, with and without the user name up front', async () => {
    const server = await start({ exclusiveLock: false });
    for (const initial of [true, false]) {
      const wire = await open(server);
      await wire.line();
      if (initial) {
        expect(await wire.ask(`AUTH LOGIN ${b64('alice')}`)).toBe(`+ ${b64('Password:')}`);
      } else {
        expect(await wire.ask('AUTH LOGIN')).toBe(`+ ${b64('Username:')}`);
        expect(await wire.ask(b64('alice'))).toBe(`+ ${b64('Password:')}`);
      }
      expect(await wire.ask(b64('pw'))).toMatch(/^\+OK/);
    }
  });

  it('accepts a good XOAUTH2 token and answers a bad one as Gmail does', async () => {
    const server = await start({ xoauth2Tokens: { alice: 'tok-1' } });
    const wire = await open(server);
    await wire.line();
    await wire.ask('CAPA');
    expect(await wire.block()).toContain('SASL PLAIN LOGIN CRAM-MD5 XOAUTH2');
    const bad = b64('user=alice\x01auth=Bearer nope\x01\x01');
    expect(await wire.ask(`AUTH XOAUTH2 ${bad}`)).toBe(`+ ${b64(JSON.stringify(XOAUTH2_ERROR))}`);
    expect(await wire.ask('')).toBe('-ERR [AUTH] Authentication failed.');
    expect(await wire.ask(`AUTH XOAUTH2 ${b64('user=alice\x01auth=Bearer tok-1\x01\x01')}`)).toMatch(/^\+OK/);
    wire.stream.destroy();
    expect((await server.waitForSessionClosed(1)).commands).toEqual([
      'CAPA',
      `AUTH XOAUTH2 ${bad}`,
      '',
      `AUTH XOAUTH2 ${b64('user=alice\x01auth=Bearer tok-1\x01\x01')}`,
    ]);
  });
});

describe('scripted POP3 server, STLS (RFC 2595 §4)', () => {
  let dir = '';
  let tls: { key: string; cert: string };
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'scripted-pop3-tls-'));
    const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost',
      ],
      { stdio: 'ignore' },
    );
    tls = { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('upgrades the connection and drops plaintext pipelined after STLS', async () => {
    const server = await start({ tls });
    const plain = await open(server);
    await plain.line();
    await plain.ask('CAPA');
    expect(await plain.block()).toContain('STLS');
    // "USER alice" rides in the same packet as STLS: it must not count inside TLS.
    plain.send('STLS\r\nUSER alice\r\n');
    expect(await plain.line()).toBe('+OK Begin TLS negotiation.');
    plain.detach();
    const secureSocket = tlsConnect({ socket: plain.stream as never, ca: tls.cert, servername: 'localhost' });
    await once(secureSocket, 'secureConnect');
    const secure = new Wire(secureSocket);
    wires.push(secure);
    expect(await secure.ask('PASS pw')).toBe('-ERR No username given.');
    await secure.ask('CAPA');
    expect(await secure.block()).not.toContain('STLS');
    expect(await secure.ask('STLS')).toMatch(/^-ERR/);
    expect(await secure.ask('USER alice')).toBe('+OK');
    expect(await secure.ask('PASS pw')).toMatch(/^\+OK/);
    expect(await secure.ask('STAT')).toBe('+OK 3 115');
    expect(await secure.ask('QUIT')).toMatch(/^\+OK/);
    await secure.rest();
    expect(await server.waitForSessionClosed(1)).toMatchObject({ endedBy: 'quit', user: 'alice' });
  });
});

describe('scripted POP3 server, faults', () => {
  it.each(Object.entries(LOCK_REFUSAL_WORDINGS))('sends the %s lock refusal at PASS', async (_id, wording) => {
    const server = await start({ rules: [lockRefusal(wording)] });
    const wire = await open(server);
    await wire.line();
    await wire.ask('USER alice');
    expect(await wire.ask('PASS pw')).toBe(wording.reply);
    // A refusal leaves the session in AUTHORIZATION.
    expect(await wire.ask('STAT')).toMatch(/^-ERR/);
  });

  it('refuses at the LOGIN moment after any authentication, only in the session asked for', async () => {
    const server = await start({
      rules: [lockRefusal(LOCK_REFUSAL_WORDINGS.cyrus, 'LOGIN', { session: 1, close: 'end' })],
    });
    const first = await open(server);
    await first.line();
    expect(await first.ask(`AUTH PLAIN ${b64('\0alice\0pw')}`)).toBe(LOCK_REFUSAL_WORDINGS.cyrus.reply);
    await first.rest();
    expect(await server.waitForSessionClosed(1)).toMatchObject({ endedBy: 'server-closed', user: null });
    await login(server);
  });

  it('cuts RETR after dropAfterBytes bytes', async () => {
    const body = `Subject: big\r\n\r\n${'0123456789abcdef\r\n'.repeat(100)}`;
    const server = await start({ messages: [{ uidl: 'big', body }], rules: [dropMidRetr(1, 100, { once: true })] });
    const wire = await login(server);
    wire.send('RETR 1\r\n');
    const got = await wire.rest();
    expect(got).toHaveLength(100);
    expect(got.toString()).toMatch(/^\+OK 1816 octets\r\nSubject: big/);
    const record = await server.waitForSessionClosed(1);
    expect(record).toMatchObject({ endedBy: 'server-closed', deleted: [] });
    // The once rule is gone: the next session gets the whole message.
    const again = await login(server);
    expect(await again.ask('RETR 1')).toBe('+OK 1816 octets');
    expect(await again.block()).toHaveLength(102);
  });

  it('resets the connection when asked to', async () => {
    const server = await start({ rules: [{ when: { command: 'NOOP' }, reply: '+OK', close: 'reset' }] });
    const wire = await login(server);
    wire.send('NOOP\r\n');
    await wire.rest();
    expect(wire.errorCode).toBe('ECONNRESET');
    expect(await server.waitForSessionClosed(1)).toMatchObject({ endedBy: 'server-closed' });
  });

  it('never answers a stalled command', async () => {
    const server = await start({ rules: [stallOn('STAT')] });
    const wire = await login(server);
    wire.send('STAT\r\nNOOP\r\n');
    expect(await wire.quietFor(200)).toBe(true);
    expect(server.activeSessionCount()).toBe(1);
    wire.stream.destroy();
    const record = await server.waitForSessionClosed(1);
    expect(record).toMatchObject({ endedBy: 'client-closed' });
    expect(record.commands.slice(-2)).toEqual(['STAT', 'NOOP']);
  });

  it('delays a reply by delayMs', async () => {
    const server = await start({ rules: [{ when: { command: 'NOOP', nth: 2 }, delayMs: 150 }] });
    const wire = await login(server);
    expect(await wire.ask('NOOP')).toBe('+OK');
    const started = Date.now();
    expect(await wire.ask('NOOP')).toBe('+OK');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('sends an over-long line of exactly the length asked for', async () => {
    const server = await start({ rules: [overlongLine('CAPA', 2000)] });
    const wire = await open(server);
    await wire.line();
    const line = await wire.ask('CAPA');
    expect(Buffer.byteLength(`${line}\r\n`)).toBe(2000);
    expect(line).toMatch(/^\+OK x+$/);
  });

  it('sends raw bytes and scripted greetings', async () => {
    const server = await start({
      rules: [
        { when: { command: 'GREETING', session: 1 }, reply: '-ERR [SYS/TEMP] Try later', close: 'end' },
        { when: { command: 'NOOP' }, raw: '+OK bare LF\n', once: true },
      ],
    });
    const refused = await open(server);
    expect((await refused.rest()).toString()).toBe('-ERR [SYS/TEMP] Try later\r\n');
    const wire = await login(server);
    wire.send('NOOP\r\nNOOP\r\n');
    expect(await wire.line()).toBe('+OK bare LF\n+OK');
  });

  it('announces LOGIN-DELAY and refuses with [LOGIN-DELAY] (RFC 2449 §6.5, §8.1.1)', async () => {
    const delay = loginDelayCapa(900, { session: 2 });
    const server = await start({ capabilities: delay.capabilities, rules: [delay.refusal] });
    const first = await login(server);
    await first.ask('CAPA');
    expect(await first.block()).toContain('LOGIN-DELAY 900');
    await first.ask('QUIT');
    const second = await open(server);
    await second.line();
    await second.ask('USER alice');
    expect(await second.ask('PASS pw')).toBe('-ERR [LOGIN-DELAY] Logins must be at least 900 seconds apart');
  });

  it('enforces loginDelaySeconds by its clock', async () => {
    let now = 1_000_000;
    const server = await start({ loginDelaySeconds: 300, clock: () => now });
    const first = await login(server);
    await first.ask('CAPA');
    expect(await first.block()).toContain('LOGIN-DELAY 300');
    await first.ask('QUIT');
    now += 299_000;
    const early = await open(server);
    await early.line();
    await early.ask('USER alice');
    expect(await early.ask('PASS pw')).toMatch(/^-ERR \[LOGIN-DELAY\]/);
    now += 1_000;
    expect(await early.ask('USER alice')).toBe('+OK');
    expect(await early.ask('PASS pw')).toMatch(/^\+OK/);
  });
});

describe('scripted POP3 server, hostile faults (issue 11)', () => {
  it('drip-feeds a reply a few bytes at a time, complete in the end', async () => {
    const server = await start({ rules: [dripFeed('UIDL', 3, 10)] });
    const wire = await login(server);
    const started = Date.now();
    expect(await wire.ask('UIDL')).toBe('+OK');
    expect(await wire.block()).toEqual(['1 uid-one', '2 uid-two', '3 uid-three']);
    // "+OK\r\n" + 3 lines + ".\r\n" is 42 bytes: 14 pieces, 10 ms apart.
    expect(Date.now() - started).toBeGreaterThanOrEqual(120);
    expect(await wire.ask('NOOP')).toBe('+OK');
  });

  it('drip-feeds a scripted reply, and stops when the client hangs up', async () => {
    const server = await start({ rules: [dripFeed('STAT', 1, 20, { reply: `+OK ${'9'.repeat(500)}` })] });
    const wire = await login(server);
    wire.send('STAT\r\n');
    await sleep(100);
    wire.stream.destroy();
    expect(await server.waitForSessionClosed(1)).toMatchObject({ endedBy: 'client-closed' });
  });

  it('sends a multi-line reply that never ends, until the client goes', async () => {
    const server = await start({ rules: [endlessReply('RETR', 5, 2, { arg: '2' })] });
    const wire = await login(server);
    expect(await wire.ask('RETR 1')).toMatch(/^\+OK/);
    await wire.block();
    expect(await wire.ask('RETR 2')).toBe('+OK');
    const lines: string[] = [];
    for (let i = 0; i < 20; i++) lines.push(await wire.line());
    expect(new Set(lines)).toEqual(new Set(['X'.repeat(998)]));
    wire.stream.destroy();
    expect(await server.waitForSessionClosed(1)).toMatchObject({ endedBy: 'client-closed' });
  });

  it('lists a message with the size it is told to lie about, and sends the real one', async () => {
    const server = await start({ messages: [{ uidl: 'liar', body: `Subject: big\r\n\r\n${'y'.repeat(5000)}\r\n`, listedSize: 100 }] });
    const wire = await login(server);
    expect(await wire.ask('STAT')).toBe('+OK 1 100');
    expect(await wire.ask('LIST 1')).toBe('+OK 1 100');
    expect(await wire.ask('LIST')).toMatch(/^\+OK/);
    expect(await wire.block()).toEqual(['1 100']);
    expect(await wire.ask('RETR 1')).toMatch(/^\+OK/);
    expect((await wire.block()).join('\r\n').length).toBeGreaterThan(5000);
  });

  it('answers with garbage that is not POP3', async () => {
    const server = await start({ rules: [garbageReply('NOOP')] });
    const wire = await login(server);
    expect(await wire.ask('NOOP')).not.toMatch(/^[+-]/);
  });

  it('builds every named scenario with messages and, where the fault needs one, a rule', () => {
    for (const [name, build] of Object.entries(HOSTILE_SCENARIOS)) {
      const scenario = build();
      expect(scenario.name).toBe(name);
      expect(scenario.messages.length, name).toBeGreaterThan(0);
      const fine = name === 'lying-list-size' || name === 'duplicate-uidls'; // faults in the data
      expect(scenario.rules.length > 0 || fine, name).toBe(true);
    }
    const duplicates = HOSTILE_SCENARIOS['duplicate-uidls']().messages.map((m) => m.uidl);
    expect(new Set(duplicates).size).toBe(duplicates.length - 1);
  });
});

describe('scripted POP3 server, records', () => {
  it('records open and close times from its clock, and how each session ended', async () => {
    let now = 5_000;
    const server = await start({ clock: () => now });
    const wire = await login(server);
    now = 9_000;
    await wire.ask('QUIT');
    expect(await server.waitForSessionClosed(1)).toMatchObject({ openedAt: 5_000, closedAt: 9_000, endedBy: 'quit' });
    const dropped = await open(server);
    await dropped.line();
    now = 12_000;
    dropped.stream.end();
    expect(await server.waitForSessionClosed(2)).toMatchObject({
      openedAt: 9_000,
      closedAt: 12_000,
      endedBy: 'client-closed',
    });
    expect(server.sessions().map((s) => s.endedBy)).toEqual(['quit', 'client-closed']);
  });

  it('counts overlapping sessions, and not sequential ones', async () => {
    const server = await start();
    for (let i = 0; i < 3; i++) {
      const wire = await login(server);
      await wire.ask('QUIT');
    }
    expect(server.maxConcurrentSessions).toBe(1);
    const [a, b] = [await open(server), await open(server)];
    await a.line();
    await b.line();
    expect(server.activeSessionCount()).toBe(2);
    expect(server.maxConcurrentSessions).toBe(2);
    a.stream.destroy();
    b.stream.destroy();
    await server.waitForSessionClosed(5);
    await server.waitForSessionClosed(4);
    expect(server.activeSessionCount()).toBe(0);
  });

  it('closes open connections on close()', async () => {
    const server = await start({ rules: [stallOn('GREETING')] });
    const wire = await open(server);
    const pending = server.waitForSessionClosed(1);
    await server.close();
    await wire.rest();
    expect(await pending).toMatchObject({ endedBy: 'server-closed' });
  });
});
