import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultLockDir, lockFilePath } from './lock-dir.ts';
import { mailboxKey } from '../../shared/mailbox-key.ts';

describe('the lock folder', () => {
  it('is /tmp/poplar-<uid>/locks on POSIX whatever XDG_RUNTIME_DIR and TMPDIR say (cron has neither)', () => {
    if (process.platform === 'win32') return;
    const saved = { xdg: process.env['XDG_RUNTIME_DIR'], tmp: process.env['TMPDIR'] };
    try {
      process.env['XDG_RUNTIME_DIR'] = '/run/user/4242';
      process.env['TMPDIR'] = '/var/tmp/elsewhere';
      const withEnv = defaultLockDir();
      delete process.env['XDG_RUNTIME_DIR'];
      delete process.env['TMPDIR'];
      expect(defaultLockDir()).toBe(withEnv);
      expect(withEnv).toBe(`/tmp/poplar-${process.getuid?.()}/locks`);
    } finally {
      for (const [name, value] of [
        ['XDG_RUNTIME_DIR', saved.xdg],
        ['TMPDIR', saved.tmp],
      ] as const) {
        if (value === undefined) Reflect.deleteProperty(process.env, name);
        else process.env[name] = value;
      }
    }
  });
});

describe('lockFilePath', () => {
  it('names files by a hash plus a readable part that is safe on every file system', () => {
    const name = path.basename(lockFilePath('/x', mailboxKey('con.example.com', 110, 'a/b\\c:d*e')));
    expect(name).toMatch(/^[0-9a-f]{16}-con\.example\.com_pop3_a_b_c_d_e\.lock$/);
  });

  it('gives two mailboxes two files in the one folder', () => {
    const a = lockFilePath('/x', mailboxKey('pop.example.com', 995, 'alice'));
    const b = lockFilePath('/x', mailboxKey('pop.example.com', 995, 'bob'));
    expect(a).not.toBe(b);
    expect(path.dirname(a)).toBe('/x');
  });
});
