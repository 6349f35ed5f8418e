// The classification of nodemailer's errors into the kinds the outbox acts on, from the replies
// real servers send (Postfix's wordings, RFC 5321 §4.2 codes, RFC 3463 enhanced codes).
import { describe, expect, it } from 'vitest';
import { classify, type NodemailerFailure, type SmtpFailureKind } from './failure.ts';

const rcpt = (response: string, recipient = 'x@example.test'): NodemailerFailure => ({
  message: "Can't send mail - all recipients were rejected",
  code: 'EENVELOPE',
  command: 'RCPT TO',
  response,
  responseCode: Number(response.slice(0, 3)),
  rejectedErrors: [{ recipient, response, responseCode: Number(response.slice(0, 3)) }],
});

const reply = (command: string, response: string, code = 'EENVELOPE'): NodemailerFailure => ({
  message: 'failed',
  code,
  command,
  response,
  responseCode: Number(response.slice(0, 3)),
});

const CASES: Array<[string, NodemailerFailure, boolean, SmtpFailureKind]> = [
  ['connection refused', { message: 'connect ECONNREFUSED', code: 'ESOCKET' }, false, 'unreachable'],
  ['connection lost before DATA', { message: 'Connection closed unexpectedly', code: 'ECONNECTION' }, false, 'unreachable'],
  ['connection lost after 354', { message: 'Connection closed unexpectedly', code: 'ECONNECTION' }, true, 'dropped-during-data'],
  ['timeout after 354', { message: 'Timeout', code: 'ETIMEDOUT' }, true, 'dropped-during-data'],
  ['STARTTLS refused', reply('STARTTLS', '454 4.7.0 TLS not available', 'ETLS'), false, 'tls'],
  ['wrong password', reply('AUTH PLAIN', '535 5.7.8 Error: authentication failed: authentication failure', 'EAUTH'), false, 'auth'],
  ['auth backend down', reply('AUTH PLAIN', '454 4.7.0 Temporary authentication failure', 'EAUTH'), false, 'temporary'],
  ['greylisted recipient', rcpt('450 4.2.0 <x@example.test>: Recipient address rejected: Greylisted'), false, 'temporary'],
  ['queue full after DATA', reply('DATA', '451 4.3.0 Error: queue file write error', 'EMESSAGE'), true, 'temporary'],
  [
    'unknown user',
    rcpt('550 5.1.1 <x@example.test>: Recipient address rejected: User unknown in virtual mailbox table'),
    false,
    'recipient-rejected',
  ],
  ['bad address', rcpt('553 5.1.3 <x@>: Recipient address rejected: bad address syntax'), false, 'recipient-rejected'],
  ['relay denied (Postfix)', rcpt('554 5.7.1 <x@elsewhere.test>: Relay access denied'), false, 'relay-denied'],
  ['relay denied (550 5.7.1)', rcpt('550 5.7.1 Unable to relay'), false, 'relay-denied'],
  ['SIZE at MAIL FROM', reply('MAIL FROM', '552 5.3.4 Message size exceeds fixed limit'), false, 'too-large'],
  ['size after DATA', reply('DATA', '552 5.3.4 Message size exceeds fixed limit', 'EMESSAGE'), true, 'too-large'],
  [
    'over the announced SIZE',
    { message: 'Message size larger than allowed 1000', code: 'EMESSAGE', command: 'MAIL FROM' },
    false,
    'too-large',
  ],
  ['sender not owned', reply('MAIL FROM', '553 5.7.1 <x@y>: Sender address rejected: not owned by user ann'), false, 'rejected'],
  ['content refused', reply('DATA', '554 5.7.1 Spam message rejected', 'EMESSAGE'), true, 'rejected'],
];

describe('classify', () => {
  it.each(CASES)('%s', (_name, error, dataStarted, kind) => {
    expect(classify(error, dataStarted).kind).toBe(kind);
  });

  it('names the rejected recipients with the server reply for each', () => {
    const error = classify(rcpt('550 5.1.1 <nobody@example.test>: User unknown', 'nobody@example.test'), false);
    expect(error.recipients).toEqual([{ address: 'nobody@example.test', response: '550 5.1.1 <nobody@example.test>: User unknown' }]);
    expect(error.message).toContain('nobody@example.test');
  });

  it('says that a drop during DATA leaves the outcome unknown', () => {
    expect(classify({ message: 'closed', code: 'ECONNECTION' }, true).message).toMatch(/may or may not have been delivered/);
  });
});
