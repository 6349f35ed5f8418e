// Sending with an OAuth 2 access token (SASL XOAUTH2, the login Gmail and Microsoft 365 want)
// through a real Postfix whose SASL is a real Dovecot that checks each token with the token
// issuer. The issuer's side is the one part played here: an RFC 7662 introspection endpoint
// on 127.0.0.1 that knows one token. Poplar runs no OAuth flow; its token command gives the
// token, fetched for every connection.
//
// Facts that cost time (Dovecot 2.3.19, Debian 12):
// - `passdb { driver = oauth2; mechanisms = xoauth2 }` takes the token to the endpoint; with
//   tokeninfo_url empty it goes straight to introspection_url, here in `post` mode (the body is
//   `token=…`). The reply is JSON; username_attribute names the field that must equal the user
//   of the XOAUTH2 string, and a token of someone else is "user unknown", a failed login.
// - The passwd-file passdb before it is asked too and says "password mismatch" first; Dovecot
//   goes on to the next passdb (result_failure = continue is the default).
// - Postfix's smtpd only lists the mechanisms Dovecot's auth socket offers: auth_mechanisms
//   must name xoauth2 (later settings in the config win over the fixture's).
import { createServer, type Server } from 'node:http';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Secret } from '../electron/secrets/secret.ts';
import { SmtpError } from '../electron/smtp/failure.ts';
import type { SmtpSettings } from '../electron/smtp/settings.ts';
import { testSmtp } from '../electron/smtp/test-smtp.ts';
import { incomingOptions, startDovecot, type DovecotInstance } from './support/dovecot.ts';
import { hasStackTrace, runPoplar, type PoplarRun } from './support/poplar-cli.ts';
import { dovecotAuthForPostfix, startPostfix, submissionOptions, type PostfixInstance } from './support/postfix.ts';
import { DOVECOT, POSTFIX, describeWithAll } from './support/requirements.ts';
import { sleep } from './support/servers/processes.ts';
import { seconds } from './support/timeouts.ts';

const TOKEN = 'ya29.poplar-test-token-4f1c';
const PASSWORD = 'not-used-for-sending';

describeWithAll([DOVECOT, POSTFIX], 'sending with an OAuth 2 token (XOAUTH2) through Postfix and Dovecot', () => {
  let issuer: Server;
  const seen: string[] = [];
  let dovecot: DovecotInstance;
  let postfix: PostfixInstance;
  let root: string;
  let profile: string;

  const poplar = (args: string[]): Promise<PoplarRun> =>
    runPoplar([...args, '--profile', profile], { env: { GOOD: TOKEN, STALE: 'ya29.expired' }, timeoutMs: seconds(60) });

  const settings = (over: Partial<SmtpSettings> = {}): SmtpSettings => ({
    host: '127.0.0.1',
    port: postfix.submissionPort,
    security: 'starttls',
    user: 'ann',
    password: new Secret(TOKEN),
    authMethod: 'XOAUTH2',
    trust: { caPem: dovecot.caPem },
    ...over,
  });

  beforeAll(async () => {
    issuer = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        const token = new URLSearchParams(body).get('token') ?? '';
        seen.push(token);
        response.writeHead(200, { 'content-type': 'application/json' });
        // RFC 7662 §2.2: an unknown token is inactive; here it also belongs to nobody.
        response.end(JSON.stringify(token === TOKEN ? { active: true, username: 'ann' } : { active: false, username: 'nobody' }));
      });
    });
    await new Promise<void>((resolve) => issuer.listen(0, '127.0.0.1', resolve));
    const { port } = issuer.address() as AddressInfo;
    root = await mkdtemp(path.join(os.tmpdir(), 'poplar-xoauth2-'));
    profile = path.join(root, 'profile');
    const oauthConf = path.join(root, 'oauth2.conf.ext');
    await writeFile(
      oauthConf,
      `introspection_mode = post\nintrospection_url = http://127.0.0.1:${port}/introspect\nusername_attribute = username\n`,
    );
    dovecot = await startDovecot({
      users: [
        { name: 'ann', password: PASSWORD },
        { name: 'bob', password: PASSWORD },
      ],
      extraConfig: `${dovecotAuthForPostfix()}auth_mechanisms = plain login xoauth2\npassdb {\n  driver = oauth2\n  mechanisms = xoauth2\n  args = ${oauthConf}\n}\n`,
    });
    postfix = await startPostfix({ dovecot, users: ['ann', 'bob'] });
  }, seconds(90));

  afterAll(async () => {
    await postfix?.stop();
    await dovecot?.stop();
    await new Promise((resolve) => issuer?.close(resolve));
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('logs in with the token: the server offers XOAUTH2, and the issuer was asked about this token', async () => {
    const result = await testSmtp(settings());
    expect(result.authenticated).toBe(true);
    expect(result.authMethods).toContain('XOAUTH2');
    expect(seen).toContain(TOKEN);
  });

  it('a token the issuer does not know: a failed login that names the token, not the password', async () => {
    const error = await testSmtp(settings({ password: new Secret('ya29.expired') })).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SmtpError);
    expect((error as SmtpError).kind).toBe('token');
    expect((error as SmtpError).message).toMatch(/did not accept the access token/);
    expect(seen).toContain('ya29.expired');
  });

  it(
    'an account set up with --smtp-login xoauth2 sends with its token command, and the message arrives once',
    async () => {
      const added = await poplar([
        'account',
        'add',
        '--name',
        'Ann',
        ...incomingOptions(dovecot, 'ann', 'GOOD'),
        ...submissionOptions(postfix, dovecot.caFile),
        '--smtp-login',
        'xoauth2',
        '--smtp-password-command',
        'printf "%s\\n" "$GOOD"',
        '--from',
        'Ann <ann@poplar.test>',
      ]);
      expect(added.stderr).toBe('');
      expect(added.code).toBe(0);
      const shown = await poplar(['account', 'list']);
      expect(shown.stdout).toMatch(/ann, an OAuth 2 token/);

      const before = seen.length;
      const sent = await runPoplar(
        ['send', '--account', 'Ann', '--to', 'bob@poplar.test', '--subject', 'Sent with a token', '--profile', profile],
        {
          env: { GOOD: TOKEN },
          stdin: 'Token-borne words.\n',
          timeoutMs: seconds(60),
        },
      );
      expect(sent.stderr).toBe('');
      expect(sent.code).toBe(0);
      expect(seen.slice(before)).toContain(TOKEN);
      const messageId = sent.stdout.trim();
      const dir = (sub: string): string => path.join(dovecot.dir, 'home', 'bob', 'Maildir', sub);
      const arrived = async (): Promise<string[]> => {
        const found: string[] = [];
        for (const sub of ['new', 'cur']) {
          for (const name of await readdir(dir(sub))) {
            const text = await readFile(path.join(dir(sub), name), 'utf8');
            if (text.includes(messageId)) found.push(text);
          }
        }
        return found;
      };
      const until = Date.now() + seconds(15);
      while ((await arrived()).length === 0 && Date.now() < until) await sleep(200);
      await sleep(seconds(1)); // a second delivery would follow within moments
      const copies = await arrived();
      expect(copies).toHaveLength(1);
      expect(copies[0]).toContain('Token-borne words.');
    },
    seconds(120),
  );

  it(
    'refuses --smtp-login xoauth2 without a token command or variable, before anything is saved',
    async () => {
      const run = await poplar(['account', 'set', 'Ann', '--smtp-password-same']);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/--smtp-login xoauth2 reads the access token with --smtp-password-command CMD or --smtp-password-env VAR/);
      expect(hasStackTrace(run.stderr)).toBe(false);
      const still = await poplar(['account', 'list']);
      expect(still.stdout).toMatch(/an OAuth 2 token/);
    },
    seconds(60),
  );

  it(
    'a token command that gives a stale token: poplar send fails in plain words and keeps the message in the Outbox',
    async () => {
      const set = await poplar(['account', 'set', 'Ann', '--smtp-password-env', 'STALE']);
      expect(set.code, set.stderr).toBe(0);
      const sent = await runPoplar(
        ['send', '--account', 'Ann', '--to', 'bob@poplar.test', '--subject', 'Stale token', '--profile', profile],
        {
          env: { STALE: 'ya29.expired' },
          stdin: 'Not sent.\n',
          timeoutMs: seconds(60),
        },
      );
      expect(sent.code).toBe(1);
      expect(sent.stderr).toContain('The mail server did not accept the access token');
      expect(sent.stderr).toContain('It stays in the outbox as not sent');
      expect(hasStackTrace(sent.stderr)).toBe(false);
    },
    seconds(90),
  );
});
