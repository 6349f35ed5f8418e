// `poplar probe` as a user runs it — a child process on Node 24 with the password on
// stdin — against the Dovecot fixture in all three security modes.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { plainCorpus } from '../../tests/support/messages.ts';
import { startDovecot, type DovecotInstance } from '../../tests/support/dovecot.ts';
import { DOVECOT, describeWith } from '../../tests/support/requirements.ts';

const CLI = fileURLToPath(new URL('./poplar.ts', import.meta.url));
const PASSWORD = 'pr0be-Secret';

function poplar(args: string[], stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describeWith(DOVECOT, 'poplar probe against Dovecot', () => {
  let dovecot: DovecotInstance;

  beforeAll(async () => {
    dovecot = await startDovecot({ users: [{ name: 'carol', password: PASSWORD }] });
    await dovecot.seed('carol', plainCorpus(4));
  });

  afterAll(async () => {
    await dovecot?.stop();
  });

  const common = (): string[] => ['probe', '--host', '127.0.0.1', '--user', 'carol', '--password-stdin'];

  it('reports implicit TLS, the certificate, the login method and the mailbox', async () => {
    const r = await poplar(
      [...common(), '--port', String(dovecot.tlsPort), '--security', 'tls', '--ca-file', dovecot.caFile],
      `${PASSWORD}\n`,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Security: +TLS \(POP3S\), TLSv1\.[23]/);
    expect(r.stdout).toContain(`SHA-256 ${dovecot.serverCertFingerprint256}`);
    expect(r.stdout).toMatch(/Signed in: +with PLAIN/);
    expect(r.stdout).toMatch(/Mailbox: +4 messages/);
    expect(r.stdout).toMatch(/Login delay: +none announced/);
    expect(r.stdout).not.toContain(PASSWORD);
  });

  it('reports STARTTLS as JSON', async () => {
    const r = await poplar(
      [...common(), '--port', String(dovecot.port), '--security', 'starttls', '--ca-file', dovecot.caFile, '--json'],
      PASSWORD,
    );
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ ok: true, security: 'starttls', messages: 4, authMethod: 'plain', quitAcknowledged: true });
    expect((report.tls as { certificate: { fingerprint256: string } }).certificate.fingerprint256).toBe(dovecot.serverCertFingerprint256);
  });

  it('warns that a connection without security is unencrypted', async () => {
    const r = await poplar([...common(), '--port', String(dovecot.port), '--security', 'none'], PASSWORD);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Security: +none — the password and your mail cross the network unencrypted/);
    expect(r.stdout).toMatch(/Signed in: +with CRAM-MD5/); // the strongest without TLS
  });

  it('explains an untrusted certificate, naming it, with exit code 1', async () => {
    const r = await poplar([...common(), '--port', String(dovecot.tlsPort), '--security', 'tls'], PASSWORD);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Poplar did not send your password');
    expect(r.stderr).toContain(dovecot.serverCertFingerprint256);
  });

  it('explains a wrong password with exit code 1 and no lock talk', async () => {
    const r = await poplar([...common(), '--port', String(dovecot.tlsPort), '--ca-file', dovecot.caFile, '--json'], 'not-it');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { ok: boolean; error: { code: string; responseCode: string; description: string } };
    expect(out).toMatchObject({ ok: false, error: { code: 'auth-failed', responseCode: 'AUTH' } });
    expect(out.error.description).toMatch(/did not accept the user name or password/);
    expect(r.stdout).not.toContain('not-it');
  });
});
