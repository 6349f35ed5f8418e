// Pop3Client and TLS: STLS (RFC 2595 §4) and implicit TLS (RFC 8314), certificates trusted by
// an added CA or by a pinned fingerprint, and every way it can fail — none of which may send
// a credential or fall back to plaintext.
import { createServer as createNetServer, connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ScriptedPop3Server, SessionRecord } from '../../tests/support/scripted-pop3.ts';
import { Pop3Client } from './client.ts';
import { ALICE, clientOptions, crlf, pop3Failure, sink, useScriptedServers } from './fixtures/scripted-client.ts';
import { testCertificates, type TestCertificates } from '../../tests/support/servers/certs.ts';
import { TranscriptRecorder } from './transcript.ts';
import { seconds } from '../../tests/support/timeouts.ts';

const start = useScriptedServers();
let certs: TestCertificates;

beforeAll(async () => {
  certs = await testCertificates();
}, seconds(30));

const MESSAGE = { uidl: 'tls-1', body: crlf('Subject: over TLS', '', '.dotted', 'end') };
const sentCredentials = (record: SessionRecord): string[] => record.commands.filter((c) => /^(USER|PASS|APOP|AUTH)\b/i.test(c));

describe('Pop3Client: STLS', () => {
  it('security "starttls" against a server without STLS is starttls-unavailable, before any credential', async () => {
    const server = await start({ users: [ALICE] });
    const error = await pop3Failure(Pop3Client.connect(clientOptions(server, { security: 'starttls' })));
    expect(error).toMatchObject({ code: 'starttls-unavailable', command: 'STLS' });
    const record = await server.waitForSessionClosed(1);
    expect(record.commands).toEqual(['CAPA', 'QUIT']);
  });

  for (const reply of ['-ERR Unknown command, or not valid before login.', '-ERR [SYS/TEMP] TLS is not available now.']) {
    it(`STLS answered "${reply}" is starttls-unavailable, never a plaintext login`, async () => {
      const server = await start({
        users: [ALICE],
        capabilities: ['USER', 'STLS', 'SASL PLAIN'],
        rules: [{ when: { command: 'STLS' }, reply }],
      });
      const error = await pop3Failure(Pop3Client.connect(clientOptions(server, { security: 'starttls', auth: 'auto' })));
      expect(error).toMatchObject({ code: 'starttls-unavailable', command: 'STLS', serverText: reply.replace(/^-ERR (\[[^\]]+\] )?/, '') });
      const record = await server.waitForSessionClosed(1);
      expect(sentCredentials(record)).toEqual([]);
      expect(record.commands).toEqual(['CAPA', 'STLS', 'QUIT']);
    });
  }

  it('an untrusted certificate is tls, with the certificate described, and no credential sent', async () => {
    const server = await start({ users: [ALICE], tls: { key: certs.server.key, cert: certs.server.cert } });
    const transcript = new TranscriptRecorder(Date.now);
    const error = await pop3Failure(Pop3Client.connect(clientOptions(server, { security: 'starttls', auth: 'auto', transcript })));
    expect(error.code).toBe('tls');
    // Not even QUIT in the clear on a connection that was handed to TLS.
    expect(
      transcript
        .entries()
        .filter((e) => e.dir === 'C')
        .map((e) => e.line),
    ).toEqual(['CAPA', 'STLS']);
    expect(error.tls).toMatchObject({ subject: 'CN=localhost', issuer: 'CN=Poplar Test CA', fingerprint256: certs.server.fingerprint256 });
    expect(error.tls?.reason).toMatch(/verify|issuer|self.signed/i);
    const record = await server.waitForSessionClosed(1);
    expect(record.commands).toEqual(['CAPA', 'STLS']);
  });

  it('with the CA added to the trust, STLS succeeds, CAPA is asked again, and the session works', async () => {
    const server = await start({ users: [ALICE], messages: [MESSAGE], tls: { key: certs.server.key, cert: certs.server.cert } });
    const client = await Pop3Client.connect(clientOptions(server, { security: 'starttls', auth: 'auto', trust: { caPem: certs.caPem } }));
    expect(client.facts.tls).toMatchObject({
      verifiedBy: 'certificate-authority',
      certificate: { subject: 'CN=localhost', issuer: 'CN=Poplar Test CA', fingerprint256: certs.server.fingerprint256 },
    });
    expect(client.facts.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    // RFC 2595 §4: what CAPA said before TLS is forgotten; this server stops offering STLS.
    expect(client.facts.capabilities.stls).toBe(false);
    expect(client.facts.authMethod).toBe('plain'); // inside TLS, PLAIN is preferred (choose.ts)
    const body = sink();
    await client.retr(1, body.consume);
    expect(body.text()).toBe(MESSAGE.body);
    expect((await client.quit()).acknowledged).toBe(true);
    const record = server.sessions()[0];
    expect(record?.commands.slice(0, 4).map((c) => c.split(' ').slice(0, 2).join(' '))).toEqual(['CAPA', 'STLS', 'CAPA', 'AUTH PLAIN']);
    expect(record?.endedBy).toBe('quit');
  });

  it('a pinned fingerprint accepts a self-signed certificate whose name does not match', async () => {
    const server = await start({ users: [ALICE], tls: { key: certs.selfSigned.key, cert: certs.selfSigned.cert } });
    // Lower case and without colons: a pin is compared however it was typed.
    const pin = certs.selfSigned.fingerprint256.replace(/:/g, '').toLowerCase();
    const client = await Pop3Client.connect(clientOptions(server, { security: 'starttls', trust: { fingerprint256: pin } }));
    expect(client.facts.tls).toMatchObject({ verifiedBy: 'pinned-fingerprint', certificate: { subject: 'CN=pinned.poplar.invalid' } });
    expect((await client.quit()).acknowledged).toBe(true);
  });

  it('the same certificate without a pin is tls', async () => {
    const server = await start({ users: [ALICE], tls: { key: certs.selfSigned.key, cert: certs.selfSigned.cert } });
    const error = await pop3Failure(Pop3Client.connect(clientOptions(server, { security: 'starttls' })));
    expect(error.code).toBe('tls');
    expect(error.tls?.fingerprint256).toBe(certs.selfSigned.fingerprint256);
    expect(sentCredentials(await server.waitForSessionClosed(1))).toEqual([]);
  });

  it('a wrong pin is tls, even for a certificate a CA vouches for', async () => {
    const server = await start({ users: [ALICE], tls: { key: certs.server.key, cert: certs.server.cert } });
    const error = await pop3Failure(
      Pop3Client.connect(
        clientOptions(server, {
          security: 'starttls',
          trust: { caPem: certs.caPem, fingerprint256: certs.selfSigned.fingerprint256 },
        }),
      ),
    );
    expect(error.code).toBe('tls');
    expect(error.tls).toMatchObject({ fingerprint256: certs.server.fingerprint256, reason: expect.stringMatching(/pinned fingerprint/) });
    expect(sentCredentials(await server.waitForSessionClosed(1))).toEqual([]);
  });

  it('bytes sent in the clear after +OK to STLS are refused (RFC 2595 §4, CVE-2011-0411)', async () => {
    const server = await start({
      users: [ALICE],
      tls: { key: certs.server.key, cert: certs.server.cert },
      rules: [{ when: { command: 'STLS' }, raw: '+OK Begin TLS negotiation.\r\n+OK injected\r\n' }],
    });
    const error = await pop3Failure(Pop3Client.connect(clientOptions(server, { security: 'starttls', trust: { caPem: certs.caPem } })));
    expect(error).toMatchObject({ code: 'protocol', command: 'STLS' });
    expect(sentCredentials(await server.waitForSessionClosed(1))).toEqual([]);
  });
});

describe('Pop3Client: implicit TLS (POP3S)', () => {
  // The scripted server speaks plain POP3; a TLS terminator in front of it makes it a POP3S server.
  let front: TlsServer | null = null;
  afterEach(async () => {
    await new Promise((resolve) => (front ? front.close(resolve) : resolve(undefined)));
    front = null;
  });

  async function pop3s(server: ScriptedPop3Server, pair: { key: string; cert: string }): Promise<{ host: string; port: number }> {
    const tls = createTlsServer({ key: pair.key, cert: pair.cert }, (secure) => {
      const plain = netConnect(server.port, server.host);
      secure.pipe(plain).pipe(secure);
      secure.on('error', () => plain.destroy());
      plain.on('error', () => secure.destroy());
      secure.on('close', () => plain.destroy());
    });
    front = tls;
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    return { host: '127.0.0.1', port: (tls.address() as AddressInfo).port };
  }

  it('connects with the CA trusted and prefers PLAIN', async () => {
    const server = await start({ users: [ALICE], messages: [MESSAGE] });
    const client = await Pop3Client.connect(
      clientOptions(await pop3s(server, certs.server), { security: 'tls', auth: 'auto', trust: { caPem: certs.caPem } }),
    );
    expect(client.facts.tls?.verifiedBy).toBe('certificate-authority');
    expect(client.facts.authMethod).toBe('plain');
    expect(await client.uidlOne(1)).toEqual({ msg: 1, uidl: 'tls-1' });
    expect((await client.quit()).acknowledged).toBe(true);
  });

  it('an untrusted certificate is tls and the POP3 server never sees a byte', async () => {
    const server = await start({ users: [ALICE] });
    const error = await pop3Failure(Pop3Client.connect(clientOptions(await pop3s(server, certs.server), { security: 'tls' })));
    expect(error.code).toBe('tls');
    expect(error.tls?.subject).toBe('CN=localhost');
    if (server.sessions().length > 0) expect((await server.waitForSessionClosed(1)).commands).toEqual([]);
  });

  // transport.ts verifies the peer itself after the handshake (rejectUnauthorized: false, so
  // that a refusal can name the certificate): the host name must be checked there too.
  it('a certificate from a trusted CA but for another name is tls, and the server never sees a byte', async () => {
    const server = await start({ users: [ALICE] });
    const error = await pop3Failure(
      Pop3Client.connect(clientOptions(await pop3s(server, certs.wrongName), { security: 'tls', trust: { caPem: certs.caPem } })),
    );
    expect(error.code).toBe('tls');
    expect(error.tls?.reason).toMatch(/issued for a different server name \(ERR_TLS_CERT_ALTNAME_INVALID\)/);
    expect(error.tls?.subject).toBe('CN=elsewhere.invalid');
    if (server.sessions().length > 0) expect((await server.waitForSessionClosed(1)).commands).toEqual([]);
  });

  it('a plain POP3 server on the POP3S port is tls, not a hang', async () => {
    const server = await start({ users: [ALICE] });
    const error = await pop3Failure(Pop3Client.connect(clientOptions(server, { security: 'tls', connectBudgetMs: 500 })));
    expect(error.code).toBe('tls');
    await server.waitForSessionClosed(1);
  });

  it('a port where nothing answers the handshake times out within the connect budget', async () => {
    const accepted: Socket[] = [];
    const silent = createNetServer((socket) => void accepted.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as AddressInfo).port;
      const error = await pop3Failure(
        Pop3Client.connect(clientOptions({ host: '127.0.0.1', port }, { security: 'tls', connectBudgetMs: 300 })),
      );
      expect(error.code).toBe('timeout');
    } finally {
      for (const socket of accepted) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
