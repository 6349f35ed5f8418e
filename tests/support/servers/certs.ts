// Certificates for every TLS test, made with the openssl CLI: an EC P-256 CA and a server
// certificate with subjectAltName IP:127.0.0.1 and DNS:localhost (every test server's TLS
// ports, so Poplar verifies it with `--ca-file` and our own post-handshake name check passes);
// for the client's refusals, a CA-signed certificate for another name and a self-signed one,
// which only a pinned fingerprint can make acceptable.
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCertificates {
  readonly caPem: string;
  /** Signed by the CA, SAN IP:127.0.0.1 and DNS:localhost. */
  readonly server: KeyPair;
  /** Self-signed, CN and SAN pinned.poplar.invalid: no CA vouches for it, nor does the name fit. */
  readonly selfSigned: KeyPair;
  /** Signed by the CA, but for elsewhere.invalid only: the chain is fine, the name is not. */
  readonly wrongName: KeyPair;
}

export interface KeyPair {
  readonly key: string;
  readonly cert: string;
  /** SHA-256 of the certificate, "AA:BB:…", as Node's X509Certificate.fingerprint256. */
  readonly fingerprint256: string;
}

let once: Promise<TestCertificates> | undefined;

/** One set per test process: openssl is slow enough to matter. */
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
  const signed = async (name: string, cn: string, san: string, serial: number): Promise<void> => {
    await run('openssl', ['req', ...ec, '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`), '-subj', `/CN=${cn}`]);
    await writeFile(
      f(`${name}.cnf`),
      `subjectAltName=${san}\nbasicConstraints=CA:FALSE\n` + 'keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n',
    );
    await run('openssl', [
      'x509',
      '-req',
      '-in',
      f(`${name}.csr`),
      '-CA',
      f('ca.pem'),
      '-CAkey',
      f('ca.key'),
      '-set_serial',
      `0x${serial.toString(16)}`,
      '-days',
      '30',
      '-extfile',
      f(`${name}.cnf`),
      '-out',
      f(`${name}.pem`),
    ]);
  };
  try {
    await run('openssl', [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      f('ca.key'),
      '-out',
      f('ca.pem'),
      '-days',
      '30',
      '-subj',
      '/CN=Poplar Test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    await signed('server', 'localhost', 'IP:127.0.0.1,DNS:localhost', Date.now());
    await signed('wrong', 'elsewhere.invalid', 'DNS:elsewhere.invalid', Date.now() + 1);
    await run('openssl', [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      f('self.key'),
      '-out',
      f('self.pem'),
      '-days',
      '30',
      '-subj',
      '/CN=pinned.poplar.invalid',
      '-addext',
      'subjectAltName=DNS:pinned.poplar.invalid',
    ]);
    const read = (name: string): Promise<string> => readFile(f(name), 'utf8');
    const pair = async (name: string): Promise<KeyPair> => {
      const cert = await read(`${name}.pem`);
      return { key: await read(`${name}.key`), cert, fingerprint256: new X509Certificate(cert).fingerprint256 };
    };
    return { caPem: await read('ca.pem'), server: await pair('server'), selfSigned: await pair('self'), wrongName: await pair('wrong') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
