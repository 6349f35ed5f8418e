import { defineConfig } from 'vitest/config';
import { seconds } from './tests/support/timeouts.ts';

// Three tiers, mirroring the layers (STYLE.md): pure and scripted-server tests (unit),
// tests against a real Dovecot started by the test (dovecot), and end-to-end tests in
// Debian's Chromium (e2e). `vitest run` runs all three; `--project NAME` one of them.
//
// Every project's test and hook timeouts are `seconds(n)` of tests/support/timeouts.ts, so
// POPLAR_TEST_TIME_SCALE (2 under CI) raises them all; no test leans on Vitest's 5 s default,
// which a loaded machine exceeds as soon as a test starts a process.
export default defineConfig({
  test: {
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{electron,renderer,shared,tests,tools,bench}/**/*.test.ts'],
          exclude: ['**/*.dovecot.test.ts', '**/*.servers.test.ts', '**/*.e2e.test.ts', '**/node_modules/**'],
          // Many unit tests start a scripted server or `poplar` as a child process (Node 24
          // loading TypeScript takes ~1 s idle, many seconds under load).
          testTimeout: seconds(30),
          hookTimeout: seconds(30),
        },
      },
      {
        test: {
          name: 'dovecot',
          include: ['{electron,tests}/**/*.dovecot.test.ts'],
          // Dovecot delays a refused second login by about 10 s and a wrong password by ~1.5 s.
          // Tests here start several `poplar` processes in turn: the slowest took 51 s at a load
          // average of 4–8 (2 cores), so 60 s left too little room.
          testTimeout: seconds(120),
          hookTimeout: seconds(60),
        },
      },
      {
        test: {
          name: 'servers',
          // Real POP3 servers from Debian other than Dovecot (Courier, Cyrus, popa3d, solid-pop3d),
          // each started by its test on 127.0.0.1 (tests/support/servers/).
          include: ['{electron,tests}/**/*.servers.test.ts'],
          testTimeout: seconds(120),
          hookTimeout: seconds(120),
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['{renderer,tests}/**/*.e2e.test.ts'],
          testTimeout: seconds(60),
          hookTimeout: seconds(60),
        },
      },
    ],
  },
});
