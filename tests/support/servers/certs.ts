// A CA and a server certificate for every test server's TLS ports (Dovecot's and the
// `servers` tier's): an EC P-256 CA
// and a server certificate with subjectAltName IP:127.0.0.1 and DNS:localhost, so Poplar
// verifies it with `--ca-file` and our own post-handshake name check passes.
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCertificates {
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
  /** SHA-256 of the server certificate, "AA:BB:…", as Node's X509Certificate.fingerprint256. */
  readonly fingerprint256: string;
}

let once: Promise<TestCertificates> | undefined;

/** One CA and one server certificate per test process: openssl is slow enough to matter. */
export function testCertificates(): Promise<TestCertificates> {
  once ??= generate().catch((error: unknown) => {
    once = undefined; // let the next suite try again instead of caching the failure
    throw error;
  });
  return once;
}

async function generate(): Promise<TestCertificates> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pcert-'));
  const f = (name: string): string => path.join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    await run('openssl', ['req', '-x509', ...ec, '-keyout', f('ca.key'), '-out', f('ca.pem'),
      '-days', '30', '-subj', '/CN=Poplar Test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    await run('openssl', ['req', ...ec, '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=localhost']);
    await writeFile(f('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n' +
      'keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n');
    await run('openssl', ['x509', '-req', '-in', f('server.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'),
      '-set_serial', `0x${Date.now().toString(16)}`, '-days', '30', '-extfile', f('ext.cnf'), '-out', f('server.pem')]);
    const [caPem, certPem, keyPem] = await Promise.all(['ca.pem', 'server.pem', 'server.key'].map((n) => readFile(f(n), 'utf8')));
    if (caPem === undefined || certPem === undefined || keyPem === undefined) throw new Error('openssl wrote no certificate');
    return { caPem, certPem, keyPem, fingerprint256: new X509Certificate(certPem).fingerprint256 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
