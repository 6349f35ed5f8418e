// Pop3Client's bulk transfers: retrMany and deleMany, pipelined when the server offers
// PIPELINING (RFC 2449 §6.6) and one at a time when it does not. A failure of one message
// (a -ERR, a consumer that cannot store it) settles that message alone.
import { describe, expect, it } from 'vitest';
import { stallOn } from '../../tests/support/scripted-pop3.ts';
import { Pop3Client, type RetrieveOutcome } from './client.ts';
import { ConsumerError, isStepFailureResult } from './commands/pipeline.ts';
import { isPop3Error } from './errors.ts';
import { ALICE, clientOptions, crlf, pop3Failure, useScriptedServers } from './fixtures/scripted-client.ts';
import { PIPELINE_WINDOW } from './limits.ts';
import type { BodyConsumer } from './reader.ts';

const start = useScriptedServers();

/** Fifty messages of different sizes, each with stuffed dots somewhere. */
const MESSAGES = Array.from({ length: 50 }, (_, i) => ({
  uidl: `uid-${i + 1}`,
  body: crlf(
    `Subject: message ${i + 1}`,
    '',
    `${'.'.repeat((i % 3) + 1)}dots`,
    ...Array.from({ length: i * 7 }, (_, j) => `line ${j} of ${i + 1}`),
    '.',
  ),
}));
const ALL = MESSAGES.map((_, i) => i + 1);
const NO_PIPELINING = ['TOP', 'UIDL', 'USER', 'RESP-CODES', 'AUTH-RESP-CODE', 'SASL PLAIN'];

/** retrMany into memory: what each message received and how it settled, in settle order. */
async function retrieveAll(client: Pop3Client, msgs: readonly number[], open?: (msg: number) => BodyConsumer) {
  const bodies = new Map<number, Buffer[]>();
  const outcomes: RetrieveOutcome[] = [];
  await client.retrMany(
    msgs,
    (msg) => {
      const chunks: Buffer[] = [];
      bodies.set(msg, chunks);
      const inner = open?.(msg);
      return (chunk) => {
        chunks.push(Buffer.from(chunk));
        return inner?.(chunk);
      };
    },
    (outcome) => void outcomes.push(outcome),
  );
  const text = (msg: number): string => Buffer.concat(bodies.get(msg) ?? []).toString('latin1');
  return { outcomes, text };
}

describe('Pop3Client.retrMany', () => {
  it('retrieves 50 messages pipelined, every byte right and in order', async () => {
    const server = await start({ users: [ALICE], messages: MESSAGES });
    const client = await Pop3Client.connect(clientOptions(server));
    expect(client.pipelineWindow).toBe(PIPELINE_WINDOW);
    const { outcomes, text } = await retrieveAll(client, ALL);
    expect(outcomes.map((o) => o.msg)).toEqual(ALL);
    for (const { msg, result } of outcomes) {
      expect(isStepFailureResult(result), `message ${msg}`).toBe(false);
      expect(text(msg), `message ${msg}`).toBe(MESSAGES[msg - 1]?.body);
      expect(result).toMatchObject({ msg, octets: Buffer.byteLength(MESSAGES[msg - 1]?.body ?? ''), stopped: false });
    }
    expect((await client.quit()).acknowledged).toBe(true);
    expect(server.sessions()[0]?.commands.filter((c) => c.startsWith('RETR'))).toEqual(ALL.map((n) => `RETR ${n}`));
  });

  it('keeps a window of commands in flight with PIPELINING, and one without', async () => {
    // The stalled server never answers RETR 1 but records what arrives after it.
    for (const [capabilities, window] of [
      [undefined, 5],
      [NO_PIPELINING, 1],
    ] as const) {
      const server = await start({ users: [ALICE], messages: MESSAGES, capabilities, rules: [stallOn('RETR')] });
      const client = await Pop3Client.connect(clientOptions(server, { pipelineWindow: 5, idleTimeoutMs: 300 }));
      expect(client.pipelineWindow).toBe(window);
      expect((await pop3Failure(retrieveAll(client, ALL))).code).toBe('timeout');
      client.destroy();
      const record = await server.waitForSessionClosed(1);
      expect(record.commands.filter((c) => c.startsWith('RETR'))).toEqual(ALL.slice(0, window).map((n) => `RETR ${n}`));
    }
  });

  it('without PIPELINING, the window is 1 and every message is still right', async () => {
    const server = await start({ users: [ALICE], messages: MESSAGES, capabilities: NO_PIPELINING });
    const client = await Pop3Client.connect(clientOptions(server));
    expect(client.facts.capabilities.pipelining).toBe(false);
    expect(client.pipelineWindow).toBe(1);
    const { outcomes, text } = await retrieveAll(client, ALL);
    expect(outcomes.map((o) => o.msg)).toEqual(ALL);
    for (const msg of ALL) expect(text(msg)).toBe(MESSAGES[msg - 1]?.body);
    expect((await client.quit()).acknowledged).toBe(true);
  });

  for (const { reply, code } of [
    { reply: '-ERR Message 3 is being delivered.', code: 'command-failed' },
    { reply: '-ERR [SYS/TEMP] Message 3 is unavailable, try later.', code: 'server-temporary' },
  ]) {
    it(`a "${reply}" to one RETR settles that message as failed (${code}) and the others go on`, async () => {
      const server = await start({
        users: [ALICE],
        messages: MESSAGES.slice(0, 6),
        rules: [{ when: { command: 'RETR', arg: '3' }, reply }],
      });
      const client = await Pop3Client.connect(clientOptions(server));
      const { outcomes, text } = await retrieveAll(client, [1, 2, 3, 4, 5, 6]);
      expect(outcomes.map((o) => o.msg)).toEqual([1, 2, 3, 4, 5, 6]);
      for (const { msg, result } of outcomes) {
        if (msg === 3) {
          expect(isStepFailureResult(result) && isPop3Error(result.error) && result.error.code).toBe(code);
          expect(text(3)).toBe('');
        } else {
          expect(isStepFailureResult(result), `message ${msg}`).toBe(false);
          expect(text(msg)).toBe(MESSAGES[msg - 1]?.body);
        }
      }
      expect(client.usable).toBe(true);
      expect((await client.quit()).acknowledged).toBe(true);
    });
  }

  for (const how of ['throws', 'rejects'] as const) {
    it(`a consumer that ${how} for one message fails that message (ConsumerError); the rest succeed and the session QUITs`, async () => {
      const server = await start({ users: [ALICE], messages: MESSAGES.slice(0, 6) });
      const client = await Pop3Client.connect(clientOptions(server));
      const diskFull = new Error('ENOSPC: no space left on device');
      const { outcomes, text } = await retrieveAll(client, [1, 2, 3, 4, 5, 6], (msg) => () => {
        if (msg !== 4) return undefined;
        if (how === 'throws') throw diskFull;
        return Promise.reject(diskFull);
      });
      expect(outcomes.map((o) => o.msg)).toEqual([1, 2, 3, 4, 5, 6]);
      for (const { msg, result } of outcomes) {
        if (msg === 4) {
          expect(isStepFailureResult(result) && result.error).toBeInstanceOf(ConsumerError);
          expect(isStepFailureResult(result) && result.error.cause).toBe(diskFull);
        } else {
          expect(text(msg), `message ${msg}`).toBe(MESSAGES[msg - 1]?.body);
        }
      }
      // The failed message's reply was read to its end: the session is still in step.
      expect(await client.uidlOne(5)).toEqual({ msg: 5, uidl: 'uid-5' });
      expect((await client.quit()).acknowledged).toBe(true);
      expect(server.sessions()[0]?.endedBy).toBe('quit');
    });
  }

  it('an open() that throws for one message fails that message only (ConsumerError)', async () => {
    const server = await start({ users: [ALICE], messages: MESSAGES.slice(0, 6) });
    const client = await Pop3Client.connect(clientOptions(server));
    const cannotCreate = new Error('EACCES: cannot create the file');
    const outcomes: RetrieveOutcome[] = [];
    await client.retrMany(
      [1, 2, 3, 4, 5, 6],
      (msg) => {
        if (msg === 2) throw cannotCreate;
        return () => undefined;
      },
      (outcome) => void outcomes.push(outcome),
    );
    expect(outcomes.map(({ msg, result }) => [msg, isStepFailureResult(result) ? result.error.cause : 'ok'])).toEqual([
      [1, 'ok'],
      [2, cannotCreate],
      [3, 'ok'],
      [4, 'ok'],
      [5, 'ok'],
      [6, 'ok'],
    ]);
    expect(await client.uidlOne(6)).toEqual({ msg: 6, uidl: 'uid-6' });
    expect((await client.quit()).acknowledged).toBe(true);
  });

  it('a settle that throws ends the run, and the replies left in flight are never read as QUIT’s', async () => {
    const server = await start({ users: [ALICE], messages: MESSAGES.slice(0, 6) });
    const client = await Pop3Client.connect(clientOptions(server));
    await client.dele(6);
    const dbDown = new Error('database is locked');
    const run = client.retrMany(
      [1, 2, 3, 4, 5],
      () => () => undefined,
      ({ msg }) => {
        if (msg === 2) throw dbDown;
      },
    );
    await expect(run).rejects.toBe(dbDown);
    // RETR 3–5 were pipelined and their replies are unread: the next "+OK" is RETR 3's, not
    // QUIT's. The session cannot go on; DELE 6 must not be reported as committed.
    expect(client.usable).toBe(false);
    expect(await client.quit()).toEqual({ acknowledged: false, text: null });
    expect((await server.waitForSessionClosed(1)).deleted).toEqual([]);
    expect(server.mailbox()).toHaveLength(6);
  });

  it('settles one message at a time, in order, awaiting each settle', async () => {
    const server = await start({ users: [ALICE], messages: MESSAGES.slice(0, 10) });
    const client = await Pop3Client.connect(clientOptions(server));
    const events: string[] = [];
    await client.retrMany(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      (msg) => () => void events.push(`data ${msg}`),
      async ({ msg }) => {
        events.push(`settle ${msg}`);
        await new Promise((resolve) => setImmediate(resolve));
        events.push(`settled ${msg}`);
      },
    );
    const order = events.filter((e, i) => e !== events[i - 1]); // one "data" per run of chunks
    expect(order).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].flatMap((m) => [`data ${m}`, `settle ${m}`, `settled ${m}`]));
    expect((await client.quit()).acknowledged).toBe(true);
  });
});

describe('Pop3Client.deleMany', () => {
  it('marks every message, and QUIT removes them all', async () => {
    const server = await start({ users: [ALICE], messages: MESSAGES });
    const client = await Pop3Client.connect(clientOptions(server));
    expect(await client.deleMany(ALL)).toEqual({ marked: ALL, refused: [] });
    expect(await client.stat()).toEqual({ count: 0, octets: 0 });
    expect((await client.quit()).acknowledged).toBe(true);
    expect(server.mailbox()).toEqual([]);
    expect(server.sessions()[0]?.deleted).toEqual(MESSAGES.map((m) => m.uidl));
  });

  it('reports the messages the server refused and marks the others', async () => {
    const server = await start({ users: [ALICE], messages: MESSAGES.slice(0, 5), capabilities: NO_PIPELINING });
    const client = await Pop3Client.connect(clientOptions(server));
    await client.dele(2);
    const { marked, refused } = await client.deleMany([1, 2, 3, 9]);
    expect(marked).toEqual([1, 3]);
    expect(refused.map((r) => [r.msg, isPop3Error(r.error) && r.error.code])).toEqual([
      [2, 'command-failed'],
      [9, 'command-failed'],
    ]);
    expect((await client.quit()).acknowledged).toBe(true);
    expect(server.mailbox().map((m) => m.uidl)).toEqual(['uid-4', 'uid-5']);
  });
});
