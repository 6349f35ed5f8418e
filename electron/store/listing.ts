// The server's listing for one session (UIDL + LIST), kept in a TEMP table of the profile's
// database instead of in arrays and maps: a 100,000-message mailbox cost ~700 MB of RSS as
// strings, entry objects and three maps (issue 11). Lines go in as they arrive, in small
// synchronous transactions, and the ledger diff (ledger.ts) is done in SQL against it.
//
// TEMP tables belong to the connection and live in its temp database (a file, not the WAL of
// poplar.db): nothing here is durable, nothing here touches the main database's locks, and
// each session has its own table, so sessions of other accounts sharing the connection
// never see it.
import type { DatabaseSync, StatementSync } from 'node:sqlite';

/**
 * How a listed message is identified:
 * - 'uidl': its UIDL, unique in this listing and well-formed enough to be a ledger key;
 * - 'content': a SHA-256 of its bytes (a 'sha256 <hex>' key), because its UIDL cannot be
 *   trusted — shared with another message (RFC 1939 §7 forbids it, servers do it), empty, or
 *   with control characters or absurdly long. Such a message is downloaded to be recognised
 *   and is never named by its UIDL, least of all in a DELE decision.
 */
export type KeyedBy = 'uidl' | 'content';

/**
 * Longest UIDL used as a ledger key. RFC 1939 §7 says 70 characters; longer ones are real
 * (UIDs built from Message-IDs) and, when unique, safe to use, so they are kept — with a note.
 * Past this length a "UIDL" is more likely garbage than an identifier.
 */
const MAX_TRUSTED_UIDL_CHARS = 255;
/** Rows per synchronous insert transaction while the listing streams in. */
const INSERT_CHUNK = 2000;

export interface ListingSummary {
  readonly messages: number;
  /** Messages whose UIDL another listed message shares. */
  readonly duplicates: number;
  /** Messages whose UIDL is empty, has control characters or is over MAX_TRUSTED_UIDL_CHARS. */
  readonly unusable: number;
  /** Unique UIDLs that break RFC 1939's form (over 70 chars, or not ASCII) but are used. */
  readonly irregular: number;
}

export interface ListedRow {
  readonly msg: number;
  readonly uidl: string;
  readonly size: number | null;
  readonly keyedBy: KeyedBy;
}

/** Printable ASCII only, 1–70 characters: RFC 1939 §7. */
const REGULAR = /^[\x21-\x7e]{1,70}$/;
/** Characters no identifier should hold: C0 controls and DEL (bytes of UTF-8 are allowed). */
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f) return true;
  }
  return false;
}

export class ServerListing {
  readonly #db: DatabaseSync;
  readonly table: string;
  #pendingUidls: Array<[number, string]> = [];
  #pendingSizes: Array<[number, number]> = [];
  readonly #insertUidl: StatementSync;
  readonly #setSize: StatementSync;
  readonly #uidlOf: StatementSync;

  private constructor(db: DatabaseSync, table: string) {
    this.#db = db;
    this.table = table;
    this.#insertUidl = db.prepare(`INSERT OR REPLACE INTO ${table} (msg, uidl, keyed_by) VALUES (?, ?, 'uidl')`);
    this.#setSize = db.prepare(`UPDATE ${table} SET size = ? WHERE msg = ?`);
    this.#uidlOf = db.prepare(`SELECT uidl FROM ${table} WHERE msg = ? AND keyed_by = 'uidl'`);
  }

  /** A fresh, empty listing table for session `sessionId`. */
  static create(db: DatabaseSync, sessionId: number): ServerListing {
    const table = `temp.listing_${Math.trunc(sessionId)}`;
    db.exec(`DROP TABLE IF EXISTS ${table}`);
    db.exec(`CREATE TABLE ${table} (msg INTEGER PRIMARY KEY, uidl TEXT NOT NULL, size INTEGER, keyed_by TEXT NOT NULL)`);
    db.exec(`CREATE INDEX ${table}_by_uidl ON listing_${Math.trunc(sessionId)} (uidl)`); // duplicates, the ledger diff
    return new ServerListing(db, table);
  }

  addUidl(msg: number, uidl: string): void {
    this.#pendingUidls.push([msg, uidl]);
    if (this.#pendingUidls.length >= INSERT_CHUNK) this.flush();
  }

  addSize(msg: number, octets: number): void {
    this.#pendingSizes.push([msg, octets]);
    if (this.#pendingSizes.length >= INSERT_CHUNK) this.flush();
  }

  /**
   * Writes what is buffered. Synchronous, so no other session's statements can land inside
   * this transaction; a plain BEGIN, since only the TEMP database is written.
   */
  flush(): void {
    if (this.#pendingUidls.length === 0 && this.#pendingSizes.length === 0) return;
    const uidls = this.#pendingUidls;
    const sizes = this.#pendingSizes;
    this.#pendingUidls = [];
    this.#pendingSizes = [];
    this.#db.exec('BEGIN');
    try {
      for (const [msg, uidl] of uidls) this.#insertUidl.run(msg, uidl);
      for (const [msg, octets] of sizes) this.#setSize.run(octets, msg);
      this.#db.exec('COMMIT');
    } catch (error) {
      if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  /**
   * After UIDL (and LIST) are in: decides for each message whether its UIDL can key it, and
   * counts what was wrong, for the session's notes.
   */
  judge(): ListingSummary {
    this.flush();
    const t = this.table;
    const count = (where: string): number =>
      Number((this.#db.prepare(`SELECT count(*) AS n FROM ${t} WHERE ${where}`).get() as { n: number }).n);
    const shared = `uidl IN (SELECT uidl FROM ${t} GROUP BY uidl HAVING count(*) > 1)`;
    // The per-UIDL form checks need regular expressions: the column is read once, row by row.
    const unusable: number[] = [];
    for (const row of this.#db.prepare(`SELECT msg, uidl FROM ${t}`).iterate() as Iterable<{ msg: number; uidl: string }>) {
      if (row.uidl.length === 0 || row.uidl.length > MAX_TRUSTED_UIDL_CHARS || hasControl(row.uidl)) unusable.push(Number(row.msg));
    }
    const mark = this.#db.prepare(`UPDATE ${t} SET keyed_by = 'content' WHERE msg = ?`);
    this.#db.exec('BEGIN');
    try {
      for (const msg of unusable) mark.run(msg);
      this.#db.prepare(`UPDATE ${t} SET keyed_by = 'content' WHERE keyed_by = 'uidl' AND ${shared}`).run();
      this.#db.exec('COMMIT');
    } catch (error) {
      if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
      throw error;
    }
    let irregular = 0;
    for (const row of this.#db.prepare(`SELECT uidl FROM ${t} WHERE keyed_by = 'uidl'`).iterate() as Iterable<{ uidl: string }>) {
      if (!REGULAR.test(row.uidl)) irregular++;
    }
    return { messages: count('1'), duplicates: count(shared), unusable: unusable.length, irregular };
  }

  /** Listed messages with msg > `after`, in order, at most `limit`. */
  page(after: number, limit: number): ListedRow[] {
    const rows = this.#db
      .prepare(`SELECT msg, uidl, size, keyed_by FROM ${this.table} WHERE msg > ? ORDER BY msg LIMIT ?`)
      .all(after, limit) as unknown as Array<{ msg: number; uidl: string; size: number | null; keyed_by: KeyedBy }>;
    return rows.map((r) => ({ msg: Number(r.msg), uidl: r.uidl, size: r.size === null ? null : Number(r.size), keyedBy: r.keyed_by }));
  }

  /** The UIDL of message `msg` when it keys the message; null otherwise. */
  trustedUidl(msg: number): string | null {
    const row = this.#uidlOf.get(msg) as { uidl: string } | undefined;
    return row?.uidl ?? null;
  }

  drop(): void {
    this.#pendingUidls = [];
    this.#pendingSizes = [];
    this.#db.exec(`DROP TABLE IF EXISTS ${this.table}`);
  }
}
