// Poplar's SMTP submission client (electron/smtp) against a real Postfix (tests/support/postfix.ts)
// that authenticates through and delivers into a real Dovecot: every transport, the trust rule,
// wrong passwords, the server's refusals, and a message sent by SMTP and downloaded back by
// Poplar's own POP3 client, byte for byte.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pop3Client } from '../electron/pop3/client.ts';
import { Secret } from '../electron/secrets/secret.ts';
import { SmtpError } from '../electron/smtp/failure.ts';
import { sendMessage } from '../electron/smtp/send.ts';
import type { SmtpSettings } from '../electron/smtp/settings.ts';
import { testSmtp } from '../electron/smtp/test-smtp.ts';
import { startDovecot, type DovecotInstance } from './support/dovecot.ts';
import { dovecotAuthForPostfix, startPostfix, type PostfixInstance } from './support/postfix.ts';
import { DOVECOT, POSTFIX, describeWithAll } from './support/requirements.ts';
import { testCertificates } from './support/servers/certs.ts';
import { sleep } from './support/servers/processes.ts';
import { seconds } from './support/timeouts.ts';

const PASSWORD = 'Sm7p-Subm1ssion';
const SIZE_LIMIT = 200_000;

async function smtpFailure(promise: Promise<unknown>): Promise<SmtpError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SmtpError);
  return error as SmtpError;
}

/** A complete message: Postfix's cleanup adds Date: and Message-ID: when they are missing. */
function message(from: string, to: string, subject: string, body: string): Buffer {
  const head = `From: Ann <${from}>\r\nTo: <${to}>\r\nSubject: ${subject}\r\nDate: Wed, 2 Dec 2026 09:00:00 +0000\r\n`;
  return Buffer.from(`${head}Message-ID: <${subject}@poplar.test>\r\n\r\n${body}`);
}

/** Everything after the headers Postfix puts on top (Return-Path, Delivered-To, Received). */
function withoutTraceHeaders(bytes: Buffer): Buffer {
  const text = bytes.toString('latin1');
  const start = text.search(/^From: /m);
  return Buffer.from(text.slice(start), 'latin1');
}

describeWithAll([DOVECOT, POSTFIX], 'SMTP submission against Postfix and Dovecot', () => {
  let dovecot: DovecotInstance;
  let postfix: PostfixInstance;
  let settings: (over?: Partial<SmtpSettings>) => SmtpSettings;

  beforeAll(async () => {
    dovecot = await startDovecot({
      users: [
        { name: 'ann', password: PASSWORD },
        { name: 'bob', password: PASSWORD },
      ],
      extraConfig: dovecotAuthForPostfix(),
    });
    postfix = await startPostfix({ dovecot, users: ['ann', 'bob'], messageSizeLimit: SIZE_LIMIT });
    settings = (over = {}) => ({
      host: '127.0.0.1',
      port: postfix.submissionPort,
      security: 'starttls',
      user: 'ann',
      password: new Secret(PASSWORD),
      trust: { caPem: dovecot.caPem },
      ...over,
    });
  });

  afterAll(async () => {
    await postfix?.stop();
    await dovecot?.stop();
  });

  describe('test connection', () => {
    it('on the submission port: STARTTLS, AUTH, the SIZE limit and the methods, then QUIT', async () => {
      const result = await testSmtp(settings());
      expect(result.tls?.verifiedBy).toBe('certificate-authority');
      expect(result.authenticated).toBe(true);
      expect(result.sizeLimit).toBe(SIZE_LIMIT);
      expect(result.authMethods).toEqual(expect.arrayContaining(['PLAIN', 'LOGIN', 'CRAM-MD5']));
      expect(result.transcript).toContain('C: STARTTLS');
      expect(result.transcript.at(-2)).toBe('C: QUIT');
      expect(result.transcript.some((line) => line.startsWith('C: MAIL'))).toBe(false);
    });

    it('on the implicit-TLS port (RFC 8314), with each AUTH method, never logging the secret', async () => {
      for (const authMethod of ['PLAIN', 'LOGIN', 'CRAM-MD5'] as const) {
        const result = await testSmtp(settings({ port: postfix.tlsPort, security: 'tls', authMethod }));
        expect(result.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
        expect(result.authenticated).toBe(true);
        expect(result.transcript).not.toContain('C: STARTTLS');
        const all = result.transcript.join('\n');
        expect(all).toContain(`C: AUTH ${authMethod}`);
        expect(all).not.toContain(PASSWORD);
        expect(all).not.toContain(Buffer.from(PASSWORD).toString('base64'));
        expect(all).not.toContain(Buffer.from('ann').toString('base64'));
      }
    });

    it('says auth for a wrong password', async () => {
      const error = await smtpFailure(testSmtp(settings({ password: new Secret('wrong') })));
      expect(error.kind).toBe('auth');
      expect(error.response).toMatch(/^535 /);
    });

    it('refuses a pinned fingerprint that does not match, before AUTH', async () => {
      const certs = await testCertificates();
      for (const over of [{}, { port: postfix.tlsPort, security: 'tls' as const }]) {
        const error = await smtpFailure(testSmtp(settings({ ...over, trust: { fingerprint256: certs.selfSigned.fingerprint256 } })));
        expect(error.kind).toBe('tls');
        expect(error.message).toContain('does not match the pinned fingerprint');
        expect(error.certificate?.fingerprint256).toBe(dovecot.serverCertFingerprint256);
      }
    });

    it('accepts the right pin without the CA, and refuses the certificate without CA or pin', async () => {
      const pinned = await testSmtp(settings({ trust: { fingerprint256: dovecot.serverCertFingerprint256 } }));
      expect(pinned.tls?.verifiedBy).toBe('pinned-fingerprint');
      const error = await smtpFailure(testSmtp(settings({ trust: {} })));
      expect(error.kind).toBe('tls');
      expect(error.message).toContain('not signed by an authority');
    });

    it('says unreachable for a port nobody listens on', async () => {
      const error = await smtpFailure(testSmtp(settings({ port: 1 })));
      expect(error.kind).toBe('unreachable');
    });
  });

  describe('sending', () => {
    it('sends exact bytes that arrive by POP3 unchanged after the trace headers', async () => {
      // A line starting with a dot (RFC 5321 §4.5.2), 8-bit text and a long line travel intact.
      const body = `Hello Bob,\r\n.a line with a leading dot\r\n..two\r\nGrüße\r\n${'x'.repeat(900)}\r\n`;
      const raw = message(postfix.address('ann'), postfix.address('bob'), 'exact-bytes', body);
      const sent = await sendMessage(settings(), { from: postfix.address('ann'), to: [postfix.address('bob')] }, raw);
      expect(sent.response).toMatch(/^250 /);
      expect(sent.accepted).toEqual([postfix.address('bob')]);
      const received = await downloadOne('bob');
      expect(withoutTraceHeaders(received).toString('latin1')).toBe(raw.toString('latin1'));
      expect(withoutTraceHeaders(received).equals(raw)).toBe(true);
      expect(received.toString('latin1')).toMatch(/^Return-Path: <ann@poplar\.test>\r\n/);
    });

    it('says recipient-rejected with the address for an unknown local user, and sends to the others', async () => {
      const raw = message(postfix.address('ann'), postfix.address('nobody'), 'unknown', 'hi\r\n');
      const error = await smtpFailure(sendMessage(settings(), { from: postfix.address('ann'), to: [postfix.address('nobody')] }, raw));
      expect(error.kind).toBe('recipient-rejected');
      expect(error.recipients).toEqual([{ address: 'nobody@poplar.test', response: expect.stringMatching(/^550 5\.1\.1 /) }]);
      const partial = await sendMessage(
        settings(),
        { from: postfix.address('ann'), to: [postfix.address('nobody'), postfix.address('bob')] },
        raw,
      );
      expect(partial.accepted).toEqual([postfix.address('bob')]);
      expect(partial.rejected.map((r) => r.address)).toEqual(['nobody@poplar.test']);
      await downloadOne('bob');
    });

    it('says too-large for a message over the SIZE the server announced, before sending it', async () => {
      const raw = message(postfix.address('ann'), postfix.address('bob'), 'big', 'y'.repeat(SIZE_LIMIT + 1));
      const error = await smtpFailure(sendMessage(settings(), { from: postfix.address('ann'), to: [postfix.address('bob')] }, raw));
      expect(error.kind).toBe('too-large');
    });

    it('says relay-denied when an unauthenticated client sends elsewhere, over plain text', async () => {
      const raw = message('ann@poplar.test', 'someone@elsewhere.invalid', 'relay', 'hi\r\n');
      const plain = settings({ port: postfix.plainPort, security: 'none', user: undefined, password: undefined });
      const error = await smtpFailure(sendMessage(plain, { from: 'ann@poplar.test', to: ['someone@elsewhere.invalid'] }, raw));
      expect(error.kind).toBe('relay-denied');
      expect(error.response).toMatch(/^554 5\.7\.1 /);
    });
  });

  /** Waits for Postfix to deliver one message to `user`, downloads it with Poplar's POP3 client and deletes it. */
  async function downloadOne(user: string): Promise<Buffer> {
    const until = Date.now() + seconds(30);
    for (;;) {
      const client = await Pop3Client.connect({
        host: '127.0.0.1',
        port: dovecot.port,
        security: 'none',
        credentials: { kind: 'password', user, password: new Secret(PASSWORD) },
      });
      try {
        const { count } = await client.stat();
        if (count > 0) {
          expect(count).toBe(1);
          const chunks: Buffer[] = [];
          await client.retr(1, (chunk) => void chunks.push(Buffer.from(chunk)));
          await client.dele(1);
          await client.quit();
          return Buffer.concat(chunks);
        }
        await client.quit();
      } finally {
        client.destroy();
      }
      if (Date.now() > until) throw new Error(`nothing delivered to ${user}.\n${await postfix.logText()}`);
      await sleep(200);
    }
  }
});
