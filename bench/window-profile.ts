// The profile bench:window opens: N messages (bench/window-mail.ts) as real .eml files under
// the profile's messages folder and real rows, written through the store's own API
// (openProfile, addAccount, insertMessage, the ledger; bench/window-store.ts loads it from the
// tree being measured), in transactions of BATCH messages.
//
// Built once per N, bench version and store schema (a hash of migrations.ts, so a migration
// added or changed makes a new one), under os.tmpdir(); a later run reuses it (`--fresh`
// rebuilds). It is complete only once bench-window.json is written, last: a build that was
// interrupted is thrown away and made again.
//
// The files are written without fsync, one by one: this is a fixture, not a download, and the
// durable-write protocol (electron/store/message-files.ts) is bench:sync's subject.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AccountSettings } from '../shared/account.ts';
import { parseMessageFile } from '../electron/mime/parse.ts';
import { accountSettings } from '../electron/store/fixtures/account-settings.ts';
import { variedCorpus } from '../tests/support/corpus.ts';
import { ACCOUNTS, mailMeta, mailOf, SHAPES, WORDS, type CorpusShape, type MailMeta } from './window-mail.ts';
import { schemaHash, storeApi } from './window-store.ts';

/** Bump when the generated mailbox changes, so cached profiles of the old one are not reused. */
const BENCH_VERSION = 1;
const BATCH = 5000;
const WRITE_CONCURRENCY = 32;
const MARKER = 'bench-window.json';

export type SearchName = keyof typeof WORDS;

export interface Expectations {
  /** Messages in "All inboxes" (Trash excluded). */
  readonly total: number;
  /** Message numbers (= row ids) in list order: newest first, COALESCE(date, received_at), then id. */
  readonly order: readonly number[];
  readonly search: Readonly<Record<SearchName, { readonly word: string; readonly count: number; readonly first: number | null }>>;
}

export interface BenchProfile {
  readonly dir: string;
  readonly messages: number;
  readonly reused: boolean;
  readonly buildMs: number;
  readonly bytes: number;
  readonly expect: Expectations;
}

interface Marker {
  readonly version: number;
  readonly messages: number;
  readonly buildMs: number;
  readonly bytes: number;
  readonly expect: Expectations;
}

export function profileDir(tree: string, messages: number): string {
  return path.join(os.tmpdir(), `poplar-bench-window-v${BENCH_VERSION}-schema-${schemaHash(tree)}-n${messages}`);
}

/** The profile of `messages` for the source tree at `tree`: the cached one, or built now. */
export async function benchProfile(tree: string, messages: number, fresh: boolean, log: (line: string) => void): Promise<BenchProfile> {
  const dir = profileDir(tree, messages);
  const markerPath = path.join(dir, MARKER);
  if (!fresh && existsSync(markerPath)) {
    const marker = JSON.parse(await readFile(markerPath, 'utf8')) as Marker;
    if (marker.version === BENCH_VERSION && marker.messages === messages) {
      return { dir, messages, reused: true, buildMs: marker.buildMs, bytes: marker.bytes, expect: marker.expect };
    }
  }
  await rm(dir, { recursive: true, force: true });
  const started = performance.now();
  const { bytes, expect } = await build(tree, dir, messages, log);
  const buildMs = performance.now() - started;
  const marker: Marker = { version: BENCH_VERSION, messages, buildMs, bytes, expect };
  await writeFile(markerPath, JSON.stringify(marker));
  return { dir, messages, reused: false, buildMs, bytes, expect };
}

/** The profile's two accounts: never contacted, as they are paused and not checked at start-up. */
function settingsOf(a: (typeof ACCOUNTS)[number]): AccountSettings {
  const host = `pop.${a.toAddress.split('@')[1] ?? 'example.net'}`;
  return accountSettings({ name: a.name, host, user: a.user, intervalMinutes: 15, checkAtStartup: false, paused: true, notify: false });
}

/** Each distinct corpus shape parsed once, by the parser the engine uses. */
async function parseShapes(): Promise<CorpusShape[]> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'poplar-bench-shapes-'));
  try {
    const shapes: CorpusShape[] = [];
    for (const [i, message] of variedCorpus(SHAPES).entries()) {
      const file = path.join(tmp, `${i}.eml`);
      await writeFile(file, message.raw);
      shapes.push({ raw: message.raw, parsed: await parseMessageFile(file, { sizeHint: message.raw.length }) });
    }
    return shapes;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

async function writeAll(files: ReadonlyArray<{ file: string; raw: Buffer }>): Promise<void> {
  const dirs = new Set(files.map((f) => path.dirname(f.file)));
  await Promise.all([...dirs].map((d) => mkdir(d, { recursive: true, mode: 0o700 })));
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < files.length; i = next++) {
      const f = files[i];
      if (f) await writeFile(f.file, f.raw, { mode: 0o600 });
    }
  };
  await Promise.all(Array.from({ length: WRITE_CONCURRENCY }, worker));
}

async function build(
  tree: string,
  dir: string,
  messages: number,
  log: (line: string) => void,
): Promise<{ bytes: number; expect: Expectations }> {
  const { openProfile, addAccount, transaction, insertMessage, recordStored, setRead, setDeletedLocally, countMessages } =
    await storeApi(tree);
  const shapes = await parseShapes();
  const profile = openProfile(dir);
  let bytes = 0;
  try {
    const now = Date.now();
    const accounts = ACCOUNTS.map((a) => addAccount(profile.db, settingsOf(a), now));
    for (let from = 1; from <= messages; from += BATCH) {
      const to = Math.min(messages, from + BATCH - 1);
      const batch: Array<{ meta: MailMeta; file: string; relative: string; raw: Buffer; parsed: ReturnType<typeof mailOf>['parsed'] }> = [];
      for (let n = from; n <= to; n++) {
        const meta = mailMeta(n, messages);
        const account = accounts[meta.account];
        if (!account) throw new Error('no account');
        const { raw, parsed } = mailOf(meta, shapes);
        const relative = profile.files.relativePath(account.id, account.mailboxKey, uidl(n));
        batch.push({ meta, file: profile.files.absolute(relative), relative, raw, parsed });
        bytes += raw.length;
      }
      await writeAll(batch);
      transaction(profile.db, () => {
        for (const { meta, relative, raw, parsed } of batch) {
          const account = accounts[meta.account];
          if (!account) throw new Error('no account');
          const id = insertMessage(profile.db, {
            accountId: account.id,
            uidl: uidl(meta.n),
            path: relative,
            size: raw.length,
            serverSize: raw.length,
            partial: false,
            receivedAt: meta.receivedAt,
            parsed,
          });
          // The list's order breaks ties by id; the expectations below count on id = n.
          if (id !== meta.n) throw new Error(`message ${meta.n} got row id ${id}: the profile folder was not empty`);
          recordStored(profile.db, account.mailboxKey, uidl(meta.n), id, meta.receivedAt);
          if (meta.read) setRead(profile.db, id, true);
          if (meta.deleted) setDeletedLocally(profile.db, id, true);
        }
      });
      if (to % 20_000 === 0 || to === messages) log(`  ${to} messages stored`);
    }
    const expect = expectations(messages);
    // The same counts from the store's own search, so the bench's expectations cannot drift from it.
    for (const [name, s] of Object.entries(expect.search)) {
      const stored = countMessages(profile.db, { search: s.word, folder: 'inbox' });
      if (stored !== s.count) throw new Error(`'${s.word}' (${name}) is in ${stored} stored messages, the bench expected ${s.count}`);
    }
    const all = countMessages(profile.db, { folder: 'inbox' });
    if (all !== expect.total) throw new Error(`the inboxes hold ${all} messages, the bench expected ${expect.total}`);
    return { bytes, expect };
  } finally {
    profile.close();
  }
}

function uidl(n: number): string {
  return `bench-${n}`;
}

/** What the window should show, computed from the metadata alone. */
function expectations(messages: number): Expectations {
  const listed: Array<{ n: number; key: number; common: boolean; rare: boolean }> = [];
  for (let n = 1; n <= messages; n++) {
    const m = mailMeta(n, messages);
    if (!m.deleted) listed.push({ n, key: m.date ?? m.receivedAt, common: m.common, rare: m.rare });
  }
  listed.sort((a, b) => b.key - a.key || b.n - a.n);
  const hits = (test: (m: (typeof listed)[number]) => boolean) => {
    const found = listed.filter(test);
    return { count: found.length, first: found[0]?.n ?? null };
  };
  return {
    total: listed.length,
    order: listed.map((m) => m.n),
    search: {
      common: { word: WORDS.common, ...hits((m) => m.common) },
      rare: { word: WORDS.rare, ...hits((m) => m.rare) },
      missing: { word: WORDS.missing, count: 0, first: null },
    },
  };
}
