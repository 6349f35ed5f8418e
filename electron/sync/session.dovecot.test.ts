// One session (download, store, retention, QUIT) against a real Dovecot, with a real
// profile on disk: every message byte-identical to what RETR served, searchable, never
// downloaded twice, and the server left exactly as each retention rule says.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { variedCorpus, type CorpusMessage } from '../../tests/support/corpus.ts';
import { startDovecot, type DovecotInstance } from '../../tests/support/dovecot.ts';
import { plainCorpus } from '../../tests/support/messages.ts';
import { DOVECOT, describeWith } from '../../tests/support/requirements.ts';
import { servedBodies } from '../../tests/support/served-bodies.ts';
import type { AccountSettings, Retention } from '../../shared/account.ts';
import { Pop3Client } from '../pop3/client.ts';
import { Secret } from '../secrets/secret.ts';
import { accountSettings } from '../../shared/fixtures/account-settings.ts';
import { addAccount, getAccount, updateAccount } from '../store/accounts.ts';
import { ledgerEntries } from '../store/ledger.ts';
import { getMessage, listMessages, setDeletedLocally } from '../store/messages.ts';
import { openProfile, type Profile } from '../store/profile.ts';
import { listSessions } from '../store/sessions.ts';
import { runSession, type SessionContext } from './session.ts';
import { seconds } from '../../tests/support/timeouts.ts';

const PASSWORD = 'sync-Secret-9';
const DAY = 86_400_000;
const USERS = ['big', 'leave', 'dad', 'days', 'trash', 'limit'];

describeWith(DOVECOT, 'sync session against Dovecot', () => {
  let dovecot: DovecotInstance;
  let root: string;
  let corpus: CorpusMessage[];

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'poplar-sync-'));
    dovecot = await startDovecot({ users: USERS.map((name) => ({ name, password: PASSWORD })) });
    corpus = variedCorpus(300, { bigAttachmentBytes: 20 * 1024 * 1024 });
    await dovecot.seed(
      'big',
      corpus.map((m) => m.raw),
    );
    for (const user of ['leave', 'dad', 'days', 'trash']) await dovecot.seed(user, plainCorpus(6));
    await dovecot.seed('limit', [
      plainCorpus(1)[0] ?? '',
      'Subject: huge\r\nFrom: a@b.c\r\n\r\n' + 'x'.repeat(200_000) + '\r\n',
      plainCorpus(3)[2] ?? '',
    ]);
  }, seconds(120));

  afterAll(async () => {
    await dovecot?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  let clock = Date.UTC(2026, 10, 1);
  function context(profile: Profile): SessionContext {
    return { profile, lockDir: path.join(root, 'locks'), now: () => clock, password: async () => new Secret(PASSWORD) };
  }

  async function setup(user: string, retention: Retention, extra: Partial<AccountSettings> = {}) {
    const profile = openProfile(path.join(root, `profile-${user}`));
    const account = addAccount(
      profile.db,
      accountSettings({
        name: user,
        host: '127.0.0.1',
        port: dovecot.port,
        security: 'starttls',
        user,
        caFile: dovecot.caFile,
        retention,
        ...extra,
      }),
      clock,
    );
    return { profile, account };
  }

  /** UIDL → message bytes, as Dovecot serves them right now. */
  async function serverMailbox(user: string): Promise<Map<string, Buffer>> {
    const client = await Pop3Client.connect({
      host: '127.0.0.1',
      port: dovecot.port,
      security: 'none',
      auth: 'user',
      credentials: { kind: 'password', user, password: new Secret(PASSWORD) },
    });
    const bodies = await servedBodies(client, await client.uidl());
    await client.quit();
    return bodies;
  }

  describe('300 varied messages with a 20 MB attachment', () => {
    let profile: Profile;
    let served: Map<string, Buffer>;

    beforeAll(async () => {
      served = await serverMailbox('big');
      const s = await setup('big', { kind: 'leave', deleteWhenDeletedLocally: false });
      profile = s.profile;
      const result = await runSession(context(profile), s.account, { trigger: 'test' });
      expect(result.error).toBeNull();
      expect(result).toMatchObject({ outcome: 'ok', downloaded: 300, deletedOnServer: 0 });
    }, seconds(120));

    afterAll(() => profile?.close());

    it('stores every message byte-identical to what RETR served', async () => {
      const rows = listMessages(profile.db, { limit: 1000, includeDeleted: true });
      expect(rows).toHaveLength(300);
      expect(served.size).toBe(300);
      for (const row of rows) {
        const detail = getMessage(profile.db, row.id);
        const bytes = await readFile(profile.files.absolute(detail?.path ?? ''));
        const expected = served.get(row.uidl ?? '');
        expect(expected, `uidl ${row.uidl}`).toBeDefined();
        expect(bytes.equals(expected ?? Buffer.alloc(0)), `message ${row.id} (${row.subject})`).toBe(true);
      }
      expect(rows.some((r) => r.size > 20 * 1024 * 1024)).toBe(true);
    });

    it('lists malformed messages instead of dropping them', () => {
      const malformed = corpus.filter((m) => m.expect.malformed);
      expect(malformed.length).toBeGreaterThan(0);
      const withErrors = listMessages(profile.db, { limit: 1000 }).filter((r) => r.parseError !== null);
      expect(withErrors.length).toBeGreaterThanOrEqual(malformed.length);
    });

    it('finds messages by words from their subject and their body', () => {
      for (const m of corpus.filter((_, i) => i % 23 === 0)) {
        const bySubject = listMessages(profile.db, { search: m.expect.subjectWord });
        expect(
          bySubject.map((r) => r.subject),
          m.expect.subjectWord,
        ).toContain(m.expect.subject);
        const byBody = listMessages(profile.db, { search: m.expect.bodyWord });
        expect(
          byBody.map((r) => r.subject),
          m.expect.bodyWord,
        ).toContain(m.expect.subject);
      }
      expect(listMessages(profile.db, { search: 'nosuchwordanywhere' })).toEqual([]);
    });

    it('downloads nothing the second time, and records both sessions', async () => {
      const account = getAccount(profile.db, 1);
      const again = await runSession(context(profile), account, { trigger: 'test' });
      expect(again).toMatchObject({ outcome: 'ok', downloaded: 0 });
      const sessions = listSessions(profile.db, account.mailboxKey);
      expect(sessions.map((s) => s.endedBy)).toEqual(['quit', 'quit']);
      expect(sessions[0]?.security).toMatch(/^TLSv1\.[23]$/);
      expect(JSON.stringify(sessions[0]?.transcript)).not.toContain(PASSWORD);
      const leftovers = await readdir(path.join(profile.files.root, String(account.id), 'tmp'));
      expect(leftovers).toEqual([]);
    });
  });

  describe('retention rules leave the server exactly as they say', () => {
    it('leave on server: everything stays', async () => {
      const { profile, account } = await setup('leave', { kind: 'leave', deleteWhenDeletedLocally: false });
      const result = await runSession(context(profile), account, { trigger: 'test' });
      expect(result).toMatchObject({ outcome: 'ok', downloaded: 6, deletedOnServer: 0 });
      expect((await serverMailbox('leave')).size).toBe(6);
      profile.close();
    });

    it('delete after download: the server is emptied, and the ledger says so', async () => {
      const { profile, account } = await setup('dad', { kind: 'delete-after-download' });
      const result = await runSession(context(profile), account, { trigger: 'test' });
      expect(result).toMatchObject({ outcome: 'ok', downloaded: 6, deletedOnServer: 6 });
      expect((await serverMailbox('dad')).size).toBe(0);
      const ledger = [...ledgerEntries(profile.db, account.mailboxKey).values()];
      expect(ledger.every((e) => e.storedAt !== null && e.deletedOnServerAt !== null)).toBe(true);
      expect(listMessages(profile.db)).toHaveLength(6);
      profile.close();
    });

    it('delete N days after download, by the injected clock', async () => {
      const { profile, account } = await setup('days', { kind: 'delete-after-days', days: 3, deleteWhenDeletedLocally: false });
      const start = clock;
      expect(await runSession(context(profile), account, { trigger: 'test' })).toMatchObject({ downloaded: 6, deletedOnServer: 0 });
      clock = start + 3 * DAY - 60_000;
      expect(await runSession(context(profile), account, { trigger: 'test' })).toMatchObject({ downloaded: 0, deletedOnServer: 0 });
      expect((await serverMailbox('days')).size).toBe(6);
      clock = start + 3 * DAY;
      expect(await runSession(context(profile), account, { trigger: 'test' })).toMatchObject({ downloaded: 0, deletedOnServer: 6 });
      expect((await serverMailbox('days')).size).toBe(0);
      clock = start;
      profile.close();
    });

    it('delete when deleted here: exactly the messages deleted locally go', async () => {
      const { profile, account } = await setup('trash', { kind: 'leave', deleteWhenDeletedLocally: true });
      await runSession(context(profile), account, { trigger: 'test' });
      const [first, second] = listMessages(profile.db);
      setDeletedLocally(profile.db, first?.id ?? 0, true);
      setDeletedLocally(profile.db, second?.id ?? 0, true);
      expect(await runSession(context(profile), account, { trigger: 'test' })).toMatchObject({ downloaded: 0, deletedOnServer: 2 });
      const left = await serverMailbox('trash');
      expect(left.size).toBe(4);
      expect(left.has(first?.uidl ?? '')).toBe(false);
      expect(left.has(second?.uidl ?? '')).toBe(false);
      profile.close();
    });

    it('size limit: a large message is stored as headers only, never deleted, and completed on request', async () => {
      const { profile, account } = await setup('limit', { kind: 'delete-after-download' }, { maxSizeBytes: 100_000 });
      const first = await runSession(context(profile), account, { trigger: 'test' });
      expect(first).toMatchObject({ outcome: 'ok', downloaded: 3, deletedOnServer: 2 });
      const partial = listMessages(profile.db).find((m) => m.partial);
      expect(partial?.subject).toBe('huge');
      expect(partial?.size).toBeLessThan(1000);
      expect(partial?.serverSize).toBeGreaterThan(200_000);
      expect((await serverMailbox('limit')).size).toBe(1);

      const completed = await runSession(context(profile), updateAccount(profile.db, account.id, { ...account }), {
        trigger: 'test',
        complete: [partial?.uidl ?? ''],
      });
      expect(completed).toMatchObject({ outcome: 'ok', downloaded: 1, deletedOnServer: 1 });
      const rows = listMessages(profile.db);
      expect(rows).toHaveLength(3);
      const full = rows.find((m) => m.subject === 'huge');
      expect(full?.partial).toBe(false);
      expect(full?.size).toBeGreaterThan(200_000);
      expect((await serverMailbox('limit')).size).toBe(0);
      profile.close();
    });
  });
});
