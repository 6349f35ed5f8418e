// Progress under faults (issue 11), against the scripted server and a real SQLite profile:
// a session keeps what it received whatever ends it, a duplicated UIDL costs only its own
// messages, one bad row is reported alone, the size limit holds against a lying LIST, and the
// count of stored messages is told right after a failure.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_CAPABILITIES,
  dropMidRetr,
  loginDelayCapa,
  startScriptedPop3,
  type ScriptedMessage,
  type ScriptedPop3Server,
} from '../../tests/support/scripted-pop3.ts';
import { plainMessage } from '../../tests/support/messages.ts';
import type { Account, Retention } from '../../shared/account.ts';
import { Pop3Client } from '../pop3/client.ts';
import { Secret } from '../secrets/secret.ts';
import { addAccount } from '../store/accounts.ts';
import { mailboxLoginRow, sessionRow as storedSession } from '../store/fixtures/inspect.ts';
import { listMessages } from '../store/messages.ts';
import { openProfile, type Profile } from '../store/profile.ts';
import { runSession, type SessionContext } from './session.ts';

const LEAVE: Retention = { kind: 'leave', deleteWhenDeletedLocally: false };

describe('downloading under faults', () => {
  let server: ScriptedPop3Server;
  let root: string;
  let profile: Profile;

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'poplar-faults-'));
  });

  afterEach(async () => {
    profile?.close();
    await server?.close();
    await rm(root, { recursive: true, force: true });
  });

  const context = (): SessionContext => ({
    profile,
    lockDir: path.join(root, 'locks'),
    now: Date.now,
    password: async () => new Secret('pw'),
  });

  function account(port: number, options: { retention?: Retention; maxSizeBytes?: number | null } = {}): Account {
    profile = openProfile(path.join(root, 'profile'));
    return addAccount(
      profile.db,
      {
        name: 'home',
        host: '127.0.0.1',
        port,
        security: 'none',
        user: 'ann',
        auth: 'user',
        caFile: null,
        fingerprint: null,
        retention: options.retention ?? LEAVE,
        intervalMinutes: 5,
        checkAtStartup: true,
        paused: false,
        notify: true,
        maxSizeBytes: options.maxSizeBytes ?? null,
        passwordSource: { kind: 'prompt' },
      },
      Date.now(),
    );
  }

  const corpus = (count: number): ScriptedMessage[] =>
    Array.from({ length: count }, (_, i) => ({ uidl: `u${i + 1}`, body: plainMessage(i + 1, { bodyBytes: 800 }) }));
  const subjects = (): string[] =>
    listMessages(profile.db, { includeDeleted: true, limit: 10_000 })
      .map((m) => m.subject)
      .sort();
  const sessionRow = (id: number) => storedSession(profile.db, id);

  async function files(): Promise<{ eml: number; part: number }> {
    const entries = await readdir(path.join(profile.dir, 'messages'), { recursive: true }).catch(() => [] as string[]);
    return { eml: entries.filter((f) => f.endsWith('.eml')).length, part: entries.filter((f) => f.endsWith('.part')).length };
  }

  it('a login refused with [LOGIN-DELAY] still records the LOGIN-DELAY its CAPA announced (Cyrus with popminpoll)', async () => {
    // Texts that name no number ("at least 0 minute apart", as Cyrus says for 30 s) must not
    // be the only source: CAPA said 90 before the refusal, and that is what is kept.
    const delay = loginDelayCapa(90, { session: 1 });
    server = await startScriptedPop3({
      users: [{ name: 'ann', password: 'pw' }],
      messages: corpus(1),
      capabilities: delay.capabilities,
      rules: [{ ...delay.refusal, reply: '-ERR [LOGIN-DELAY] Logins must be at least 0 minute apart' }],
    });
    const a = account(server.port);
    const result = await runSession(context(), a, { trigger: 'test' });
    expect(result.error?.code).toBe('login-delay');
    expect(mailboxLoginRow(profile.db, a.mailboxKey)).toEqual({ delay: 90, login: null });
  });

  it('a connection dropped during RETR 20 of 30 stores 1–19 and says so everywhere; the next sync drains the rest', async () => {
    server = await startScriptedPop3({
      users: [{ name: 'ann', password: 'pw' }],
      messages: corpus(30),
      rules: [dropMidRetr(20, 300, { session: 1 })],
    });
    const a = account(server.port);

    const dropped = await runSession(context(), a, { trigger: 'test' });
    expect(dropped).toMatchObject({ outcome: 'error', downloaded: 19, error: { code: 'connection-closed' } });
    expect(sessionRow(dropped.sessionId)).toEqual({ downloaded: 19, ended_by: 'network-drop' });
    expect(subjects()).toHaveLength(19);
    expect(
      listMessages(profile.db, { limit: 100 })
        .map((m) => m.uidl)
        .sort(),
    ).toEqual(Array.from({ length: 19 }, (_, i) => `u${i + 1}`).sort());
    // Every finished file has its row; the one cut off mid-reply left nothing behind.
    expect(await files()).toEqual({ eml: 19, part: 0 });

    const drained = await runSession(context(), a, { trigger: 'test' });
    expect(drained).toMatchObject({ outcome: 'ok', downloaded: 11, error: null });
    expect(subjects()).toHaveLength(30);
    expect(await files()).toEqual({ eml: 30, part: 0 });
    expect(await runSession(context(), a, { trigger: 'test' })).toMatchObject({ outcome: 'ok', downloaded: 0 });
  });

  it('a file left by a crash before its commit goes once its message is gone from the server', async () => {
    server = await startScriptedPop3({
      users: [{ name: 'ann', password: 'pw' }],
      messages: corpus(4),
      rules: [dropMidRetr(1, 10, { session: 1 })],
    });
    const a = account(server.port);
    expect(await runSession(context(), a, { trigger: 'test' })).toMatchObject({ downloaded: 0 });
    // What a SIGKILL between rename and commit leaves: message 3's file, no row.
    const orphan = profile.files.absolute(profile.files.relativePath(a.id, a.mailboxKey, 'u3'));
    await mkdir(path.dirname(orphan), { recursive: true });
    await writeFile(orphan, String(corpus(4)[2]?.body));
    // Another client deletes message 3 on the server.
    const other = await Pop3Client.connect({
      host: server.host,
      port: server.port,
      security: 'none',
      auth: 'user',
      credentials: { kind: 'password', user: 'ann', password: new Secret('pw') },
    });
    await other.dele(3);
    expect((await other.quit()).acknowledged).toBe(true);

    expect(await runSession(context(), a, { trigger: 'test' })).toMatchObject({ outcome: 'ok', downloaded: 3 });
    expect(await files()).toEqual({ eml: 3, part: 0 });
  });

  it('a connection dropped on every sync still drains the mailbox, a few messages each time', async () => {
    server = await startScriptedPop3({ users: [{ name: 'ann', password: 'pw' }], messages: corpus(12) });
    const a = account(server.port);
    // Each session is cut in the middle of its fourth RETR.
    let stored = 0;
    for (let session = 1; session <= 6 && stored < 12; session++) {
      const next = stored + 4;
      const remove = server.addRule(dropMidRetr(next, 200, { session }));
      const r = await runSession(context(), a, { trigger: 'test' });
      remove();
      stored += r.downloaded;
      expect(subjects()).toHaveLength(stored);
    }
    expect(stored).toBe(12);
  });

  it('a batch also closes on time: messages received before a slow one are committed while it is still on its way', async () => {
    server = await startScriptedPop3({
      users: [{ name: 'ann', password: 'pw' }],
      messages: corpus(10),
      rules: [{ when: { command: 'RETR', arg: '5' }, delayMs: 4000 }],
    });
    const a = account(server.port);
    const atCommit: number[] = [];
    const r = await runSession({ ...context(), checkpoint: (name) => void (name === 'committed' && atCommit.push(subjects().length)) }, a, {
      trigger: 'test',
    });
    expect(r).toMatchObject({ outcome: 'ok', downloaded: 10 });
    // Ten messages are far below a batch (COMMIT_BATCH): only the clock can have closed the first.
    expect(atCommit[0]).toBe(4);
    expect(atCommit.at(-1)).toBe(10);
  });

  it('two messages of 30 sharing a UIDL: 28 stored by UIDL, the two by content, neither stored again nor DELEd by UIDL', async () => {
    const messages = corpus(30);
    (messages[6] as ScriptedMessage).uidl = 'same';
    (messages[18] as ScriptedMessage).uidl = 'same';
    server = await startScriptedPop3({ users: [{ name: 'ann', password: 'pw' }], messages });
    const a = account(server.port);

    const first = await runSession(context(), a, { trigger: 'test' });
    expect(first).toMatchObject({ outcome: 'ok', downloaded: 30, error: null });
    const duplicateNotes = first.notes.filter((n) => /share their UIDL/.test(n));
    expect(duplicateNotes).toHaveLength(1);
    expect(duplicateNotes[0]).toMatch(/^2 messages on the server share their UIDL with another message/);
    const rows = listMessages(profile.db, { limit: 100 });
    expect(rows).toHaveLength(30);
    expect(rows.filter((m) => m.uidl?.startsWith('u')).length).toBe(28);
    expect(
      rows
        .filter((m) => /^sha256 [0-9a-f]{64}$/.test(m.uidl ?? ''))
        .map((m) => m.subject)
        .sort(),
    ).toEqual([messages[6], messages[18]].map((m) => subjectOf(m as ScriptedMessage)).sort());
    expect(rows.some((m) => m.uidl === 'same')).toBe(false);
    expect(await files()).toEqual({ eml: 30, part: 0 });

    const second = await runSession(context(), a, { trigger: 'test' });
    expect(second).toMatchObject({ outcome: 'ok', downloaded: 0, error: null });
    expect(second.notes.filter((n) => /share their UIDL/.test(n))).toHaveLength(1);
    expect(listMessages(profile.db, { limit: 100 })).toHaveLength(30);
    // Leave on server: nothing deleted, and no DELE at all.
    expect(
      server
        .sessions()
        .flatMap((s) => s.commands)
        .filter((c) => c.startsWith('DELE')),
    ).toEqual([]);
    expect(server.mailbox()).toHaveLength(30);
  });

  it('a UIDL the server later gives to a second message: the copy stored under it is recognised, the newcomer stored by content', async () => {
    const messages = corpus(5);
    server = await startScriptedPop3({ users: [{ name: 'ann', password: 'pw' }], messages });
    const a = account(server.port);
    expect(await runSession(context(), a, { trigger: 'test' })).toMatchObject({ outcome: 'ok', downloaded: 5 });
    server.deliver({ uidl: 'u3', body: plainMessage(99, { bodyBytes: 800 }) });
    const r = await runSession(context(), a, { trigger: 'test' });
    expect(r).toMatchObject({ outcome: 'ok', downloaded: 1 });
    expect(r.notes.join('\n')).toMatch(/2 messages on the server share their UIDL/);
    expect(r.notes.join('\n')).toMatch(/1 message without a usable UIDL was already stored here/);
    expect(subjects()).toHaveLength(6);
    expect(await runSession(context(), a, { trigger: 'test' })).toMatchObject({ outcome: 'ok', downloaded: 0 });
    expect(subjects()).toHaveLength(6);
  });

  it('with delete-after-download, messages sharing a UIDL are deleted only by the number whose bytes this session stored', async () => {
    const messages = corpus(10);
    (messages[2] as ScriptedMessage).uidl = 'same';
    (messages[7] as ScriptedMessage).uidl = 'same';
    server = await startScriptedPop3({ users: [{ name: 'ann', password: 'pw' }], messages });
    const a = account(server.port, { retention: { kind: 'delete-after-download' } });
    const r = await runSession(context(), a, { trigger: 'test' });
    expect(r).toMatchObject({ outcome: 'ok', downloaded: 10, deletedOnServer: 10 });
    expect(server.mailbox()).toEqual([]);
    expect(subjects()).toHaveLength(10);
    expect(new Set(subjects()).size).toBe(10);
  });

  it('a server without UIDL, delete after download: messages stored before a drop are recognised by content, not stored twice, then deleted', async () => {
    server = await startScriptedPop3({
      users: [{ name: 'ann', password: 'pw' }],
      messages: corpus(6),
      capabilities: DEFAULT_CAPABILITIES.filter((c) => c !== 'UIDL'),
      rules: [{ when: { command: 'UIDL' }, reply: '-ERR Unknown command.' }, dropMidRetr(4, 200, { session: 1 })],
    });
    const a = account(server.port, { retention: { kind: 'delete-after-download' } });
    const dropped = await runSession(context(), a, { trigger: 'test' });
    expect(dropped).toMatchObject({ outcome: 'error', downloaded: 3, deletedOnServer: 0 });
    expect(server.mailbox()).toHaveLength(6);

    const second = await runSession(context(), a, { trigger: 'test' });
    expect(second).toMatchObject({ outcome: 'ok', downloaded: 3, deletedOnServer: 6 });
    expect(second.notes.join('\n')).toMatch(/3 messages without a usable UIDL were already stored here/);
    expect(server.mailbox()).toEqual([]);
    expect(subjects()).toHaveLength(6);
    expect(new Set(subjects()).size).toBe(6);
  });

  it('odd UIDLs: an empty one is keyed by content, an over-long unique one is used as it is, with a note', async () => {
    const messages = corpus(4);
    (messages[1] as ScriptedMessage).uidl = 'L'.repeat(120);
    server = await startScriptedPop3({
      users: [{ name: 'ann', password: 'pw' }],
      messages,
      // Message 3 listed without a unique-id at all.
      rules: [{ when: { command: 'UIDL', arg: '' }, reply: ['+OK', '1 u1', `2 ${'L'.repeat(120)}`, '3', '4 u4', '.'] }],
    });
    const a = account(server.port);
    const first = await runSession(context(), a, { trigger: 'test' });
    expect(first).toMatchObject({ outcome: 'ok', downloaded: 4 });
    expect(first.notes.join('\n')).toMatch(/1 message has a UIDL Poplar cannot use/);
    expect(first.notes.join('\n')).toMatch(/1 UIDL is longer than 70 characters/);
    const uidls = listMessages(profile.db, { limit: 10 }).map((m) => m.uidl ?? '');
    expect(uidls).toContain('L'.repeat(120));
    expect(uidls.filter((u) => u.startsWith('sha256 '))).toHaveLength(1);
    expect(await runSession(context(), a, { trigger: 'test' })).toMatchObject({ outcome: 'ok', downloaded: 0 });
  });

  it('one row that cannot be inserted is reported alone; its batch is committed without it', async () => {
    server = await startScriptedPop3({ users: [{ name: 'ann', password: 'pw' }], messages: corpus(10) });
    const a = account(server.port);
    // A real SQLite failure for one row only (as a damaged index or a constraint would give).
    profile.db.exec(`CREATE TRIGGER poison BEFORE INSERT ON messages WHEN NEW.subject LIKE '% #5'
      BEGIN SELECT RAISE(ABORT, 'this row is poisoned for the test'); END`);
    const r = await runSession(context(), a, { trigger: 'test' });
    expect(r).toMatchObject({ outcome: 'ok', downloaded: 9 });
    const failures = r.notes.filter((n) => /was not stored/.test(n));
    expect(failures).toEqual([expect.stringMatching(/^message 5 \(UIDL u5\) was not stored: .*poisoned/)]);
    expect(subjects()).toHaveLength(9);
    expect(subjects().some((s) => s.endsWith(' #5'))).toBe(false);
    // The poisoned message's file went with its row; it stays on the server for next time.
    expect(await files()).toEqual({ eml: 9, part: 0 });
    profile.db.exec('DROP TRIGGER poison');
    expect(await runSession(context(), a, { trigger: 'test' })).toMatchObject({ outcome: 'ok', downloaded: 1 });
  });

  it('a message that passes --max-size while it is received is cut to its headers, whatever LIST said, and the session stays in step', async () => {
    const big =
      `From: a@example.org\r\nSubject: big one\r\nMessage-ID: <big@test>\r\n\r\n${'x'.repeat(76)}\r\n`.repeat(1) +
      `${'y'.repeat(998)}\r\n`.repeat(200);
    const messages: ScriptedMessage[] = [
      { uidl: 'u1', body: plainMessage(1, { bodyBytes: 300 }) },
      { uidl: 'u2', body: big },
      { uidl: 'u3', body: plainMessage(3, { bodyBytes: 300 }) },
    ];
    const sizes = messages.map((m) => Buffer.byteLength(m.body));
    server = await startScriptedPop3({
      users: [{ name: 'ann', password: 'pw' }],
      messages,
      // The server lies about message 2: 100 octets listed, ~200 KB sent.
      rules: [{ when: { command: 'LIST', arg: '' }, reply: ['+OK 3 messages', `1 ${sizes[0]}`, '2 100', `3 ${sizes[2]}`, '.'] }],
    });
    const a = account(server.port, { maxSizeBytes: 2048 });
    const r = await runSession(context(), a, { trigger: 'test' });
    expect(r).toMatchObject({ outcome: 'ok', downloaded: 3, error: null });
    const byUidl = new Map(listMessages(profile.db, { limit: 10 }).map((m) => [m.uidl, m]));
    expect(byUidl.get('u2')).toMatchObject({ partial: true, subject: 'big one', serverSize: sizes[1] });
    expect(byUidl.get('u2')?.size).toBeLessThan(200);
    expect(byUidl.get('u1')).toMatchObject({ partial: false });
    expect(byUidl.get('u3')).toMatchObject({ partial: false });
    expect(r.notes.filter((n) => /passed the size limit while being received/.test(n))).toHaveLength(1);
    const mismatch = r.notes.filter((n) => /did not match what it sent/.test(n));
    expect(mismatch).toEqual([expect.stringContaining(`message 2: listed 100 bytes, sent ${sizes[1]}`)]);
    expect(server.sessions()[0]?.endedBy).toBe('quit');
  });

  it('a stop by the user mid-download commits what is complete and reports it', async () => {
    server = await startScriptedPop3({
      users: [{ name: 'ann', password: 'pw' }],
      messages: corpus(30),
      rules: [{ when: { command: 'RETR', arg: '12' }, delayMs: 5000 }],
    });
    const a = account(server.port);
    const stop = new AbortController();
    let durable = 0;
    const ctx: SessionContext = {
      ...context(),
      signal: stop.signal,
      checkpoint: (name) => {
        if (name === 'file-durable' && ++durable === 11) setTimeout(() => stop.abort(), 50);
      },
    };
    const r = await runSession(ctx, a, { trigger: 'test' });
    expect(r).toMatchObject({ outcome: 'error', error: { code: 'aborted' } });
    expect(r.downloaded).toBe(11);
    expect(subjects()).toHaveLength(11);
    expect(sessionRow(r.sessionId)?.downloaded).toBe(11);
  });
});

function subjectOf(m: ScriptedMessage): string {
  return /^Subject: (.*)$/m.exec(String(m.body))?.[1]?.trim() ?? '';
}
