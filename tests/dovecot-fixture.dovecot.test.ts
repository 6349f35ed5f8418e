// Proves the Dovecot fixture is a real POP3 server with the behaviour TESTING.md promises,
// using raw sockets only, so a bug in our own POP3 client cannot hide a broken fixture.
import { access } from 'node:fs/promises';
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDovecot } from './support/dovecot.ts';
import { liveProcessesInGroup } from './support/servers/processes.ts';
import type { DovecotInstance } from './support/dovecot.ts';
import { DOVECOT, describeWith } from './support/requirements.ts';

/** Reads CRLF lines from a socket; bytes are kept as latin1 so they map 1:1 to chars. */
class Lines {
  private buffer = '';
  private waiters: Array<() => void> = [];
  private closed = false;
  readonly socket: net.Socket;

  constructor(socket: net.Socket) {
    this.socket = socket;
    const wake = (): void => this.waiters.splice(0).forEach((w) => w());
    socket.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('latin1');
      wake();
    });
    socket.on('close', () => {
      this.closed = true;
      wake();
    });
    socket.on('error', () => undefined); // surfaced as 'close'
  }

  async line(): Promise<string> {
    for (;;) {
      const end = this.buffer.indexOf('\r\n');
      if (end >= 0) {
        const line = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        return line;
      }
      if (this.closed) throw new Error(`connection closed; unread: ${JSON.stringify(this.buffer)}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  async command(text: string): Promise<string> {
    this.socket.write(`${text}\r\n`);
    return this.line();
  }

  /** The body of a multi-line response (RFC 1939 §3): up to ".", dot-unstuffed, CRLF kept. */
  async multiline(): Promise<string> {
    let body = '';
    for (let line = await this.line(); line !== '.'; line = await this.line()) {
      body += (line.startsWith('.') ? line.slice(1) : line) + '\r\n';
    }
    return body;
  }

  /** Resolves once the peer has closed the connection. */
  async closedByPeer(): Promise<void> {
    while (!this.closed) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }
}

function connect(port: number): Promise<Lines> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => resolve(new Lines(socket)));
    socket.once('error', reject);
  });
}

function connectTls(options: tls.ConnectionOptions): Promise<Lines> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect(options, () => resolve(new Lines(socket)));
    socket.once('error', reject);
  });
}

const crlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');

const messages = Array.from(
  { length: 12 },
  (_, i) =>
    // LF line endings on disk; a line starting with "." to see Dovecot dot-stuff it.
    `From: sender@example.org\nTo: alice@example.org\nSubject: Message ${i + 1}\n` +
    `Message-ID: <m${i + 1}@example.org>\n\nHello number ${i + 1}.\n.leading dot\nBye.\n`,
);

describeWith(DOVECOT, 'Dovecot test fixture', () => {
  let dovecot: DovecotInstance;

  beforeAll(async () => {
    dovecot = await startDovecot({ users: [{ name: 'alice', password: 'secret-a' }] });
    await dovecot.seed('alice', messages);
  });

  afterAll(async () => {
    if (dovecot === undefined) return;
    const { pid, dir } = dovecot;
    await dovecot.stop();
    expect(liveProcessesInGroup(pid)).toEqual([]);
    await expect(access(dir)).rejects.toThrow(); // temp dir removed
  });

  it('serves the seeded mailbox, in order, and refuses a second session with [IN-USE]', async () => {
    const first = await connect(dovecot.port);
    expect(await first.line()).toMatch(/^\+OK/);
    expect(await first.command('CAPA')).toMatch(/^\+OK/);
    const capa = (await first.multiline()).split('\r\n');
    for (const cap of ['UIDL', 'STLS', 'PIPELINING', 'USER', 'RESP-CODES', 'AUTH-RESP-CODE']) {
      expect(capa).toContain(cap);
    }
    expect(capa.find((c) => c.startsWith('SASL '))?.split(' ')).toEqual(expect.arrayContaining(['PLAIN', 'LOGIN', 'CRAM-MD5']));
    expect(capa.some((c) => c.startsWith('LOGIN-DELAY'))).toBe(false); // Dovecot 2.3 never sends it

    expect(await first.command('USER alice')).toMatch(/^\+OK/);
    expect(await first.command('PASS secret-a')).toMatch(/^\+OK/);
    expect(await first.command('UIDL')).toMatch(/^\+OK/);
    const uidls = (await first.multiline())
      .trimEnd()
      .split('\r\n')
      .map((l) => l.split(' ')[1]);
    expect(uidls).toHaveLength(messages.length);
    expect(new Set(uidls).size).toBe(messages.length);
    // %08Xu%08Xv: UID then UIDVALIDITY, 8 hex digits each; Dovecot's %X prints lower case.
    for (const uidl of uidls) expect(uidl).toMatch(/^[0-9a-f]{16}$/);

    expect(await first.command('RETR 1')).toMatch(/^\+OK/);
    const retrieved = await first.multiline();
    expect(retrieved).toBe(crlf(messages[0] ?? ''));
    expect(retrieved).toContain('Subject: Message 1\r\n');
    // Message n really is the n-th seeded one (so UIDs follow the seeding order, also past 9).
    for (let n = 1; n <= messages.length; n++) {
      expect(await first.command(`TOP ${n} 0`)).toMatch(/^\+OK/);
      expect(await first.multiline()).toContain(`Subject: Message ${n}\r\n`);
    }

    const second = await connect(dovecot.port);
    expect(await second.line()).toMatch(/^\+OK/);
    expect(await second.command('USER alice')).toMatch(/^\+OK/);
    const started = Date.now();
    const refusal = await second.command('PASS secret-a');
    expect(refusal).toMatch(/^-ERR \[IN-USE\] /);
    console.log(`second login refused after ${Date.now() - started} ms: ${refusal}`);
    await second.closedByPeer();

    expect(await first.command('QUIT')).toMatch(/^\+OK/);
    await first.closedByPeer();
  });

  it('offers implicit TLS with a certificate that verifies against the fixture CA only', async () => {
    const good = await connectTls({
      host: '127.0.0.1',
      port: dovecot.tlsPort,
      ca: dovecot.caPem,
      servername: 'localhost',
      rejectUnauthorized: true,
    });
    expect(await good.line()).toMatch(/^\+OK/);
    const peer = (good.socket as tls.TLSSocket).getPeerX509Certificate();
    expect(peer?.fingerprint256).toBe(dovecot.serverCertFingerprint256);
    expect(await good.command('QUIT')).toMatch(/^\+OK/);

    // No servername: Node checks the IP against the SAN IP:127.0.0.1.
    const byIp = await connectTls({ host: '127.0.0.1', port: dovecot.tlsPort, ca: dovecot.caPem });
    expect(await byIp.line()).toMatch(/^\+OK/);
    byIp.socket.destroy();

    const untrusted = connectTls({ host: '127.0.0.1', port: dovecot.tlsPort, servername: 'localhost' });
    await expect(untrusted).rejects.toMatchObject({
      code: expect.stringMatching(/^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN)$/),
    });
  });

  it('upgrades the plain port with STLS, then logs in (the earlier lock is gone)', async () => {
    const plain = await connect(dovecot.port);
    expect(await plain.line()).toMatch(/^\+OK/);
    expect(await plain.command('STLS')).toMatch(/^\+OK/);
    const secure = await connectTls({ socket: plain.socket, ca: dovecot.caPem, servername: 'localhost' });
    expect(await secure.command('USER alice')).toMatch(/^\+OK/);
    expect(await secure.command('PASS secret-a')).toMatch(/^\+OK/);
    expect(await secure.command('STAT')).toMatch(new RegExp(`^\\+OK ${messages.length} `));
    expect(await secure.command('QUIT')).toMatch(/^\+OK/);
  });

  it('answers a wrong password with [AUTH]', async () => {
    const session = await connect(dovecot.port);
    expect(await session.line()).toMatch(/^\+OK/);
    expect(await session.command('USER alice')).toMatch(/^\+OK/);
    expect(await session.command('PASS wrong')).toMatch(/^-ERR \[AUTH\] /);
    expect(await session.command('QUIT')).toMatch(/^\+OK/);
  });
});
