import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inCi, missingPrograms } from './requirements.ts';

describe('test requirements', () => {
  it('reads CI the way CI services set it', () => {
    expect(inCi({ CI: 'true' })).toBe(true);
    expect(inCi({ CI: '1' })).toBe(true);
    expect(inCi({})).toBe(false);
    expect(inCi({ CI: '' })).toBe(false);
    expect(inCi({ CI: 'false' })).toBe(false);
    expect(inCi({ CI: '0' })).toBe(false);
  });

  it('lists only the programs that are not there or not executable', () => {
    const notExecutable = path.join(mkdtempSync(path.join(os.tmpdir(), 'poplar-req-')), 'data.txt');
    writeFileSync(notExecutable, 'text', { mode: 0o644 });
    const missing = missingPrograms({ what: 'x', programs: [process.execPath, '/nonexistent/dovecot', notExecutable] });
    expect(missing).toEqual(['/nonexistent/dovecot', notExecutable]);
  });
});
