// `poplar probe` argument handling (exit 2 with a usage line) and its report of a server's
// LOGIN-DELAY, against the scripted server (Dovecot cannot announce LOGIN-DELAY).
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startScriptedPop3, type ScriptedPop3Server } from '../../tests/support/scripted-pop3.ts';
import type { CliIo } from './commands.ts';
import { main } from './poplar.ts';
import { seconds } from '../../tests/support/timeouts.ts';

function io(stdin = '', env: NodeJS.ProcessEnv = {}): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const input = new PassThrough();
  input.end(stdin);
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), stdin: input, env };
}

describe('poplar probe', { timeout: seconds(60) }, () => {
  let server: ScriptedPop3Server | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it.each([
    [['probe'], /--host is required/],
    [['probe', '--host', 'h'], /--user is required/],
    [['probe', '--host', 'h', '--user', 'u'], /exactly one way/],
    [['probe', '--host', 'h', '--user', 'u', '--password-stdin', '--password-env', 'X'], /exactly one way/],
    [['probe', '--host', 'h', '--user', 'u', '--password-stdin', '--security', 'ssl'], /--security must be one of tls, starttls, none/],
    [['probe', '--host', 'h', '--user', 'u', '--password-stdin', '--port', '99999'], /--port must be a number/],
    [['probe', '--host', 'h', '--user', 'u', '--password-stdin', '--fingerprint', 'abc'], /--fingerprint must be a SHA-256/],
    [['probe', '--host', 'h', '--user', 'u', '--password-stdin', '--auth', 'kerberos'], /--auth must be one of/],
    [['probe', '--host', 'h', '--user', 'u', '--password', 'visible'], /Unknown option '--password'/],
  ])('rejects %j with exit code 2 and the usage', async (args, message) => {
    const streams = io('pw');
    expect(await main(args, streams)).toBe(2);
    expect(streams.stderr.join('\n')).toMatch(message);
    expect(streams.stderr.join('\n')).toMatch(/Usage: poplar probe/);
  });

  it('refuses an empty password from stdin', async () => {
    const streams = io('\n');
    expect(await main(['probe', '--host', 'h', '--user', 'u', '--password-stdin'], streams)).toBe(2);
    expect(streams.stderr.join('\n')).toMatch(/the password is empty/);
  });

  it('reports the server LOGIN-DELAY and reads the password from an environment variable', async () => {
    server = await startScriptedPop3({
      users: [{ name: 'dana', password: 'pw' }],
      loginDelaySeconds: 900,
      messages: [{ uidl: 'a', body: 'Subject: x\r\n\r\nhi\r\n' }],
    });
    const streams = io('', { POPLAR_PW: 'pw' });
    const code = await main(
      [
        'probe',
        '--host',
        '127.0.0.1',
        '--port',
        String(server.port),
        '--security',
        'none',
        '--user',
        'dana',
        '--password-env',
        'POPLAR_PW',
      ],
      streams,
    );
    expect(streams.stderr).toEqual([]);
    expect(code).toBe(0);
    expect(streams.stdout.join('\n')).toMatch(/Login delay: +the server allows a login every 15 minutes/);
    expect(streams.stdout.join('\n')).toMatch(/Mailbox: +1 message,/);
    expect(server.sessions()[0]?.endedBy).toBe('quit');
  });

  it('explains a connection refused with exit code 1', async () => {
    const closed = await startScriptedPop3({});
    const port = closed.port;
    await closed.close();
    const streams = io('pw');
    expect(
      await main(
        ['probe', '--host', '127.0.0.1', '--port', String(port), '--security', 'none', '--user', 'u', '--password-stdin'],
        streams,
      ),
    ).toBe(1);
    expect(streams.stderr.join('\n')).toMatch(/\(connection-refused\)[\s\S]*refused the connection/);
  });
});
