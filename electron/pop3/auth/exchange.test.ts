import { describe, expect, it } from 'vitest';
import { Pop3Error } from '../errors.ts';
import { MAX_COMMAND_LINE_OCTETS } from '../limits.ts';
import { commandOctets, renderForTranscript, renderForWire } from '../transcript.ts';
import { Secret } from '../../secrets/secret.ts';
import { saslExchange } from './exchange.ts';

describe('saslExchange', () => {
  it('sends an empty initial response as "=" (RFC 5034 §4)', () => {
    const ex = saslExchange('plain', 'EXTERNAL', new Secret(''), () => null);
    expect(ex.commands.map((c) => renderForWire(c.line))).toEqual(['AUTH EXTERNAL =\r\n']);
  });

  it('keeps the initial response on the AUTH line up to exactly 255 octets, and no further', () => {
    const room = MAX_COMMAND_LINE_OCTETS - 'AUTH X \r\n'.length;
    const fits = saslExchange('plain', 'X', new Secret('a'.repeat(room)), () => null);
    expect(commandOctets(fits.commands[0]?.line ?? { kind: 'command', verb: '', args: [] })).toBe(255);
    const over = saslExchange('plain', 'X', new Secret('a'.repeat(room + 1)), () => null);
    expect(renderForTranscript(over.commands[0]?.line ?? { kind: 'command', verb: '', args: [] })).toBe('AUTH X');
    expect(renderForWire(over.respond(Buffer.alloc(0)))).toBe(`${'a'.repeat(room + 1)}\r\n`);
    expect(() => over.respond(Buffer.alloc(0))).toThrow(Pop3Error);
  });

  it('counts challenges after the initial response from zero', () => {
    const turns: number[] = [];
    const ex = saslExchange('login', 'X', null, (_c, turn) => {
      turns.push(turn);
      return turn < 2 ? `r${turn}` : null;
    });
    expect(renderForWire(ex.respond(Buffer.from('a')))).toBe('r0\r\n');
    expect(renderForWire(ex.respond(Buffer.from('b')))).toBe('r1\r\n');
    expect(() => ex.respond(Buffer.from('c'))).toThrow(/unexpected SASL challenge for X/);
    expect(turns).toEqual([0, 1, 2]);
  });
});
