// The POP3 client against a real Dovecot 2.3 (tests/support/dovecot.ts): every transport,
// the authentication methods Dovecot offers, its real refusals, and pipelined retrieval.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { plainCorpus } from '../../tests/support/messages.ts';
import { startDovecot, type DovecotInstance } from '../../tests/support/dovecot.ts';
import { DOVECOT, describeWith } from '../../tests/support/requirements.ts';
import { Pop3Client, type Pop3ClientOptions } from './client.ts';
import { Pop3Error } from './errors.ts';
import { TranscriptRecorder } from './transcript.ts';
import { Secret } from '../secrets/secret.ts';

const PASSWORD = 'Corr3ct-H0rse-Battery';
const MESSAGES = 500;

/** Whatever the client threw, as a Pop3Error (fails the test otherwise). */
async function pop3Failure(promise: Promise<unknown>): Promise<Pop3Error> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Pop3Error);
  return error as Pop3Error;
}

function collect(): { consume: (chunk: Buffer) => void; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  return { consume: (chunk) => void chunks.push(Buffer.from(chunk)), bytes: () => Buffer.concat(chunks) };
}

describeWith(DOVECOT, 'POP3 client against Dovecot', () => {
  let dovecot: DovecotInstance;
  let corpus: string[];

  beforeAll(async () => {
    dovecot = await startDovecot({
      users: [
        { name: 'alice', password: PASSWORD },
        { name: 'bob', password: PASSWORD },
      ],
    });
    corpus = plainCorpus(MESSAGES);
    await dovecot.seed('alice', corpus);
    await dovecot.seed('bob', corpus.slice(0, 3));
  });

  afterAll(async () => {
    await dovecot?.stop();
  });

  // A failed assertion must not leave a session open: Dovecot would refuse every later
  // login on that mailbox with [IN-USE] and turn one failure into many.
  const opened: Pop3Client[] = [];
  afterEach(() => {
    for (const client of opened.splice(0)) client.destroy();
  });
  const connect = async (options: Pop3ClientOptions): Promise<Pop3Client> => {
    const client = await Pop3Client.connect(options);
    opened.push(client);
    return client;
  };

  const base = (over: Partial<Pop3ClientOptions> = {}): Pop3ClientOptions => ({
    host: '127.0.0.1',
    port: dovecot.port,
    security: 'none',
    credentials: { kind: 'password', user: 'bob', password: new Secret(PASSWORD) },
    ...over,
  });

  describe('transports and login', () => {
    it('logs in with USER/PASS in the clear and reads STAT', async () => {
      const client = await connect(base({ auth: 'user' }));
      expect(client.facts.authMethod).toBe('user');
      expect(client.facts.tls).toBeNull();
      expect(await client.stat()).toEqual({ count: 3, octets: expect.any(Number) });
      expect((await client.quit()).acknowledged).toBe(true);
    });

    it('upgrades with STLS, verifies the certificate with the CA file, and uses SASL PLAIN', async () => {
      const client = await connect(base({ security: 'starttls', auth: 'plain', trust: { caPem: dovecot.caPem } }));
      expect(client.facts.authMethod).toBe('plain');
      expect(client.facts.tls?.verifiedBy).toBe('certificate-authority');
      expect(client.facts.tls?.certificate.fingerprint256).toBe(dovecot.serverCertFingerprint256);
      // RFC 2595 §4: CAPA is asked again inside TLS; Dovecot no longer offers STLS there.
      expect(client.facts.capabilities.stls).toBe(false);
      expect((await client.quit()).acknowledged).toBe(true);
    });

    it('connects with implicit TLS verified by the CA file, choosing the method itself', async () => {
      const client = await connect(base({ port: dovecot.tlsPort, security: 'tls', trust: { caPem: dovecot.caPem } }));
      expect(client.facts.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
      expect(client.facts.authMethod).toBe('plain'); // strongest over TLS (auth/choose.ts)
      expect((await client.uidl()).length).toBe(3);
      expect((await client.quit()).acknowledged).toBe(true);
    });

    it('accepts a pinned certificate fingerprint without the CA', async () => {
      const client = await connect(
        base({ port: dovecot.tlsPort, security: 'tls', trust: { fingerprint256: dovecot.serverCertFingerprint256.toLowerCase() } }),
      );
      expect(client.facts.tls?.verifiedBy).toBe('pinned-fingerprint');
      await client.quit();
    });

    it('logs in with CRAM-MD5 when asked', async () => {
      const client = await connect(base({ auth: 'cram-md5' }));
      expect(client.facts.authMethod).toBe('cram-md5');
      await client.quit();
    });

    it('refuses an untrusted certificate and names it', async () => {
      const error = await pop3Failure(Pop3Client.connect(base({ port: dovecot.tlsPort, security: 'tls' })));
      expect(error.code).toBe('tls');
      expect(error.tls?.fingerprint256).toBe(dovecot.serverCertFingerprint256);
      expect(error.tls?.subject).toMatch(/CN=/);
      expect(error.tls?.issuer).toMatch(/CN=/);
      expect(error.tls?.reason).toMatch(/not signed by an authority this computer trusts/);
    });

    it('refuses STLS with an untrusted certificate before sending any credentials', async () => {
      const transcript = new TranscriptRecorder(Date.now);
      const error = await pop3Failure(Pop3Client.connect(base({ security: 'starttls', transcript })));
      expect(error.code).toBe('tls');
      expect(
        transcript
          .entries()
          .filter((e) => e.dir === 'C')
          .map((e) => e.line),
      ).toEqual(['CAPA', 'STLS']);
    });

    it("reports a wrong password as auth-failed, with Dovecot's [AUTH] code", async () => {
      const error = await pop3Failure(
        Pop3Client.connect(base({ credentials: { kind: 'password', user: 'bob', password: new Secret('wrong') } })),
      );
      expect(error).toMatchObject({ code: 'auth-failed', responseCode: 'AUTH', certain: true });
    });
  });

  it('reports a second session on a locked mailbox as mailbox-locked with [IN-USE], not as a password problem', async () => {
    const holder = await connect(base({ auth: 'user' }));
    try {
      const error = await pop3Failure(Pop3Client.connect(base({ auth: 'user' })));
      expect(error).toMatchObject({ code: 'mailbox-locked', responseCode: 'IN-USE', command: 'PASS', certain: true });
    } finally {
      expect((await holder.quit()).acknowledged).toBe(true);
    }
  });

  it('retrieves 500 messages pipelined, byte-identical to one-at-a-time retrieval and to what was seeded', async () => {
    const alice = (window: number): Pop3ClientOptions =>
      base({ credentials: { kind: 'password', user: 'alice', password: new Secret(PASSWORD) }, pipelineWindow: window });
    const retrieveAll = async (window: number): Promise<Buffer[]> => {
      const client = await connect(alice(window));
      expect(client.pipelineWindow).toBe(window);
      const { count } = await client.stat();
      const bodies: Buffer[] = [];
      const sinks = new Map<number, ReturnType<typeof collect>>();
      await client.retrMany(
        Array.from({ length: count }, (_, i) => i + 1),
        (msg) => {
          const sink = collect();
          sinks.set(msg, sink);
          return sink.consume;
        },
        ({ msg, result }) => {
          expect(result).toMatchObject({ msg, octets: sinks.get(msg)?.bytes().length, stopped: false });
          bodies.push(sinks.get(msg)?.bytes() ?? Buffer.alloc(0));
        },
      );
      expect((await client.quit()).acknowledged).toBe(true);
      return bodies;
    };
    const pipelined = await retrieveAll(32);
    const sequential = await retrieveAll(1);
    expect(pipelined).toHaveLength(MESSAGES);
    for (let i = 0; i < MESSAGES; i++) {
      expect(pipelined[i]?.equals(sequential[i] ?? Buffer.alloc(0)), `message ${i + 1}`).toBe(true);
      expect(pipelined[i]?.toString('utf8'), `message ${i + 1}`).toBe(corpus[i]);
    }
  });

  it('records a whole session in a transcript that never contains the password', async () => {
    const transcript = new TranscriptRecorder(Date.now);
    for (const auth of ['user', 'plain', 'login', 'cram-md5'] as const) {
      const client = await connect(base({ auth, transcript }));
      const body = collect();
      await client.retr(1, body.consume);
      await client.quit();
    }
    const text = JSON.stringify(transcript.entries());
    const b64 = (s: string): string => Buffer.from(s).toString('base64');
    for (const needle of [PASSWORD, b64(PASSWORD), b64(`\0bob\0${PASSWORD}`), b64(`bob\0${PASSWORD}`)]) {
      expect(text).not.toContain(needle);
    }
    expect(text).toContain('PASS [redacted]');
    expect(text).toContain('AUTH PLAIN [redacted]');
    expect(text).toMatch(/\[message body: \d+ bytes\]/);
    expect(text).not.toContain('Message 1.'); // bodies are sizes only
  });
});
