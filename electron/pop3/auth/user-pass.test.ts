import { describe, expect, it } from 'vitest';
import { Pop3Error } from '../errors.ts';
import { driveAuth } from '../fixtures/drive-auth.ts';
import { Secret } from '../../secrets/secret.ts';
import { userPassExchange } from './user-pass.ts';

describe('USER/PASS', () => {
  it('sends USER then PASS, the password with its spaces, redacted in the transcript', () => {
    const run = driveAuth(userPassExchange('alice', new Secret('pass phrase with spaces')), ['+OK', '+OK Logged in.']);
    expect(run.wire).toEqual(['USER alice', 'PASS pass phrase with spaces']);
    expect(run.transcript).toEqual(['USER alice', 'PASS [redacted]']);
  });

  it('stops after a refused USER, and tells which step refused', () => {
    const exchange = userPassExchange('nobody', new Secret('x'));
    expect(exchange.commands.map((c) => c.step)).toEqual(['USER', 'PASS']);
    const run = driveAuth(exchange, ['-ERR sorry, no mailbox for nobody here']);
    expect(run.wire).toEqual(['USER nobody']);
    expect(run.outcome).toMatchObject({ ok: false });
  });

  it('takes no challenge', () => {
    expect(() => userPassExchange('a', new Secret('b')).respond(Buffer.alloc(0))).toThrow(Pop3Error);
  });
});
