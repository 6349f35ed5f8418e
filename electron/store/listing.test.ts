import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openProfile, type Profile } from './profile.ts';
import { ServerListing } from './listing.ts';

describe("ServerListing: a session's listing in a TEMP table, judged", () => {
  let root: string;
  let profile: Profile;

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'poplar-listing-'));
    profile = openProfile(path.join(root, 'profile'));
  });

  afterEach(async () => {
    profile.close();
    await rm(root, { recursive: true, force: true });
  });

  it('keys unique well-formed UIDLs by UIDL, shared or unusable ones by content, and counts each kind', () => {
    const listing = ServerListing.create(profile.db, 7);
    const uidls = ['a1', 'dup', 'b2', 'dup', '', 'x\u0001y', 'L'.repeat(100), 'é-utf8', 'M'.repeat(300)];
    uidls.forEach((u, i) => listing.addUidl(i + 1, u));
    uidls.forEach((_, i) => listing.addSize(i + 1, 100 * (i + 1)));
    expect(listing.judge()).toEqual({ messages: 9, duplicates: 2, unusable: 3, irregular: 2 });
    const rows = listing.page(0, 100);
    expect(rows.map((r) => [r.msg, r.keyedBy])).toEqual([
      [1, 'uidl'],
      [2, 'content'],
      [3, 'uidl'],
      [4, 'content'],
      [5, 'content'],
      [6, 'content'],
      [7, 'uidl'],
      [8, 'uidl'],
      [9, 'content'],
    ]);
    expect(rows[2]).toEqual({ msg: 3, uidl: 'b2', size: 300, keyedBy: 'uidl' });
    expect(listing.trustedUidl(1)).toBe('a1');
    expect(listing.trustedUidl(2)).toBeNull();
    expect(listing.page(7, 1).map((r) => r.msg)).toEqual([8]);
    listing.drop();
    // Nothing of it is left in the profile's own database.
    expect(profile.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name LIKE 'listing%'").get()).toEqual({ n: 0 });
  });

  it('takes a large listing in chunks without holding it', () => {
    const listing = ServerListing.create(profile.db, 8);
    for (let i = 1; i <= 20_000; i++) listing.addUidl(i, `uid-${i}`);
    expect(listing.judge()).toMatchObject({ messages: 20_000, duplicates: 0, unusable: 0 });
    listing.drop();
  });
});
