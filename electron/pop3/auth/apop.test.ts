import { describe, expect, it } from 'vitest';
import { Pop3Error } from '../errors.ts';
import { driveAuth } from '../fixtures/drive-auth.ts';
import { Secret } from '../../secrets/secret.ts';
import { apopDigest, apopExchange } from './apop.ts';

describe('APOP', () => {
  it('computes RFC 1939 §7’s example', () => {
    expect(apopDigest('<1896.697170952@dbc.mtview.ca.us>', new Secret('tanstaaf'))).toBe('c4c9334bac560ecc979e58001b3e22fb');
  });

  it('sends one APOP command with the digest kept out of the transcript', () => {
    const run = driveAuth(apopExchange('mrose', new Secret('tanstaaf'), '<1896.697170952@dbc.mtview.ca.us>'), [
      '+OK maildrop has 1 message (369 octets)',
    ]);
    expect(run.wire).toEqual(['APOP mrose c4c9334bac560ecc979e58001b3e22fb']);
    expect(run.transcript).toEqual(['APOP mrose [redacted]']);
    expect(run.outcome).toMatchObject({ ok: true });
  });

  it('takes no challenge', () => {
    expect(() => apopExchange('a', new Secret('b'), '<1@x>').respond(Buffer.alloc(0))).toThrow(Pop3Error);
  });
});
