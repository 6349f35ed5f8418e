// Results of the `servers` tier, kept for README's compatibility table. Each test that
// reproduces a server's refusal for real records what Poplar showed for it; after the tier
// runs, `node scripts/compat-table.mjs` rewrites README's table from these files, so the
// table says what the tests saw, not what someone wrote by hand.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MailboxReport } from '../../../electron/diagnostics/mailbox.ts';

export const COMPAT_DIR = path.resolve(import.meta.dirname, '../../../test-results/compat');

export interface CompatRow {
  /** "Courier", "Cyrus", "popa3d", "solid-pop3d", "Dovecot". */
  readonly server: string;
  /** As the installed package reports it, e.g. "1.0.16 (Debian courier-pop 1.0.16-3)". */
  readonly version: string;
  /** The security modes the fixture tested: "none", "starttls", "tls". */
  readonly security: readonly string[];
  /** What the scenario does to the server, e.g. "fcntl lock on the mbox", "sticky bit on home". */
  readonly scenario: string;
  /** The error code Poplar gave (or "ok"). */
  readonly code: string;
  /** The diagnosis cause Poplar named, when it named one. */
  readonly cause: string | null;
  /** What Poplar does next: "backoff until HH:MM", "paused", "retry", … in a few words. */
  readonly action: string;
}

/** Adds (or replaces, by server + scenario) one row in test-results/compat/<server>.json. */
export function recordCompat(row: CompatRow): void {
  mkdirSync(COMPAT_DIR, { recursive: true });
  const file = path.join(COMPAT_DIR, `${row.server.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.json`);
  let rows: CompatRow[];
  try {
    rows = JSON.parse(readFileSync(file, 'utf8')) as CompatRow[];
  } catch {
    rows = []; // the first row for this server
  }
  rows = rows.filter((r) => r.scenario !== row.scenario);
  rows.push(row);
  writeFileSync(file, `${JSON.stringify(rows, null, 2)}\n`);
}

/** What Poplar does next, for a row's `action`: a few words that do not change from run to run. */
export function compatAction(r: MailboxReport, endedAt: number): string {
  const s = r.state;
  switch (s.kind) {
    case 'paused':
      return `paused (${s.why})`;
    case 'backoff':
      return `backoff ${Math.round((s.until - endedAt) / 60_000)} min (${s.reason})`;
    case 'waiting':
      return s.reason === 'interval'
        ? 'next check at the interval'
        : `retry in ${Math.round((s.until - endedAt) / 60_000)} min (${s.reason})`;
    case 'checking':
      return 'checking';
    default: {
      const unreachable: never = s;
      return String(unreachable);
    }
  }
}
