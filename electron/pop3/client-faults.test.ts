// Pop3Client when the server or the network misbehaves: every fault ends in a Pop3Error with
// a code a program can act on, within the timeouts, and the connection is closed.
import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { dropMidRetr, overlongLine, stallOn } from '../../tests/support/scripted-pop3.ts';
import { Pop3Client } from './client.ts';
import { ALICE, clientOptions, crlf, pop3Failure, sink, useScriptedServers } from './fixtures/scripted-client.ts';
import { MAX_RESPONSE_LINE_OCTETS } from './limits.ts';
import { TranscriptRecorder, type ClientLine } from './transcript.ts';

const start = useScriptedServers();

const BODY = crlf('Subject: fault', '', ...Array.from({ length: 200 }, (_, i) => `line ${i} of a message that is cut off`));
const MESSAGES = [
  { uidl: 'a', body: crlf('Subject: a', '', 'first') },
  { uidl: 'b', body: BODY },
  { uidl: 'c', body: crlf('Subject: c', '', 'third') },
];

/** Times `promise`, so a test can check a timeout fired at about the time it should. */
async function timed<T>(promise: Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await promise;
  return { value, ms: performance.now() - t0 };
}

describe('Pop3Client: the connection breaks', () => {
  for (const close of ['end', 'reset'] as const) {
    it(`a drop in the middle of RETR (${close}) is connection-closed, and QUIT is not trusted`, async () => {
      const server = await start({ users: [ALICE], messages: MESSAGES, rules: [dropMidRetr(2, 300, { close })] });
      const client = await Pop3Client.connect(clientOptions(server));
      const body = sink();
      const error = await pop3Failure(client.retr(2, body.consume));
      expect(error.code).toBe('connection-closed');
      expect(body.bytes().length).toBeLessThan(300);
      expect(client.usable).toBe(false);
      expect(await client.quit()).toEqual({ acknowledged: false, text: null });
      expect(server.mailbox()).toHaveLength(3);
    });
  }

  it('a drop during a pipelined retrMany settles what arrived and rejects with connection-closed', async () => {
    const server = await start({ users: [ALICE], messages: MESSAGES, rules: [dropMidRetr(2, 300)] });
    const client = await Pop3Client.connect(clientOptions(server));
    const settled: number[] = [];
    const error = await pop3Failure(
      client.retrMany(
        [1, 2, 3],
        () => sink().consume,
        ({ msg }) => void settled.push(msg),
      ),
    );
    expect(error.code).toBe('connection-closed');
    expect(settled).toEqual([1]);
    expect((await client.quit()).acknowledged).toBe(false);
  });

  it('a server that closes right after its greeting is connection-closed', async () => {
    const server = await start({ rules: [{ when: { command: 'GREETING' }, reply: '+OK hello', close: 'end' }] });
    const error = await pop3Failure(Pop3Client.connect(clientOptions(server)));
    expect(error.code).toBe('connection-closed');
  });

  it('a closed port is connection-refused', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const error = await pop3Failure(Pop3Client.connect(clientOptions({ host: '127.0.0.1', port })));
    expect(error.code).toBe('connection-refused');
  });
});

describe('Pop3Client: a server that stops answering', () => {
  it('a command that is never answered times out after the idle timeout', async () => {
    const server = await start({ users: [ALICE], messages: MESSAGES, rules: [stallOn('STAT')] });
    const client = await Pop3Client.connect(clientOptions(server, { idleTimeoutMs: 300 }));
    const { value: error, ms } = await timed(pop3Failure(client.stat()));
    expect(error.code).toBe('timeout');
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(1500);
    expect(client.usable).toBe(false);
    expect((await client.quit()).acknowledged).toBe(false);
    expect(server.sessions()[0]?.commands).toEqual(['CAPA', 'USER alice', 'PASS alice-pw', 'STAT']);
  });

  it('a stall in the middle of a body times out too', async () => {
    // Half the body, then silence: the drop rule without the drop.
    const rawHalf = `+OK ${Buffer.byteLength(BODY)} octets\r\n${BODY.slice(0, 200)}`;
    const server = await start({ users: [ALICE], messages: MESSAGES, rules: [{ when: { command: 'RETR' }, raw: rawHalf }] });
    const client = await Pop3Client.connect(clientOptions(server, { idleTimeoutMs: 300 }));
    const error = await pop3Failure(client.retr(2, sink().consume));
    expect(error.code).toBe('timeout');
    client.destroy();
  });

  it('a greeting that never comes times out within the connect budget', async () => {
    const server = await start({ rules: [stallOn('GREETING')] });
    const { value: error, ms } = await timed(
      pop3Failure(Pop3Client.connect(clientOptions(server, { connectBudgetMs: 300, idleTimeoutMs: 5000 }))),
    );
    expect(error.code).toBe('timeout');
    expect(ms).toBeLessThan(1500);
  });

  it('a PASS that is never answered is login-stalled (a server waiting on a mailbox lock), and does not hang', async () => {
    const server = await start({ users: [ALICE], rules: [stallOn('PASS')] });
    const error = await pop3Failure(Pop3Client.connect(clientOptions(server, { idleTimeoutMs: 300 })));
    expect(error.code).toBe('login-stalled');
    expect(error.command).toBe('PASS');
    const record = await server.waitForSessionClosed(1);
    expect(record.endedBy).toBe('client-closed');
  });

  it('a USER that is never answered stays a timeout: the silence began before the credentials', async () => {
    const server = await start({ users: [ALICE], rules: [stallOn('USER')] });
    const error = await pop3Failure(Pop3Client.connect(clientOptions(server, { idleTimeoutMs: 300 })));
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/USER/);
  });
});

describe('Pop3Client: a server that breaks the protocol', () => {
  it('a garbage status line is protocol', async () => {
    const server = await start({
      users: [ALICE],
      messages: MESSAGES,
      rules: [{ when: { command: 'STAT' }, raw: 'HTTP/1.1 400 Bad Request\r\n' }],
    });
    const client = await Pop3Client.connect(clientOptions(server));
    const error = await pop3Failure(client.stat());
    expect(error.code).toBe('protocol');
    expect(error.serverText).toBe('HTTP/1.1 400 Bad Request');
    // Which reply is which is unknown from here on, so the connection is not used again.
    expect(client.usable).toBe(false);
    expect((await client.quit()).acknowledged).toBe(false);
  });

  it('after a garbage reply in a pipeline, a later +OK is not taken for the answer to QUIT', async () => {
    // RETR 2 gets garbage instead of its reply; the reply to RETR 3 still follows. The client
    // cannot tell which reply is which any more, so the "+OK" it reads next must not count
    // as QUIT's: that would report DELE 1 as committed (RFC 1939 §6) on no evidence.
    const server = await start({
      users: [ALICE],
      messages: MESSAGES,
      rules: [{ when: { command: 'RETR', arg: '2' }, raw: 'garbage instead of a status\r\n' }],
    });
    const client = await Pop3Client.connect(clientOptions(server));
    await client.dele(1);
    const settled: number[] = [];
    const error = await pop3Failure(
      client.retrMany(
        [2, 3],
        () => sink().consume,
        ({ msg }) => void settled.push(msg),
      ),
    );
    expect(error.code).toBe('protocol');
    expect(settled).toEqual([]);
    expect(client.usable).toBe(false);
    expect(await client.quit()).toEqual({ acknowledged: false, text: null });
  });

  it('a line longer than MAX_RESPONSE_LINE_OCTETS is line-too-long', async () => {
    const server = await start({ users: [ALICE], rules: [overlongLine('STAT', MAX_RESPONSE_LINE_OCTETS + 100)] });
    const client = await Pop3Client.connect(clientOptions(server));
    const error = await pop3Failure(client.stat());
    expect(error.code).toBe('line-too-long');
    expect(client.usable).toBe(false);
    expect((await client.quit()).acknowledged).toBe(false);
  });

  it('bytes without any line end are line-too-long once past the limit, not buffered for ever', async () => {
    const server = await start({ users: [ALICE], rules: [{ when: { command: 'STAT' }, raw: 'x'.repeat(MAX_RESPONSE_LINE_OCTETS * 4) }] });
    const client = await Pop3Client.connect(clientOptions(server));
    expect((await pop3Failure(client.stat())).code).toBe('line-too-long');
    client.destroy();
  });

  it('a line at the limit is still read (RFC 2449 §4’s 512 is exceeded by real servers)', async () => {
    const server = await start({ users: [ALICE], rules: [overlongLine('NOOP', MAX_RESPONSE_LINE_OCTETS + 2)] });
    const client = await Pop3Client.connect(clientOptions(server));
    await client.noop();
    expect((await client.quit()).acknowledged).toBe(true);
  });

  it('a server that ends lines with a bare LF still works', async () => {
    const lf = (...lines: string[]): string => lines.map((line) => `${line}\n`).join('');
    const server = await start({
      rules: [
        { when: { command: 'GREETING' }, raw: lf('+OK bare LF server ready') },
        { when: { command: 'CAPA' }, raw: lf('+OK', 'USER', 'UIDL', 'TOP', '.') },
        { when: { command: 'USER' }, raw: lf('+OK') },
        { when: { command: 'PASS' }, raw: lf('+OK logged in') },
        { when: { command: 'STAT' }, raw: lf('+OK 1 28') },
        { when: { command: 'UIDL' }, raw: lf('+OK', '1 lf-1', '.') },
        { when: { command: 'RETR' }, raw: lf('+OK', 'Subject: lf', '', '..dot', 'body', '.') },
        { when: { command: 'QUIT' }, raw: lf('+OK bye'), close: 'end' },
      ],
    });
    const client = await Pop3Client.connect(clientOptions(server));
    expect(await client.stat()).toEqual({ count: 1, octets: 28 });
    expect(await client.uidl()).toEqual([{ msg: 1, uidl: 'lf-1' }]);
    const body = sink();
    await client.retr(1, body.consume);
    expect(body.text()).toBe('Subject: lf\n\n.dot\nbody\n');
    expect(await client.quit()).toEqual({ acknowledged: true, text: 'bye' });
  });
});

describe('Pop3Client: the greeting', () => {
  for (const banner of ['220 smtp.example.com ESMTP', '* OK [CAPABILITY IMAP4rev1] Dovecot ready.', 'SSH-2.0-OpenSSH_9.2p1']) {
    it(`"${banner}" is bad-greeting (the wrong port)`, async () => {
      const server = await start({ rules: [{ when: { command: 'GREETING' }, raw: `${banner}\r\n` }] });
      const error = await pop3Failure(Pop3Client.connect(clientOptions(server)));
      expect(error.code).toBe('bad-greeting');
      expect(error.serverText).toBe(banner);
      const record = await server.waitForSessionClosed(1);
      expect(record.commands.filter((c) => /^(USER|PASS|AUTH|APOP)/.test(c))).toEqual([]);
    });
  }

  const refusals = [
    { reply: '-ERR [SYS/TEMP] Too busy, try again later', code: 'server-temporary', certain: true, responseCode: 'SYS/TEMP' },
    { reply: '-ERR [IN-USE] Mailbox is locked by another POP3 session.', code: 'mailbox-locked', certain: true, responseCode: 'IN-USE' },
    { reply: '-ERR go away', code: 'server-temporary', certain: false, responseCode: null },
  ] as const;
  for (const refusal of refusals) {
    it(`a greeting "${refusal.reply}" is ${refusal.code}`, async () => {
      const server = await start({ rules: [{ when: { command: 'GREETING' }, reply: refusal.reply, close: 'end' }] });
      const error = await pop3Failure(Pop3Client.connect(clientOptions(server)));
      expect(error).toMatchObject({ code: refusal.code, certain: refusal.certain, responseCode: refusal.responseCode, command: null });
    });
  }

  it('after a -ERR greeting on a connection that stays open, the client says QUIT', async () => {
    const server = await start({ rules: [{ when: { command: 'GREETING' }, reply: '-ERR [SYS/TEMP] Too busy' }] });
    expect((await pop3Failure(Pop3Client.connect(clientOptions(server)))).code).toBe('server-temporary');
    expect((await server.waitForSessionClosed(1)).endedBy).toBe('quit');
  });
});

describe('Pop3Client: stopping a session with an AbortSignal', () => {
  /** A recorder that aborts right after the client has sent `verb`. */
  function abortAfter(verb: string, controller: AbortController): TranscriptRecorder {
    return new (class extends TranscriptRecorder {
      override client(line: ClientLine): void {
        super.client(line);
        if (line.kind === 'command' && line.verb === verb) queueMicrotask(() => controller.abort());
      }
    })(Date.now);
  }

  it('an abort during a stalled command is aborted, at once', async () => {
    const server = await start({ users: [ALICE], messages: MESSAGES, rules: [stallOn('RETR')] });
    const controller = new AbortController();
    const client = await Pop3Client.connect(
      clientOptions(server, { idleTimeoutMs: 3000, signal: controller.signal, transcript: abortAfter('RETR', controller) }),
    );
    const { value: error, ms } = await timed(pop3Failure(client.retr(1, sink().consume)));
    expect(error.code).toBe('aborted');
    expect(ms).toBeLessThan(1000);
    expect(client.usable).toBe(false);
    expect((await client.quit()).acknowledged).toBe(false);
  });

  it('an abort during a stalled login is aborted', async () => {
    const server = await start({ users: [ALICE], rules: [stallOn('PASS')] });
    const controller = new AbortController();
    const error = await pop3Failure(
      Pop3Client.connect(
        clientOptions(server, { idleTimeoutMs: 3000, signal: controller.signal, transcript: abortAfter('PASS', controller) }),
      ),
    );
    expect(error.code).toBe('aborted');
  });

  it('an abort while the connection is being opened is aborted, not a login', async () => {
    const server = await start({ users: [ALICE] });
    const controller = new AbortController();
    const connecting = Pop3Client.connect(clientOptions(server, { signal: controller.signal }));
    controller.abort(); // the TCP connect is still under way
    expect((await pop3Failure(connecting)).code).toBe('aborted');
    if (server.sessions().length > 0) {
      const record = await server.waitForSessionClosed(1);
      expect(record.commands).toEqual([]);
    }
  });

  it('a signal aborted before connecting is aborted, and nothing is opened', async () => {
    const server = await start({ users: [ALICE] });
    const error = await pop3Failure(Pop3Client.connect(clientOptions(server, { signal: AbortSignal.abort() })));
    expect(error.code).toBe('aborted');
    expect(server.sessions()).toEqual([]);
  });
});
