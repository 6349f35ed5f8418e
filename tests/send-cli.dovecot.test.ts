// `poplar send` as a user runs it (a child process on Node 24) against a real Postfix that
// delivers into a real Dovecot: the message arrives once, with the account's identity, and
// `poplar sync` downloads it; a wrong SMTP password fails in plain words; input that is wrong
// stops the command before the outbox holds anything.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openProfile } from '../electron/store/profile.ts';
import { startDovecot, type DovecotInstance } from './support/dovecot.ts';
import { hasStackTrace, messagesJson, runPoplar, syncJson, type PoplarRun } from './support/poplar-cli.ts';
import { dovecotAuthForPostfix, startPostfix, type PostfixInstance } from './support/postfix.ts';
import { DOVECOT, POSTFIX, describeWithAll } from './support/requirements.ts';
import { sleep } from './support/servers/processes.ts';
import { seconds } from './support/timeouts.ts';

const ANN_PW = 'S3nd-Cli-Ann';
const BOB_PW = 'S3nd-Cli-Bob';
/** What this Postfix announces as SIZE (RFC 1870) and enforces. */
const SIZE_LIMIT = 300_000;

describeWithAll([DOVECOT, POSTFIX], 'poplar send against Postfix and Dovecot', () => {
  let dovecot: DovecotInstance;
  let postfix: PostfixInstance;
  let root: string;
  let profile: string;
  const env = { ANN_PW, BOB_PW, WRONG_PW: 'not-the-password' };

  const poplar = (args: string[], stdin = ''): Promise<PoplarRun> =>
    runPoplar([...args, '--profile', profile], { env, stdin, timeoutMs: seconds(60) });

  const outboxCount = (): number => {
    const p = openProfile(profile);
    try {
      return (p.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
    } finally {
      p.close();
    }
  };

  /** bob's delivered messages that hold `needle`, as Dovecot's Maildir has them. */
  async function inBobsMaildir(needle: string): Promise<string[]> {
    const found: string[] = [];
    for (const sub of ['new', 'cur']) {
      const dir = path.join(dovecot.dir, 'home', 'bob', 'Maildir', sub);
      for (const name of await readdir(dir)) {
        const text = await readFile(path.join(dir, name), 'utf8');
        if (text.includes(needle)) found.push(text);
      }
    }
    return found;
  }

  beforeAll(async () => {
    dovecot = await startDovecot({
      users: [
        { name: 'ann', password: ANN_PW },
        { name: 'bob', password: BOB_PW },
      ],
      extraConfig: dovecotAuthForPostfix(),
    });
    postfix = await startPostfix({ dovecot, users: ['ann', 'bob'], messageSizeLimit: SIZE_LIMIT });
    root = await mkdtemp(path.join(os.tmpdir(), 'poplar-send-cli-'));
    profile = path.join(root, 'profile');
    const signature = path.join(root, 'signature.txt');
    await writeFile(signature, 'Ann Example\nPoplar Street 1\n');
    const incoming = (name: string, user: string, password: string): string[] => [
      'account',
      'add',
      '--name',
      name,
      '--host',
      '127.0.0.1',
      '--port',
      String(dovecot.tlsPort),
      '--user',
      user,
      '--ca-file',
      dovecot.caFile,
      '--password-env',
      password,
    ];
    const outgoing = (password: string): string[] => [
      '--smtp-host',
      '127.0.0.1',
      '--smtp-port',
      String(postfix.submissionPort),
      '--smtp-security',
      'starttls',
      '--smtp-ca-file',
      dovecot.caFile,
      '--smtp-password-env',
      password,
    ];
    const identity = ['--from', 'Ann Example <ann@poplar.test>', '--reply-to', 'replies@poplar.test', '--signature-file', signature];
    for (const args of [[...incoming('Ann', 'ann', 'ANN_PW'), ...outgoing('ANN_PW'), ...identity], incoming('Bob', 'bob', 'BOB_PW')]) {
      const added = await poplar(args);
      expect(added.code, added.stderr).toBe(0);
    }
  }, seconds(90));

  afterAll(async () => {
    await postfix?.stop();
    await dovecot?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it(
    'sends once, with the account’s From, Reply-To and signature, and poplar sync downloads it',
    async () => {
      const notes = path.join(root, 'notes.txt');
      await writeFile(notes, 'attached words\n');
      const run = await poplar(
        [
          'send',
          '--account',
          'Ann',
          '--to',
          'Bob Example <bob@poplar.test>',
          '--subject',
          'Grüße vom Kommandozeilen-Test',
          '--attach',
          notes,
        ],
        'Hallo Bob,\n\ndies kam über poplar send.\n',
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const messageId = run.stdout.trim();
      expect(messageId).toMatch(/^<[0-9a-f-]+@poplar\.test>$/);

      const until = Date.now() + seconds(15);
      let arrived = await inBobsMaildir(messageId);
      while (arrived.length === 0 && Date.now() < until) {
        await sleep(200);
        arrived = await inBobsMaildir(messageId);
      }
      // A second delivery would follow the first within moments: wait a little to see none does.
      await sleep(seconds(1));
      arrived = await inBobsMaildir(messageId);
      expect(arrived).toHaveLength(1);
      const text = arrived[0] ?? '';
      expect(text).toMatch(/^From: Ann Example <ann@poplar\.test>\r?$/m);
      expect(text).toMatch(/^Reply-To: replies@poplar\.test\r?$/m);
      expect(text).toContain('filename=notes.txt');
      // The body is quoted-printable: the separator's trailing space is "=20" (the Maildir keeps LF).
      expect(text).toMatch(/\r?\n\r?\n--=20\r?\nAnn Example\r?\nPoplar Street 1\r?\n/);

      const synced = await poplar(['sync', '--account', 'Bob', '--json']);
      expect(synced.code, synced.stderr).toBe(0);
      expect(syncJson(synced)[0]).toMatchObject({ account: 'Bob', outcome: 'ok', downloaded: 1 });
      const listed = messagesJson(await poplar(['messages', '--account', 'Bob', '--json']));
      expect(listed.map((m) => [m.subject, m.fromAddress])).toEqual([['Grüße vom Kommandozeilen-Test', 'ann@poplar.test']]);
      // Ann's copy in Sent (issue 15): the bytes sent, a row with no UIDL (never a server's message).
      const sent = messagesJson(await poplar(['messages', '--account', 'Ann', '--json']));
      expect(sent.map((m) => [m.subject, m.uidl])).toEqual([['Grüße vom Kommandozeilen-Test', null]]);
    },
    seconds(90),
  );

  it(
    'a message over the SIZE the server announced at the last send is refused before the outbox holds it',
    async () => {
      const big = path.join(root, 'big.bin');
      await writeFile(big, Buffer.alloc(SIZE_LIMIT, 7)); // base64 makes it a third larger still
      const before = outboxCount();
      const run = await poplar(['send', '--account', 'Ann', '--to', 'bob@poplar.test', '--subject', 'too big', '--attach', big], 'body\n');
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /^The message is \d+ KB, larger than the 293 KB the outgoing server accepts: remove or shrink attachments\. Nothing was sent\.$/m,
      );
      expect(hasStackTrace(run.stderr)).toBe(false);
      expect(outboxCount()).toBe(before);
      expect(await inBobsMaildir('Subject: too big')).toHaveLength(0);
    },
    seconds(60),
  );

  it(
    'a wrong SMTP password: exit 1, said in plain words, not sent',
    async () => {
      const wrong = await poplar(['account', 'set', 'Ann', '--smtp-password-env', 'WRONG_PW']);
      expect(wrong.code, wrong.stderr).toBe(0);
      const run = await poplar(['send', '--account', 'Ann', '--to', 'bob@poplar.test', '--subject', 'never'], 'body\n');
      const right = await poplar(['account', 'set', 'Ann', '--smtp-password-env', 'ANN_PW']);
      expect(right.code, right.stderr).toBe(0);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('The mail server did not accept the user name or password.');
      expect(run.stderr).toContain('will not be tried again until you fix the cause');
      expect(hasStackTrace(run.stderr)).toBe(false);
      expect(await inBobsMaildir('Subject: never')).toHaveLength(0);
    },
    seconds(60),
  );

  it(
    'a refused recipient and a server that is down: exit 1, what becomes of the message, in words and as JSON',
    async () => {
      const refused = await poplar(['send', '--account', 'Ann', '--to', 'nobody@poplar.test', '--json'], 'body\n');
      expect(refused.code).toBe(1);
      expect(JSON.parse(refused.stdout)).toMatchObject({
        ok: false,
        state: 'failed',
        failure: { kind: 'recipient-rejected', message: expect.stringContaining('refused one or more recipients') },
      });
      const down = await poplar(['account', 'set', 'Ann', '--smtp-port', '1']);
      expect(down.code, down.stderr).toBe(0);
      // Port 1 on loopback: nothing listens there, so the connection is refused.
      const run = await poplar(['send', '--account', 'Ann', '--to', 'bob@poplar.test', '--subject', 'later'], 'body\n');
      const back = await poplar(['account', 'set', 'Ann', '--smtp-port', String(postfix.submissionPort)]);
      expect(back.code, back.stderr).toBe(0);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/could not be reached[\s\S]*It stays in the outbox and will be tried again\./);
      expect(hasStackTrace(run.stderr)).toBe(false);
    },
    seconds(60),
  );

  it(
    'wrong input stops the command before anything is queued',
    async () => {
      const before = outboxCount();
      const cases: Array<[string[], number, RegExp]> = [
        [['--to', 'not-an-address'], 2, /--to must be an e-mail address such as ann@example\.org .*not 'not-an-address'/],
        [['--to', 'bob@poplar.test, broken@'], 2, /not 'broken@'/],
        [['--subject', 'no recipient'], 2, /say who the message is for/],
        [
          ['--to', 'bob@poplar.test', '--attach', path.join(root, 'missing.pdf')],
          2,
          /cannot read --attach .*missing\.pdf: there is no such file/,
        ],
        [
          ['--to', 'bob@poplar.test', '--body-file', path.join(root, 'missing.txt')],
          2,
          /cannot read --body-file .*: there is no such file/,
        ],
        [['--to', 'bob@poplar.test', '--subject', 'two\nlines'], 2, /--subject must be one line/],
        [['--account', 'Bob', '--to', 'ann@poplar.test'], 1, /Account 'Bob' has no outgoing server yet\..*Nothing was sent\./s],
        [['--to', 'ann@poplar.test'], 1, /more than one account: say which one sends with '--account NAME'/],
      ];
      for (const [extra, code, words] of cases) {
        const run = await poplar(['send', ...extra], 'body\n');
        expect(run.code, extra.join(' ')).toBe(code);
        expect(run.stderr, extra.join(' ')).toMatch(words);
        expect(hasStackTrace(run.stderr)).toBe(false);
        expect(run.stdout).toBe('');
      }
      expect(outboxCount()).toBe(before);
    },
    seconds(120),
  );

  it(
    '--help: the usage on standard output, exit 0',
    async () => {
      const run = await poplar(['send', '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Usage: poplar send \[--account NAME\] --to ADDRESS/);
      expect(run.stdout).toContain('--body-file FILE');
    },
    seconds(30),
  );
});
