import { defineConfig } from 'vitest/config';

// Three tiers, mirroring the layers (STYLE.md): pure and scripted-server tests (unit),
// tests against a real Dovecot started by the test (dovecot), and end-to-end tests in
// Debian's Chromium (e2e). `vitest run` runs all three; `--project NAME` one of them.
export default defineConfig({
  test: {
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{electron,renderer,shared,tests,tools,bench}/**/*.test.ts'],
          exclude: ['**/*.dovecot.test.ts', '**/*.servers.test.ts', '**/*.e2e.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'dovecot',
          include: ['{electron,tests}/**/*.dovecot.test.ts'],
          // Dovecot delays a refused second login by about 10 s and a wrong password by ~1.5 s.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'servers',
          // Real POP3 servers from Debian other than Dovecot (Courier, Cyrus, popa3d, solid-pop3d),
          // each started by its test on 127.0.0.1 (tests/support/servers/).
          include: ['{electron,tests}/**/*.servers.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['{renderer,tests}/**/*.e2e.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
