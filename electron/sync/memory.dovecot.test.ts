// "A message body is never held whole in memory: it streams from socket to disk" (DESIGN.md,
// invariants). A ~100 MB message is downloaded from a real Dovecot by a sync session running
// alone in a child process (tests/support/memory-sync-child.ts), over each transport, and the
// child's peak resident set may grow by less than 64 MB over its baseline: the POP3 reader,
// the .eml writes and the MIME parse (mailparser, attachment streamed and dropped) together.
// Most of what remains is not held but dead: Node allocates a buffer per socket read and per
// file read, and V8 frees them in batches.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeBigAttachmentMessage } from '../../tests/support/corpus.ts';
import { startDovecot, type DovecotInstance } from '../../tests/support/dovecot.ts';
import { DOVECOT, describeWith } from '../../tests/support/requirements.ts';
import { addAccount } from '../store/accounts.ts';
import { accountSettings } from '../../shared/fixtures/account-settings.ts';
import { getMessage, listMessages } from '../store/messages.ts';
import { openProfile } from '../store/profile.ts';
import { seconds } from '../../tests/support/timeouts.ts';

const CHILD = fileURLToPath(new URL('../../tests/support/memory-sync-child.ts', import.meta.url));
const USER = 'big';
const PASSWORD = 'memory-Secret-3';
/** 75 MiB of attachment is ~101 MB of message once base64-encoded. */
const ATTACHMENT_BYTES = 75 * 1024 * 1024;
const MAX_GROWTH_BYTES = 64 * 1024 * 1024;
const MB = 1024 * 1024;

interface ChildReport {
  baselineRss: number;
  maxRss: number;
  downloaded: number;
  outcome: string;
  error: { code: string; message: string } | null;
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function runChild(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', CHILD, ...args], {
    env: { ...process.env, POPLAR_MEMORY_TEST_PASSWORD: PASSWORD },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
  child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describeWith(DOVECOT, 'streaming keeps memory flat', () => {
  let dovecot: DovecotInstance;
  let root: string;
  let seededFile: string;
  let seededHash: string;
  let seededBytes: number;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'poplar-memory-'));
    dovecot = await startDovecot({ users: [{ name: USER, password: PASSWORD }] });
    seededFile = path.join(root, 'big.eml');
    await writeBigAttachmentMessage(seededFile, ATTACHMENT_BYTES);
    seededHash = await sha256(seededFile);
    seededBytes = (await stat(seededFile)).size;
    // The fixture takes the bytes; the test process may hold them, only the child is measured.
    await dovecot.seed(USER, [await readFile(seededFile)]);
  }, seconds(120));

  afterAll(async () => {
    await dovecot?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  // Every transport: plain TCP reads into one fixed receive buffer (electron/pop3/reader.ts,
  // ReceiveBuffer); TLS and STLS get a new buffer per read from Node and rely on the reader
  // never copying them into a growing buffer.
  for (const security of ['none', 'tls', 'starttls'] as const) {
    it(
      `downloads a ~100 MB message byte-identical with under 64 MB of peak RSS growth (security ${security})`,
      async () => {
        const profileDir = path.join(root, `profile-${security}`);
        const setup = openProfile(profileDir);
        addAccount(
          setup.db,
          accountSettings({
            name: USER,
            host: '127.0.0.1',
            port: security === 'tls' ? dovecot.tlsPort : dovecot.port,
            security,
            user: USER,
            caFile: security === 'none' ? null : dovecot.caFile,
          }),
          Date.now(),
        );
        setup.close();

        const started = Date.now();
        const child = await runChild([profileDir, path.join(root, 'locks'), USER]);
        const ms = Date.now() - started;
        expect(child.code, child.stderr).toBe(0);
        const report = JSON.parse(child.stdout) as ChildReport;
        expect(report.error).toBeNull();
        expect(report).toMatchObject({ outcome: 'ok', downloaded: 1 });

        const profile = openProfile(profileDir);
        try {
          const [row] = listMessages(profile.db, { includeDeleted: true });
          const detail = getMessage(profile.db, row?.id ?? 0);
          expect(detail).not.toBeNull();
          const stored = profile.files.absolute(detail?.path ?? '');
          const seededSize = (await stat(seededFile)).size;
          expect(seededSize).toBeGreaterThan(100 * 1000 * 1000);
          expect((await stat(stored)).size).toBe(seededSize);
          expect(await sha256(stored)).toBe(seededHash);
          expect(detail?.attachments.map((a) => a.size)).toEqual([ATTACHMENT_BYTES]);
        } finally {
          profile.close();
        }

        const growth = report.maxRss - report.baselineRss;
        console.log(
          `[memory] security ${security}, ${(seededBytes / MB).toFixed(1)} MiB message: baseline RSS ${(report.baselineRss / MB).toFixed(1)} MiB, ` +
            `peak ${(report.maxRss / MB).toFixed(1)} MiB, growth ${(growth / MB).toFixed(1)} MiB; the child ran ${ms} ms`,
        );
        expect(growth).toBeLessThan(MAX_GROWTH_BYTES);
      },
      seconds(120),
    );
  }
});
