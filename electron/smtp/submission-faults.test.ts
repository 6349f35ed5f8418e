// sendMessage and testSmtp against a scripted SMTP server on loopback that misbehaves on cue:
// the failures a real Postfix will not produce on demand (a drop during DATA, 4yz after the
// final ".", a submission port without STARTTLS).
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SmtpError } from './failure.ts';
import { sendMessage } from './send.ts';
import type { SmtpSettings } from './settings.ts';
import { testSmtp } from './test-smtp.ts';

type Step = 'rcpt' | 'data-bytes' | 'final-dot';
interface Script {
  /** Where the server breaks: close the connection, or answer `reply`. */
  readonly at?: Step;
  readonly reply?: string;
  readonly ehlo?: string[];
}

const servers: net.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** A one-connection-at-a-time SMTP server (no PIPELINING, so each command gets its reply). */
async function scripted(script: Script): Promise<number> {
  const server = net.createServer((socket) => {
    let buffer = '';
    let inData = false;
    const act = (step: Step, normal: string): void => {
      if (script.at !== step) return void socket.write(normal);
      if (script.reply) socket.write(`${script.reply}\r\n`);
      else socket.destroy();
    };
    socket.write('220 scripted ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      if (inData) {
        if (script.at === 'data-bytes') return void socket.destroy();
        if (!buffer.includes('\r\n.\r\n')) return;
        inData = false;
        buffer = '';
        return act('final-dot', '250 2.0.0 Ok: queued\r\n');
      }
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO')
          socket.write(
            ['scripted', ...(script.ehlo ?? ['SIZE 100000', '8BITMIME'])]
              .map((l, i, all) => `250${i === all.length - 1 ? ' ' : '-'}${l}\r\n`)
              .join(''),
          );
        else if (verb === 'MAIL') socket.write('250 2.1.0 Ok\r\n');
        else if (verb === 'RCPT') act('rcpt', '250 2.1.5 Ok\r\n');
        else if (verb === 'DATA') {
          inData = true;
          socket.write('354 End data with <CR><LF>.<CR><LF>\r\n');
        } else if (verb === 'QUIT') socket.end('221 2.0.0 Bye\r\n');
        else socket.write('502 5.5.2 Error: command not recognized\r\n');
      }
    });
    socket.on('error', () => undefined);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

const settings = (port: number, over: Partial<SmtpSettings> = {}): SmtpSettings => ({ host: '127.0.0.1', port, security: 'none', ...over });
const raw = Buffer.from('From: <a@example.test>\r\nTo: <b@example.test>\r\nSubject: t\r\n\r\n' + 'body line\r\n'.repeat(2000));
const envelope = { from: 'a@example.test', to: ['b@example.test'] };

async function failure(promise: Promise<unknown>): Promise<SmtpError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SmtpError);
  return error as SmtpError;
}

describe('sendMessage under faults', () => {
  it('sends when nothing goes wrong (the script itself works)', async () => {
    const sent = await sendMessage(settings(await scripted({})), envelope, raw);
    expect(sent.response).toBe('250 2.0.0 Ok: queued');
  });

  it('a connection dropped while the message bytes travel: dropped-during-data, outcome unknown', async () => {
    const error = await failure(sendMessage(settings(await scripted({ at: 'data-bytes' })), envelope, raw));
    expect(error.kind).toBe('dropped-during-data');
  });

  it('a connection dropped after the final "." without a reply: dropped-during-data', async () => {
    const error = await failure(sendMessage(settings(await scripted({ at: 'final-dot' })), envelope, raw));
    expect(error.kind).toBe('dropped-during-data');
  });

  it('a connection dropped at RCPT, before DATA: unreachable (nothing was sent, a retry is safe)', async () => {
    const error = await failure(sendMessage(settings(await scripted({ at: 'rcpt' })), envelope, raw));
    expect(error.kind).toBe('unreachable');
  });

  it('451 after the final ".": temporary', async () => {
    const error = await failure(
      sendMessage(settings(await scripted({ at: 'final-dot', reply: '451 4.3.0 Error: queue file write error' })), envelope, raw),
    );
    expect(error.kind).toBe('temporary');
    expect(error.response).toBe('451 4.3.0 Error: queue file write error');
  });

  it('552 after the final ".": too-large', async () => {
    const error = await failure(
      sendMessage(settings(await scripted({ at: 'final-dot', reply: '552 5.3.4 Message size exceeds fixed limit' })), envelope, raw),
    );
    expect(error.kind).toBe('too-large');
  });

  it('no server at all: unreachable', async () => {
    const port = await scripted({});
    const server = servers.pop();
    await new Promise((resolve) => server?.close(resolve));
    expect((await failure(sendMessage(settings(port), envelope, raw))).kind).toBe('unreachable');
  });
});

describe('testSmtp', () => {
  it('starttls against a server that does not offer STARTTLS: tls, and no AUTH is tried', async () => {
    const error = await failure(testSmtp(settings(await scripted({ ehlo: ['AUTH PLAIN'] }), { security: 'starttls', user: 'u' })));
    expect(error.kind).toBe('tls');
  });

  it('reports the announced SIZE', async () => {
    const result = await testSmtp(settings(await scripted({ ehlo: ['SIZE 12345'] })));
    expect(result.sizeLimit).toBe(12345);
    expect(result.tls).toBeNull();
  });
});
