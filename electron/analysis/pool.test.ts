// The analysis pool with real worker threads on a real profile: rows committed from their
// headers get their full analysis and full-text row, in order, after a crash or a closed pool
// too; a missing file and a worker that dies are recorded, never retried forever.
import { seconds } from '../../tests/support/timeouts.ts';
import { mkdtemp, rm, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { variedCorpus } from '../../tests/support/corpus.ts';
import { addAccount } from '../store/accounts.ts';
import { accountSettings } from '../store/fixtures/account-settings.ts';
import { unindexedMessages } from '../store/message-insert.ts';
import { getMessage, listMessages } from '../store/messages.ts';
import { openProfile, type Profile } from '../store/profile.ts';
import { storeListed } from './fixtures/listed-message.ts';
import { AnalysisPool } from './pool.ts';
import { analysisWorkerScript } from './worker-script.ts';

const TIMEOUT = seconds(60);
const CRASHING = new URL('./fixtures/crashing-worker.ts', import.meta.url);

let root: string;
let profile: Profile;
let accountId: number;
const pools: AnalysisPool[] = [];

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'poplar-analysis-'));
  profile = openProfile(root);
  accountId = addAccount(profile.db, accountSettings({ name: 'Home', host: 'pop.example.org' }), Date.now()).id;
});

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
  profile.close();
  await rm(root, { recursive: true, force: true });
});

function pool(options: { workerScript?: URL; size?: number; analysed?: number[]; problems?: string[] } = {}): AnalysisPool {
  const p = new AnalysisPool({
    db: profile.db,
    setup: { dbPath: path.join(profile.dir, 'poplar.db'), filesRoot: profile.files.root },
    workerScript: options.workerScript ?? analysisWorkerScript(),
    size: options.size ?? 2,
    onAnalysed: (ids) => options.analysed?.push(...ids),
    onProblem: (text) => options.problems?.push(text),
  });
  pools.push(p);
  return p;
}

const store = (raw: Buffer, uidl: string, name?: string): Promise<number> => storeListed(profile, accountId, raw, uidl, name);

const bodySearch = (word: string): number[] => listMessages(profile.db, { search: word }).map((m) => m.id);

describe('analysis pool', () => {
  it(
    'analyses every row committed from its headers: snippet, parts and body words in the index',
    async () => {
      const corpus = variedCorpus(40);
      const ids: number[] = [];
      for (const [i, m] of corpus.entries()) ids.push(await store(Buffer.from(m.raw), `u${i}`));
      expect(unindexedMessages(profile.db, 100)).toHaveLength(40);
      // Listed before the analysis: subject and sender from the header pass, no body words yet.
      const first = corpus[0];
      expect(getMessage(profile.db, ids[0] ?? 0)?.subject).toBe(first?.expect.subject);
      expect(bodySearch(first?.expect.bodyWord ?? '')).toEqual([]);

      const analysed: number[] = [];
      await pool({ analysed }).whenIdle();
      expect(unindexedMessages(profile.db, 100)).toEqual([]);
      expect([...analysed].sort((a, b) => a - b)).toEqual(ids);
      for (const [i, m] of corpus.entries()) {
        const id = ids[i] ?? 0;
        expect(bodySearch(m.expect.bodyWord), m.expect.kind).toEqual([id]);
        const row = getMessage(profile.db, id);
        expect(row?.attachments.length, m.expect.kind).toBe(m.expect.attachments);
        if (!m.expect.malformed) expect(row?.parseError ?? null, m.expect.kind).toBeNull();
      }
    },
    TIMEOUT,
  );

  it(
    'picks up what a closed pool left, and rows committed while it runs',
    async () => {
      const corpus = variedCorpus(60);
      for (const [i, m] of corpus.slice(0, 30).entries()) await store(Buffer.from(m.raw), `a${i}`);
      const stopped = pool({ size: 1 });
      stopped.kick();
      await stopped.close(); // an app quit mid-analysis: what is not recorded stays waiting
      const next = pool();
      next.kick();
      for (const [i, m] of corpus.slice(30).entries()) {
        await store(Buffer.from(m.raw), `b${i}`);
        next.kick();
      }
      await next.whenIdle();
      expect(unindexedMessages(profile.db, 100)).toEqual([]);
      for (const m of corpus) expect(bodySearch(m.expect.bodyWord)).toHaveLength(1);
    },
    TIMEOUT,
  );

  it(
    'a missing file is recorded as unreadable, and the row stays listed and found by its subject',
    async () => {
      const [m] = variedCorpus(1);
      const id = await store(Buffer.from(m?.raw ?? ''), 'gone');
      const row = getMessage(profile.db, id);
      await unlink(profile.files.absolute(row?.path ?? ''));
      await pool().whenIdle();
      const after = getMessage(profile.db, id);
      expect(after?.parseError).toMatch(/cannot be read \(ENOENT\)/);
      expect(after?.subject).toBe(m?.expect.subject);
      expect(bodySearch(m?.expect.subjectWord ?? '')).toEqual([id]);
    },
    TIMEOUT,
  );

  it(
    'a worker that dies: its other rows are analysed one by one, the row that kills it is recorded as failed',
    async () => {
      const corpus = variedCorpus(6);
      const ids: number[] = [];
      for (const [i, m] of corpus.entries()) ids.push(await store(Buffer.from(m.raw), `u${i}`, i === 2 ? 'crash.eml' : undefined));
      const bad = ids[2] ?? 0;
      const problems: string[] = [];
      await pool({ workerScript: CRASHING, size: 1, problems }).whenIdle();
      expect(unindexedMessages(profile.db, 100)).toEqual([]);
      expect(getMessage(profile.db, bad)?.parseError).toMatch(/could not analyse this message \(the parser fell over\)/);
      for (const [i, m] of corpus.entries()) if (i !== 2) expect(bodySearch(m.expect.bodyWord)).toEqual([ids[i]]);
      expect(problems.filter((t) => t === 'the parser fell over')).toHaveLength(3); // the batch, then the row twice
    },
    TIMEOUT,
  );
});
