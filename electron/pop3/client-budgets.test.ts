// Total time budgets (issue 11, item 3), the login that stalls after PASS (issue 10), and a
// consumer that stops storing while the reader drains (issue 11, item 5), against the
// scripted server with limits shrunk to fractions of a second.
import { describe, expect, it } from 'vitest';
import { dripFeed, endlessReply, stallOn, type ScriptedMessage } from '../../tests/support/scripted-pop3.ts';
import { Pop3Client } from './client.ts';
import { describePop3Error } from './errors.ts';
import { isStepFailureResult } from './commands/pipeline.ts';
import { ALICE, clientOptions, crlf, pop3Failure, sink, useScriptedServers } from './fixtures/scripted-client.ts';
import type { Pop3Limits } from './limits.ts';
import { STOP_CONSUMING, type BodyConsumer } from './reader.ts';
import { TranscriptRecorder } from './transcript.ts';

const start = useScriptedServers();

const MESSAGES: ScriptedMessage[] = Array.from({ length: 5 }, (_, i) => ({
  uidl: `m${i + 1}`,
  body: crlf(`Subject: budget ${i + 1}`, '', ...Array.from({ length: 40 }, (_, j) => `line ${j} of message ${i + 1}`)),
}));

async function timed<T>(promise: Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await promise;
  return { value, ms: performance.now() - t0 };
}

/** Idle 2 s everywhere (no silence here lasts that long); the total budgets are what is tested. */
function fast(limits: Partial<Pop3Limits>) {
  return { limits: { idleTimeoutMs: 2000, ...limits } };
}

describe('Pop3Client: every command has a total budget', () => {
  it('a UIDL listing dripped one byte at a time ends with a timeout naming UIDL, and the connection is dropped', async () => {
    const server = await start({ users: [ALICE], messages: MESSAGES, rules: [dripFeed('UIDL', 1, 20)] });
    const transcript = new TranscriptRecorder(Date.now);
    const client = await Pop3Client.connect(clientOptions(server, { transcript, ...fast({ listingBudgetMs: 400, listingFloorMs: 400 }) }));
    const { value: error, ms } = await timed(pop3Failure(client.uidl()));
    expect(error.code).toBe('timeout');
    expect(error.command).toBe('UIDL');
    expect(error.message).toBe('the server took longer than 0.4 s to send its UIDL listing');
    // What a person reads names it too, and it is not blamed on the network.
    expect(describePop3Error(error)).toContain('took longer than 0.4 s to send its UIDL listing');
    expect(
      transcript
        .entries()
        .filter((e) => e.dir === '*')
        .map((e) => e.line),
    ).toContain('the server took longer than 0.4 s to send its UIDL listing; the connection was dropped');
    expect(ms).toBeGreaterThanOrEqual(350);
    expect(ms).toBeLessThan(1500);
    expect(client.usable).toBe(false);
    expect((await client.quit()).acknowledged).toBe(false);
    expect((await server.waitForSessionClosed(1)).endedBy).toBe('client-closed');
  });

  it('the listing budget grows with the count STAT gave', async () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ uidl: `u${i}`, body: crlf(`Subject: ${i}`, '', 'x') }));
    // 40 lines of ~5 octets at 10 octets per 10 ms: ~250 ms, over the fixed 150 ms budget but
    // inside the floor plus 40 × 10 ms.
    const server = await start({ users: [ALICE], messages: many, rules: [dripFeed('UIDL', 10, 10)] });
    const client = await Pop3Client.connect(
      clientOptions(server, fast({ listingBudgetMs: 150, listingFloorMs: 150, listingPerEntryMs: 10 })),
    );
    expect((await client.stat()).count).toBe(40);
    expect(await client.uidl()).toHaveLength(40);
    expect((await client.quit()).acknowledged).toBe(true);
  });

  it('a CAPA list that never ends is a timeout naming CAPA', async () => {
    const server = await start({ users: [ALICE], rules: [dripFeed('CAPA', 1, 20)] });
    const error = await pop3Failure(Pop3Client.connect(clientOptions(server, fast({ capaBudgetMs: 300 }))));
    expect(error.code).toBe('timeout');
    expect(error.message).toBe('the server took longer than 0.3 s to send its CAPA list');
  });

  it('a status line dripped byte by byte is bounded too (STAT)', async () => {
    const server = await start({
      users: [ALICE],
      messages: MESSAGES,
      rules: [dripFeed('STAT', 1, 30, { reply: `+OK 5 ${'9'.repeat(200)}` })],
    });
    const client = await Pop3Client.connect(clientOptions(server, fast({ statusBudgetMs: 300 })));
    const error = await pop3Failure(client.stat());
    expect(error.code).toBe('timeout');
    expect(error.message).toBe('the server took longer than 0.3 s to send its reply to STAT');
  });

  it('RETR gets a floor plus its LIST size at the minimum rate; a never-ending body is cut off', async () => {
    const server = await start({ users: [ALICE], messages: MESSAGES, rules: [endlessReply('RETR', 5, 4, { arg: '2' })] });
    const client = await Pop3Client.connect(clientOptions(server, fast({ retrieveFloorMs: 300, retrieveMinOctetsPerS: 1e9 })));
    const sizes = await client.list();
    const body = sink();
    const { value: error, ms } = await timed(pop3Failure(client.retr(2, body.consume)));
    expect(error.code).toBe('timeout');
    expect(error.command).toBe('RETR');
    expect(error.message).toBe(`the server took longer than 0.3 s to send message 2 (RETR, listed as ${sizes[1]?.octets} octets)`);
    expect(ms).toBeLessThan(1500);
    expect(body.bytes().length).toBeGreaterThan(0); // it was streaming all along: only the total bound stopped it
    expect(client.usable).toBe(false);
    client.destroy();
  });

  it('a large listed size earns a longer RETR budget', async () => {
    const big = { uidl: 'big', body: crlf('Subject: big', '', ...Array.from({ length: 200 }, () => 'z'.repeat(98))) };
    // ~20 KB at 2 KB per 20 ms: ~200 ms, over the 100 ms floor; 20 KB at 50 KB/s adds 400 ms.
    const server = await start({ users: [ALICE], messages: [big], rules: [dripFeed('RETR', 2000, 20)] });
    const client = await Pop3Client.connect(clientOptions(server, fast({ retrieveFloorMs: 100, retrieveMinOctetsPerS: 50_000 })));
    await client.list();
    const result = await client.retr(1, sink().consume);
    expect(result).toMatchObject({ msg: 1, stopped: false, listed: Buffer.byteLength(big.body) });
    expect((await client.quit()).acknowledged).toBe(true);
  });

  it('pipelined RETRs: each reply has its own budget, counted from the end of the one before', async () => {
    // Each of 5 replies takes ~150 ms (dripped); together ~750 ms, past one 300 ms budget.
    const server = await start({ users: [ALICE], messages: MESSAGES, rules: [dripFeed('RETR', 100, 10)] });
    const client = await Pop3Client.connect(clientOptions(server, fast({ retrieveFloorMs: 300, retrieveMinOctetsPerS: 1e9 })));
    await client.list();
    const settled: number[] = [];
    const { ms } = await timed(
      client.retrMany(
        [1, 2, 3, 4, 5],
        () => sink().consume,
        ({ msg, result }) => {
          expect(isStepFailureResult(result), `message ${msg}`).toBe(false);
          settled.push(msg);
        },
      ),
    );
    expect(settled).toEqual([1, 2, 3, 4, 5]);
    expect(ms).toBeGreaterThan(300);
    expect((await client.quit()).acknowledged).toBe(true);
  });
});

describe('Pop3Client: a login that stalls after the credentials (issue 10)', () => {
  it('silence after PASS is login-stalled after the longer login wait, and the transcript says where it began', async () => {
    const server = await start({ users: [ALICE], rules: [stallOn('PASS')] });
    const transcript = new TranscriptRecorder(Date.now);
    const { value: error, ms } = await timed(
      pop3Failure(Pop3Client.connect(clientOptions(server, { transcript, ...fast({ loginStallMs: 600 }) }))),
    );
    expect(error.code).toBe('login-stalled');
    expect(error.command).toBe('PASS');
    expect(error.certain).toBe(true);
    expect(error.message).toMatch(/sent nothing for 0\.6 s after PASS/);
    expect(ms).toBeGreaterThanOrEqual(550);
    expect(ms).toBeLessThan(2000);
    const lines = transcript.entries().map((e) => `${e.dir} ${e.line}`);
    expect(lines).toContain('C PASS [redacted]');
    expect(
      lines.some((l) => /^\* no answer to PASS for 0\.6 s/.test(l)),
      lines.join('\n'),
    ).toBe(true);
    expect(lines.join('\n')).not.toContain(ALICE.password);
  });

  it('the login wait is longer than the idle timeout: a PASS answered after 2× idle still logs in', async () => {
    const server = await start({ users: [ALICE], rules: [{ when: { command: 'PASS' }, delayMs: 500, reply: '+OK Logged in.' }] });
    const client = await Pop3Client.connect(clientOptions(server, { limits: { idleTimeoutMs: 200, loginStallMs: 2000 } }));
    expect(client.facts.authMethod).toBe('user');
    expect((await client.quit()).acknowledged).toBe(true);
  });

  it('silence after APOP is login-stalled too', async () => {
    const server = await start({ users: [ALICE], apopTimestamp: true, rules: [stallOn('APOP')] });
    const error = await pop3Failure(Pop3Client.connect(clientOptions(server, { auth: 'apop', ...fast({ loginStallMs: 300 }) })));
    expect(error.code).toBe('login-stalled');
    expect(error.command).toBe('APOP');
  });

  it('silence after AUTH PLAIN with its credentials is login-stalled', async () => {
    const server = await start({ users: [ALICE], rules: [stallOn('AUTH')] });
    const error = await pop3Failure(Pop3Client.connect(clientOptions(server, { auth: 'plain', ...fast({ loginStallMs: 300 }) })));
    expect(error.code).toBe('login-stalled');
    expect(error.command).toBe('AUTH');
  });

  it('a server that hangs up after a silence at PASS is login-stalled, not certain', async () => {
    const server = await start({ users: [ALICE], rules: [{ when: { command: 'PASS' }, delayMs: 400, reply: [], close: 'end' }] });
    const transcript = new TranscriptRecorder(Date.now);
    const error = await pop3Failure(
      Pop3Client.connect(clientOptions(server, { transcript, ...fast({ loginStallMs: 3000, loginStallCloseMs: 300 }) })),
    );
    expect(error.code).toBe('login-stalled');
    expect(error.certain).toBe(false);
    expect(error.message).toMatch(/after PASS and closed the connection/);
    expect(
      transcript.entries().some((e) => e.dir === '*' && /^no answer to PASS for .* then the server closed the connection$/.test(e.line)),
    ).toBe(true);
  });

  it('a server that hangs up at once after PASS stays connection-closed', async () => {
    const server = await start({ users: [ALICE], rules: [{ when: { command: 'PASS' }, reply: [], close: 'end' }] });
    const error = await pop3Failure(Pop3Client.connect(clientOptions(server, fast({ loginStallMs: 3000, loginStallCloseMs: 300 }))));
    expect(error.code).toBe('connection-closed');
  });

  it('a greeting that never comes stays a timeout (network or server), within the connect budget', async () => {
    const server = await start({ users: [ALICE], rules: [stallOn('GREETING')] });
    const error = await pop3Failure(Pop3Client.connect(clientOptions(server, { connectBudgetMs: 300, ...fast({ loginStallMs: 5000 }) })));
    expect(error.code).toBe('timeout');
    expect(error.message).toBe('the server took longer than 0.3 s to send its greeting');
  });
});

describe('Pop3Client: a consumer that stops storing (size limits while receiving)', () => {
  it('STOP_CONSUMING: the consumer gets no more, the reader drains to the end, and the next message is in step', async () => {
    const server = await start({ users: [ALICE], messages: MESSAGES });
    const client = await Pop3Client.connect(clientOptions(server));
    const kept: Buffer[] = [];
    let calls = 0;
    const first: BodyConsumer = (chunk) => {
      calls++;
      const room = 100 - Buffer.concat(kept).length;
      kept.push(Buffer.from(chunk.subarray(0, Math.max(0, room))));
      return Buffer.concat(kept).length >= 100 ? STOP_CONSUMING : undefined;
    };
    const results: Array<{ msg: number; octets: number; received: number; stopped: boolean }> = [];
    await client.retrMany(
      [1, 2],
      (msg) => (msg === 1 ? first : sink().consume),
      ({ result }) => {
        if (isStepFailureResult(result)) throw result.error;
        results.push(result);
      },
    );
    const size1 = Buffer.byteLength(MESSAGES[0]?.body ?? '');
    expect(Buffer.concat(kept).toString('latin1')).toBe((MESSAGES[0]?.body as string).slice(0, 100));
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(results[0]).toMatchObject({ msg: 1, received: size1, stopped: true });
    // `octets` counts the chunks handed over (the last one whole, the consumer kept part of it).
    expect(results[0]?.octets).toBeLessThanOrEqual(size1);
    expect(results[1]).toMatchObject({ msg: 2, stopped: false, received: Buffer.byteLength(MESSAGES[1]?.body ?? '') });
    expect((await client.quit()).acknowledged).toBe(true);
  });

  it('an async consumer can stop too', async () => {
    const server = await start({ users: [ALICE], messages: MESSAGES });
    const client = await Pop3Client.connect(clientOptions(server));
    const result = await client.retr(3, async () => STOP_CONSUMING);
    expect(result.stopped).toBe(true);
    expect(result.received).toBe(Buffer.byteLength(MESSAGES[2]?.body ?? ''));
    expect(await client.noop()).toBeUndefined(); // still in step
    expect((await client.quit()).acknowledged).toBe(true);
  });
});
