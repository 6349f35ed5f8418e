// Migration 8: conversations for the messages stored before threading (electron/store/threads.ts).
// Their References were not kept, so what ties them is their Message-ID, In-Reply-To and subject.
// One pass in date order decides as threads.ts decides at insert time, with the messages before
// each one already placed: a union-find over the rows, so a parent that comes after its reply
// still joins it, and a message that links two groups merges them.
import type { DatabaseSync } from 'node:sqlite';
import type { AfterCommit } from './migrations.ts';
import { SUBJECT_WINDOW_MS, subjectKey } from './threads.ts';

interface Old {
  id: number;
  account_id: number;
  message_id: string | null;
  in_reply_to: string | null;
  subject: string;
  at: number;
}

export function threadStoredMessages(db: DatabaseSync): AfterCommit | null {
  db.exec(`
    ALTER TABLE messages ADD COLUMN thread_subject TEXT NOT NULL DEFAULT '';
    -- The ids each message names (References and In-Reply-To): a message that arrives later
    -- with one of them as its own Message-ID, or naming one of them too, joins the thread.
    CREATE TABLE message_refs (
      message_row INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
      account_id INTEGER NOT NULL,
      ref TEXT NOT NULL,
      PRIMARY KEY (message_row, ref)
    ) WITHOUT ROWID;
  `);
  const rows = db
    .prepare('SELECT id, account_id, message_id, in_reply_to, subject, COALESCE(date, received_at) AS at FROM messages ORDER BY at, id')
    .all() as unknown as Old[];
  const parent = rows.map((_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root] as number;
    for (let j = i; j !== root;) {
      const next = parent[j] as number;
      parent[j] = root;
      j = next;
    }
    return root;
  };
  // The root of a group is its smallest row id: the thread id, stable whichever way groups meet.
  const union = (a: number, b: number): void => {
    const [ra, rb] = [find(a), find(b)];
    if (ra === rb) return;
    if ((rows[ra] as Old).id < (rows[rb] as Old).id) parent[rb] = ra;
    else parent[ra] = rb;
  };
  const byId = new Map<string, number>();
  const bySubject = new Map<string, { at: number; index: number }>();
  const keys = rows.map((row, i) => {
    const named = [row.message_id, row.in_reply_to].filter((v): v is string => v !== null && v !== '');
    let linked = false;
    for (const id of named) {
      const key = `${row.account_id} ${id}`;
      const other = byId.get(key);
      if (other === undefined) byId.set(key, i);
      else {
        union(i, other);
        linked = true;
      }
    }
    const subject = subjectKey(row.subject);
    if (subject.key === '') return subject.key;
    const key = `${row.account_id} ${subject.key}`;
    const near = bySubject.get(key);
    const answers = subject.reply || (row.in_reply_to !== null && row.in_reply_to !== '');
    if (!linked && answers && near !== undefined && row.at - near.at <= SUBJECT_WINDOW_MS) union(i, near.index);
    bySubject.set(key, { at: row.at, index: i });
    return subject.key;
  });
  const update = db.prepare('UPDATE messages SET thread_id = ?, thread_subject = ? WHERE id = ?');
  rows.forEach((row, i) => {
    const thread = (rows[find(i)] as Old).id;
    const key = keys[i] as string;
    if (thread !== row.id || key !== '') update.run(thread, key, row.id);
  });
  db.exec(`
    INSERT OR IGNORE INTO message_refs (message_row, account_id, ref)
      SELECT id, account_id, in_reply_to FROM messages WHERE in_reply_to IS NOT NULL AND in_reply_to <> '';
    CREATE INDEX message_refs_by_ref ON message_refs (account_id, ref);
    CREATE INDEX messages_by_thread_subject ON messages (account_id, thread_subject, COALESCE(date, received_at)) WHERE thread_subject <> '';
  `);
  return null;
}
