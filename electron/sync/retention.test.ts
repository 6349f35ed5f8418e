import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../store/ledger.ts';
import { dueForDeletion } from './retention.ts';

const DAY = 86_400_000;
const NOW = 1_800_000_000_000;

function entry(uidl: string, over: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    uidl,
    firstSeenAt: NOW - 10 * DAY,
    storedAt: NOW - 10 * DAY,
    messageRow: 1,
    deletedOnServerAt: null,
    partial: false,
    deletedLocally: false,
    ...over,
  };
}

describe('dueForDeletion', () => {
  const ledger = [
    entry('old'),
    entry('new', { storedAt: NOW - DAY }),
    entry('not-stored', { storedAt: null }),
    entry('partial', { partial: true }),
    entry('trashed', { storedAt: NOW, deletedLocally: true }),
    entry('gone', { deletedOnServerAt: NOW - DAY }),
  ];

  it('never deletes what is not stored in full, or already gone', () => {
    const all = dueForDeletion({ kind: 'delete-after-download' }, ledger, NOW);
    expect(all.sort()).toEqual(['new', 'old', 'trashed']);
  });

  it('leaves everything by default', () => {
    expect(dueForDeletion({ kind: 'leave', deleteWhenDeletedLocally: false }, ledger, NOW)).toEqual([]);
  });

  it('deletes what was deleted here, when asked to', () => {
    expect(dueForDeletion({ kind: 'leave', deleteWhenDeletedLocally: true }, ledger, NOW)).toEqual(['trashed']);
  });

  it('deletes N days after download, counting from when the copy was stored', () => {
    expect(dueForDeletion({ kind: 'delete-after-days', days: 7, deleteWhenDeletedLocally: false }, ledger, NOW)).toEqual(['old']);
    expect(dueForDeletion({ kind: 'delete-after-days', days: 1, deleteWhenDeletedLocally: false }, ledger, NOW).sort()).toEqual([
      'new',
      'old',
    ]);
    expect(dueForDeletion({ kind: 'delete-after-days', days: 7, deleteWhenDeletedLocally: true }, ledger, NOW).sort()).toEqual([
      'old',
      'trashed',
    ]);
    // exactly at the boundary
    expect(
      dueForDeletion(
        { kind: 'delete-after-days', days: 1, deleteWhenDeletedLocally: false },
        [entry('edge', { storedAt: NOW - DAY })],
        NOW,
      ),
    ).toEqual(['edge']);
  });
});
