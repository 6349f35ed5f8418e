// Drafts: one row per draft, its fields as one JSON value written by a single statement, so an
// autosave cut by a crash leaves the previous save or the new one, never half of each.
// Attachments travel in the fields as base64 until the outbox composes the bytes.
import type { DatabaseSync } from 'node:sqlite';

export interface DraftAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly base64: string;
}

export interface DraftAddress {
  readonly name: string;
  readonly address: string;
}

export interface DraftFields {
  readonly to: readonly DraftAddress[];
  readonly cc: readonly DraftAddress[];
  readonly bcc: readonly DraftAddress[];
  readonly subject: string;
  readonly text: string;
  readonly html: string | null;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
  readonly attachments: readonly DraftAttachment[];
}

export interface Draft {
  readonly id: number;
  readonly accountId: number;
  readonly fields: DraftFields;
  readonly updatedAt: number;
}

/** Save a draft: a new one when id is null, else the given one replaced whole. Returns its id. */
export function saveDraft(db: DatabaseSync, id: number | null, accountId: number, fields: DraftFields, now: number): number {
  const json = JSON.stringify(fields);
  if (id === null) {
    const result = db.prepare('INSERT INTO drafts (account_id, fields, updated_at) VALUES (?, ?, ?)').run(accountId, json, now);
    return Number(result.lastInsertRowid);
  }
  const result = db.prepare('UPDATE drafts SET account_id = ?, fields = ?, updated_at = ? WHERE id = ?').run(accountId, json, now, id);
  if (Number(result.changes) !== 1) throw new Error(`There is no draft ${id}: it was sent or deleted.`);
  return id;
}

export function getDraft(db: DatabaseSync, id: number): Draft | null {
  const row = db.prepare('SELECT id, account_id, fields, updated_at FROM drafts WHERE id = ?').get(id) as
    { id: number; account_id: number; fields: string; updated_at: number } | undefined;
  if (row === undefined) return null;
  return { id: row.id, accountId: row.account_id, fields: JSON.parse(row.fields) as DraftFields, updatedAt: row.updated_at };
}

export function listDrafts(db: DatabaseSync, accountId: number): Draft[] {
  const ids = db.prepare('SELECT id FROM drafts WHERE account_id = ? ORDER BY updated_at DESC, id DESC').all(accountId) as {
    id: number;
  }[];
  return ids.flatMap(({ id }) => getDraft(db, id) ?? []);
}

/** Remove a draft; true when there was one. */
export function removeDraft(db: DatabaseSync, id: number): boolean {
  return Number(db.prepare('DELETE FROM drafts WHERE id = ?').run(id).changes) === 1;
}

/** Drafts of every account, newest first. */
export function listAllDrafts(db: DatabaseSync): Draft[] {
  const ids = db.prepare('SELECT id FROM drafts ORDER BY updated_at DESC, id DESC').all() as { id: number }[];
  return ids.flatMap(({ id }) => getDraft(db, id) ?? []);
}
