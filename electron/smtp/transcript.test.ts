// The SMTP transcript redacts every client line of an AUTH exchange by construction.
import { describe, expect, it } from 'vitest';
import { REDACTED } from '../secrets/secret.ts';
import { SmtpTranscript } from './transcript.ts';

describe('SmtpTranscript', () => {
  it('keeps the mechanism of AUTH PLAIN and drops its initial response', () => {
    const t = new SmtpTranscript();
    t.client('EHLO poplar.localhost');
    t.server('250-smtp.example.test\n250 AUTH PLAIN LOGIN');
    t.client(`AUTH PLAIN ${Buffer.from('\0ann\0secret').toString('base64')}`);
    t.server('235 2.7.0 Authentication successful');
    t.client('MAIL FROM:<ann@example.test>');
    expect(t.lines).toEqual([
      'C: EHLO poplar.localhost',
      'S: 250-smtp.example.test',
      'S: 250 AUTH PLAIN LOGIN',
      `C: AUTH PLAIN ${REDACTED}`,
      'S: 235 2.7.0 Authentication successful',
      'C: MAIL FROM:<ann@example.test>',
    ]);
  });

  it('redacts every answer to 334 challenges (LOGIN, CRAM-MD5) until the final reply, also a failure', () => {
    const t = new SmtpTranscript();
    t.client('AUTH LOGIN');
    t.server('334 VXNlcm5hbWU6');
    t.client(Buffer.from('ann').toString('base64'));
    t.server('334 UGFzc3dvcmQ6');
    t.client(Buffer.from('secret').toString('base64'));
    t.server('535 5.7.8 Error: authentication failed');
    t.client('QUIT');
    expect(t.lines).toEqual([
      'C: AUTH LOGIN',
      'S: 334 VXNlcm5hbWU6',
      `C: ${REDACTED}`,
      'S: 334 UGFzc3dvcmQ6',
      `C: ${REDACTED}`,
      'S: 535 5.7.8 Error: authentication failed',
      'C: QUIT',
    ]);
  });

  it('reads nodemailer transaction-log entries through its logger', () => {
    const t = new SmtpTranscript();
    const log = t.logger();
    log.debug({ tnx: 'client' }, 'AUTH CRAM-MD5');
    log.debug({ tnx: 'server' }, '334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+');
    log.debug({ tnx: 'client' }, 'YW5uIDEyMzQ1Njc4OTBhYmNkZWY=');
    log.debug({ tnx: 'network' }, 'Connection closed');
    expect(t.lines).toEqual(['C: AUTH CRAM-MD5', expect.stringMatching(/^S: 334 /), `C: ${REDACTED}`]);
  });
});
