import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Pop3Error } from './errors.ts';
import { TRANSCRIPT_MAX_LINE_CHARS } from './limits.ts';
import { REDACTED, Secret } from '../secrets/secret.ts';
import { command, commandOctets, renderForTranscript, renderForWire, SASL_CANCEL, saslResponse, TranscriptRecorder } from './transcript.ts';

const PASSWORD = 'correct horse battery staple';

describe('rendering commands', () => {
  it('reveals secrets on the wire only', () => {
    const pass = command('pass', new Secret(PASSWORD));
    expect(renderForWire(pass)).toBe(`PASS ${PASSWORD}\r\n`);
    expect(renderForTranscript(pass)).toBe(`PASS ${REDACTED}`);
    expect(renderForWire(command('RETR', '7'))).toBe('RETR 7\r\n');
    expect(renderForWire(command('QUIT'))).toBe('QUIT\r\n');
    expect(renderForWire(SASL_CANCEL)).toBe('*\r\n');
    expect(renderForTranscript(saslResponse(new Secret('AGFsaWNl')))).toBe(REDACTED);
    expect(renderForWire(saslResponse(''))).toBe('\r\n');
  });

  it('refuses CR, LF or NUL in any argument, so no input can smuggle in a second command', () => {
    for (const bad of ['alice\r\nDELE 1', 'alice\n', 'a\0b']) {
      expect(() => renderForWire(command('USER', bad))).toThrow(Pop3Error);
      expect(() => renderForWire(command('PASS', new Secret(bad)))).toThrow(/CR, LF or NUL/);
      expect(() => renderForWire(saslResponse(new Secret(bad)))).toThrow(Pop3Error);
    }
    try {
      renderForWire(command('PASS', new Secret(`x\r\n${PASSWORD}`)));
    } catch (error) {
      expect((error as Pop3Error).code).toBe('invalid-argument');
      expect((error as Pop3Error).message).not.toContain('horse');
    }
  });

  it('refuses a command over 255 octets with the CRLF (RFC 2449 §4), counting UTF-8 octets', () => {
    const fits = 'a'.repeat(255 - 'USER \r\n'.length);
    expect(commandOctets(command('USER', fits))).toBe(255);
    expect(renderForWire(command('USER', fits))).toHaveLength(255);
    expect(() => renderForWire(command('USER', `${fits}a`))).toThrow(/255 octets/);
    // 125 characters but 250 octets: 'USER ' + 250 + CRLF = 257 octets.
    expect(() => renderForWire(command('USER', 'é'.repeat(125)))).toThrow(Pop3Error);
    expect(commandOctets(command('USER', 'é'.repeat(124)))).toBe(255);
    // SASL response lines are not commands: a long token line is allowed.
    expect(renderForWire(saslResponse(new Secret('x'.repeat(2000))))).toHaveLength(2002);
  });
});

describe('TranscriptRecorder', () => {
  it('records directions and times from the injected clock', () => {
    let now = 1_000;
    const r = new TranscriptRecorder(() => now++);
    r.event('connected to 127.0.0.1:110');
    r.server('+OK Dovecot (Debian) ready.');
    r.client(command('USER', 'alice'));
    expect(r.entries()).toEqual([
      { at: 1000, dir: '*', line: 'connected to 127.0.0.1:110' },
      { at: 1001, dir: 'S', line: '+OK Dovecot (Debian) ready.' },
      { at: 1002, dir: 'C', line: 'USER alice' },
    ]);
  });

  it('never lets a password reach the entries, JSON, String or inspect', () => {
    const r = new TranscriptRecorder(() => 0);
    const pass = command('PASS', new Secret(PASSWORD));
    r.client(command('USER', 'alice'));
    r.client(pass);
    r.client(command('AUTH', 'PLAIN', new Secret(Buffer.from(`\0alice\0${PASSWORD}`).toString('base64'))));
    r.client(saslResponse(new Secret(PASSWORD)));
    r.server('+OK Logged in.');
    const b64 = Buffer.from(`\0alice\0${PASSWORD}`).toString('base64');
    for (const text of [
      JSON.stringify(r.entries()),
      String(r.entries().map((e) => e.line)),
      inspect(r.entries(), { depth: 10 }),
      JSON.stringify(pass),
      String(pass.args),
      inspect(pass, { depth: 10, showHidden: true }),
      inspect(r, { depth: 10, showHidden: true }),
    ]) {
      expect(text).not.toContain('horse');
      expect(text).not.toContain(b64);
    }
    expect(r.entries().map((e) => e.line)).toEqual([
      'USER alice',
      `PASS ${REDACTED}`,
      `AUTH PLAIN ${REDACTED}`,
      REDACTED,
      '+OK Logged in.',
    ]);
  });

  it('records a body or a listing as one summary entry', () => {
    const r = new TranscriptRecorder(() => 5);
    r.body(12345);
    r.body(800, 'message headers');
    r.listing('uidl', 3, 60);
    expect(r.entries().map((e) => e.line)).toEqual([
      '[message body: 12345 bytes]',
      '[message headers: 800 bytes]',
      '[UIDL listing: 3 lines, 60 bytes]',
    ]);
  });

  it('keeps the first and last entries of a long session and says how many it left out', () => {
    let t = 0;
    const r = new TranscriptRecorder(() => t++, 10);
    for (let i = 0; i < 100; i++) r.server(`line ${i}`);
    const lines = r.entries().map((e) => e.line);
    expect(lines).toEqual([
      'line 0',
      'line 1',
      'line 2',
      'line 3',
      'line 4',
      '[90 entries omitted]',
      'line 95',
      'line 96',
      'line 97',
      'line 98',
      'line 99',
    ]);
    expect(r.entries()[5]).toEqual({ at: 5, dir: '*', line: '[90 entries omitted]' });
  });

  it('cuts a very long line', () => {
    const r = new TranscriptRecorder(() => 0);
    r.server(`-ERR ${'x'.repeat(5000)}`);
    const [entry] = r.entries();
    expect(entry?.line.length).toBeLessThan(TRANSCRIPT_MAX_LINE_CHARS + 40);
    expect(entry?.line).toMatch(/… \[4493 more characters\]$/);
  });

  it('hands out copies that cannot change what was recorded', () => {
    const r = new TranscriptRecorder(() => 0);
    r.server('+OK');
    const copy = r.entries();
    copy.pop();
    expect(r.entries()).toHaveLength(1);
    expect(Object.isFrozen(r.entries()[0])).toBe(true);
  });
});
