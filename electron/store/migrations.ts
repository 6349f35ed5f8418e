// Numbered schema migrations. PRAGMA user_version holds the number of the last one applied;
// each runs in its own transaction. Never edit a migration that has shipped: add the next.
import type { DatabaseSync } from 'node:sqlite';
import { rekeyMailboxes } from './rekey-migration.ts';
import { threadStoredMessages } from './thread-migration.ts';

/** Work a migration leaves for after its commit: only removals of what no row refers to any more. */
export type AfterCommit = () => void;

/**
 * SQL, or a function for a migration SQL cannot express (the mailbox key is computed in
 * TypeScript). A function runs in the migration's transaction and may return work to do after
 * the commit (removing files nothing refers to any more), or null.
 */
export type Migration = string | ((db: DatabaseSync, profileDir: string) => AfterCommit | null);

export const MIGRATIONS: readonly Migration[] = [
  // 1: the first schema.
  `
  CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    host TEXT NOT NULL,
    port INTEGER NOT NULL,
    security TEXT NOT NULL CHECK (security IN ('tls', 'starttls', 'none')),
    user TEXT NOT NULL,
    auth TEXT NOT NULL DEFAULT 'auto',
    ca_file TEXT,
    fingerprint TEXT,
    mailbox_key TEXT NOT NULL UNIQUE,
    retention TEXT NOT NULL,           -- JSON of shared/account.ts Retention
    interval_minutes REAL NOT NULL,
    check_at_startup INTEGER NOT NULL DEFAULT 1,
    paused INTEGER NOT NULL DEFAULT 0,
    max_size_bytes INTEGER,
    password_source TEXT NOT NULL,     -- JSON of PasswordSource (never the password itself)
    created_at INTEGER NOT NULL
  );

  -- What Poplar knows of each server mailbox, shared by everything that uses its key.
  CREATE TABLE mailboxes (
    key TEXT PRIMARY KEY,
    uidl_supported INTEGER,            -- null until a session has seen CAPA/UIDL
    login_delay_seconds INTEGER,
    expire_days TEXT,
    last_login_at INTEGER
  );

  CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    uidl TEXT,                         -- null only for servers without UIDL
    path TEXT NOT NULL,                -- relative to the profile's messages folder
    size INTEGER NOT NULL,             -- bytes of the .eml file
    server_size INTEGER,               -- LIST size: for a partial message, the full size
    partial INTEGER NOT NULL DEFAULT 0,  -- headers only (TOP), the rest not yet fetched
    message_id TEXT,
    in_reply_to TEXT,
    from_name TEXT NOT NULL DEFAULT '',
    from_address TEXT NOT NULL DEFAULT '',
    to_json TEXT NOT NULL DEFAULT '[]',
    cc_json TEXT NOT NULL DEFAULT '[]',
    subject TEXT NOT NULL DEFAULT '',
    date INTEGER,
    received_at INTEGER NOT NULL,
    snippet TEXT NOT NULL DEFAULT '',
    has_attachments INTEGER NOT NULL DEFAULT 0,
    has_html INTEGER NOT NULL DEFAULT 0,
    read INTEGER NOT NULL DEFAULT 0,
    deleted_locally INTEGER NOT NULL DEFAULT 0,
    parse_error TEXT,
    UNIQUE (account_id, uidl)
  );
  CREATE INDEX messages_by_date ON messages (account_id, deleted_locally, date DESC);

  CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    filename TEXT,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    content_id TEXT,
    part_id TEXT,
    inline INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX attachments_by_message ON attachments (message_id);

  -- The UIDL ledger (DESIGN.md): every UIDL ever seen per mailbox, and what became of it.
  CREATE TABLE ledger (
    mailbox_key TEXT NOT NULL,
    uidl TEXT NOT NULL,
    first_seen_at INTEGER NOT NULL,
    stored_at INTEGER,                 -- set in the same transaction as the message row
    message_row INTEGER REFERENCES messages(id) ON DELETE SET NULL,
    deleted_on_server_at INTEGER,      -- set only after +OK to QUIT, or when UIDL no longer lists it
    PRIMARY KEY (mailbox_key, uidl)
  );

  CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    mailbox_key TEXT NOT NULL,
    account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    trigger TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    connected_at INTEGER,
    ended_at INTEGER,
    ended_by TEXT,                     -- quit | quit-refused | lock-refused | auth-failed | server-error | network-drop | timeout | local-lock | aborted | local-error
    error_code TEXT,
    error_message TEXT,
    response_code TEXT,
    server_text TEXT,
    downloaded INTEGER NOT NULL DEFAULT 0,
    deleted_on_server INTEGER NOT NULL DEFAULT 0,
    bytes INTEGER NOT NULL DEFAULT 0,
    greeting TEXT,
    capabilities TEXT,                 -- JSON
    security TEXT,
    auth_method TEXT,
    notes TEXT,                        -- JSON array of warnings (no UIDL, partial messages …)
    transcript TEXT                    -- JSON, redacted by construction (pop3/transcript.ts)
  );
  CREATE INDEX sessions_by_mailbox ON sessions (mailbox_key, started_at DESC);

  -- Full-text search (FTS5) over subject, addresses and body text; rowid = messages.id.
  CREATE VIRTUAL TABLE messages_fts USING fts5 (subject, addresses, body, tokenize = 'unicode61 remove_diacritics 2');
  `,
  // 2: where the user allowed remote content (images, fonts, styles from the web) in HTML mail.
  `
  CREATE TABLE remote_content_allowed (
    kind TEXT NOT NULL CHECK (kind IN ('message', 'sender')),
    value TEXT NOT NULL,               -- 'message': the messages row id; 'sender': the lower-cased From address
    -- For 'message', the row itself: the permission goes with the message, and never passes to
    -- a later message that reuses a deleted row's id (rowids are reused without AUTOINCREMENT).
    message_row INTEGER REFERENCES messages(id) ON DELETE CASCADE,
    allowed_at INTEGER NOT NULL,
    PRIMARY KEY (kind, value)
  );
  `,
  // 3: the per-account switch for new-mail notifications (on for existing accounts).
  `
  ALTER TABLE accounts ADD COLUMN notify INTEGER NOT NULL DEFAULT 1;
  `,
  // 4: one normalised key per mailbox (shared/mailbox-key.ts); accounts that were one mailbox
  // under two names are merged, and account_merges says so (electron/store/rekey-migration.ts).
  rekeyMailboxes,
  // 5: a message is listed as soon as its file is durable and its headers are read; the full
  // MIME analysis (text, snippet, parts) and its full-text row come later, from the analysis
  // workers (electron/analysis/). indexed_at is null until then; rows stored before this
  // migration were analysed when they were stored.
  `
  ALTER TABLE messages ADD COLUMN indexed_at INTEGER;
  UPDATE messages SET indexed_at = received_at;
  CREATE INDEX messages_unindexed ON messages (id) WHERE indexed_at IS NULL;
  `,
  // 6: the list's order (newest first: COALESCE(date, received_at), then id) read straight from
  // an index, for all accounts and for one, so a page at any offset and a search's first hits
  // never sort the mailbox (electron/store/messages.ts). The rowid ends every index, so it
  // breaks ties without being named. Unread counts come from a partial index of unread inbox
  // rows. messages_by_date (account, folder, date) is covered by messages_newest_in_account.
  `
  CREATE INDEX messages_newest ON messages (deleted_locally, COALESCE(date, received_at));
  CREATE INDEX messages_newest_in_account ON messages (account_id, deleted_locally, COALESCE(date, received_at));
  CREATE INDEX messages_unread ON messages (account_id) WHERE read = 0 AND deleted_locally = 0;
  DROP INDEX messages_by_date;
  `,
  // 7: folders (DESIGN.md, "Folders"). A message's folder: 0 Inbox, -1 Archive, > 0 a folders row.
  // Trash stays deleted_locally = 1 (what an account's retention reads as "deleted here"), and
  // folder keeps where the message came from, so restoring only clears deleted_locally;
  // trashed_at is when it went there (Trash's own retention). Existing Trash starts its days now.
  // thread_id is its conversation (the row's own id, by a trigger, until threading says otherwise);
  // references_json the References header's ids. The order indexes of migration 6 gain the folder,
  // so each folder's page at any offset is read from an index; Trash (any folder) has partial ones.
  // The unread index serves every folder's unread count (Inbox: deleted_locally 0, folder 0).
  // A message deleted permanently leaves its ledger entry (so its UIDL is never downloaded again)
  // with removed_at set: it still counts as deleted here for the retention rule, and
  // removed_partial keeps the one fact of the row DELE needs (a header-only copy is never reason
  // to delete the server's full one).
  `
  CREATE TABLE folders (
    id INTEGER PRIMARY KEY,
    account_id INTEGER REFERENCES accounts(id) ON DELETE CASCADE,  -- null: a local folder
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX folders_by_account ON folders (account_id);
  ALTER TABLE messages ADD COLUMN folder INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE messages ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE messages ADD COLUMN trashed_at INTEGER;
  ALTER TABLE messages ADD COLUMN thread_id INTEGER;
  ALTER TABLE messages ADD COLUMN references_json TEXT NOT NULL DEFAULT '[]';
  UPDATE messages SET thread_id = id;
  -- A row inserted without a conversation starts its own; threading may set thread_id instead.
  CREATE TRIGGER messages_own_thread AFTER INSERT ON messages WHEN NEW.thread_id IS NULL
  BEGIN UPDATE messages SET thread_id = NEW.id WHERE id = NEW.id; END;
  UPDATE messages SET trashed_at = CAST(unixepoch('subsec') * 1000 AS INTEGER) WHERE deleted_locally = 1;
  ALTER TABLE ledger ADD COLUMN removed_at INTEGER;
  ALTER TABLE ledger ADD COLUMN removed_partial INTEGER NOT NULL DEFAULT 0;
  -- Deleting a message row sets its ledger entry's message_row to null (the foreign key): without
  -- this index each deleted row would read the whole ledger (emptying Trash: rows × ledger).
  CREATE INDEX ledger_by_message ON ledger (message_row) WHERE message_row IS NOT NULL;
  ALTER TABLE accounts ADD COLUMN trash_days INTEGER;
  DROP INDEX messages_newest;
  DROP INDEX messages_newest_in_account;
  DROP INDEX messages_unread;
  CREATE INDEX messages_newest ON messages (deleted_locally, folder, COALESCE(date, received_at));
  CREATE INDEX messages_newest_in_account ON messages (account_id, deleted_locally, folder, COALESCE(date, received_at));
  CREATE INDEX messages_trash ON messages (COALESCE(date, received_at)) WHERE deleted_locally = 1;
  CREATE INDEX messages_trash_in_account ON messages (account_id, COALESCE(date, received_at)) WHERE deleted_locally = 1;
  CREATE INDEX messages_unread ON messages (account_id, deleted_locally, folder) WHERE read = 0;
  CREATE INDEX messages_by_thread ON messages (account_id, thread_id);
  CREATE INDEX messages_by_message_id ON messages (account_id, message_id);
  `,
  // 8: conversations (electron/store/threads.ts): the normalised subject, the ids each message
  // names (message_refs), and the threads of the messages stored so far (thread-migration.ts).
  threadStoredMessages,
  // 9: an outgoing server and an identity per account (shared/account.ts OutgoingServer,
  // Identity), each a JSON object like retention; null until the user sets one. Passwords are
  // never here (electron/secrets/, the 'smtp' slot).
  `
  ALTER TABLE accounts ADD COLUMN smtp TEXT;
  ALTER TABLE accounts ADD COLUMN identity TEXT;
  `,
  // 10: drafts and the outbox (electron/store/outbox.ts, outbox-states.ts).
  // A draft is one row, its fields as JSON, rewritten whole on each autosave (one statement:
  // crash-safe). An outbox item holds the EXACT bytes to send, composed once, and its Message-ID,
  // so what Sent keeps is what was sent; state 'sending' is written before DATA, so a crash
  // leaves it there and the next start makes it 'unknown' instead of sending it again.
  `
  CREATE TABLE drafts (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    fields TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    message_id TEXT NOT NULL,
    envelope TEXT NOT NULL,
    raw BLOB NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'retry', 'unknown')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    failure_kind TEXT,
    failure_response TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX outbox_pending ON outbox (account_id, state, next_attempt_at);
  `,
  // 11: the composer's address completions (store/address-book.ts): every address seen in a
  // stored message's From, To and Cc (Sent's too: they are message rows), with how often, kept
  // by a trigger at insert so 'compose.addresses' is an indexed prefix look-up, not a scan of
  // every message's JSON. NOCASE: LIKE 'abc%' can use these indexes (case-insensitive LIKE).
  `
  CREATE TABLE address_book (
    address TEXT PRIMARY KEY COLLATE NOCASE,
    name TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
    uses INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX address_book_by_name ON address_book (name COLLATE NOCASE);
  CREATE TRIGGER messages_address_book AFTER INSERT ON messages
  BEGIN
    INSERT INTO address_book (address, name, uses)
      SELECT a, n, 1 FROM (
        SELECT NEW.from_address AS a, NEW.from_name AS n
        UNION ALL SELECT json_extract(value, '$.address'), COALESCE(json_extract(value, '$.name'), '') FROM json_each(NEW.to_json)
        UNION ALL SELECT json_extract(value, '$.address'), COALESCE(json_extract(value, '$.name'), '') FROM json_each(NEW.cc_json)
      ) WHERE a LIKE '%_@_%'
      ON CONFLICT (address) DO UPDATE SET uses = uses + 1, name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE name END;
  END;
  INSERT INTO address_book (address, name, uses)
    SELECT address, MAX(name), COUNT(*) FROM (
      SELECT from_address AS address, from_name AS name FROM messages
      UNION ALL SELECT json_extract(j.value, '$.address'), COALESCE(json_extract(j.value, '$.name'), '') FROM messages, json_each(messages.to_json) AS j
      UNION ALL SELECT json_extract(j.value, '$.address'), COALESCE(json_extract(j.value, '$.name'), '') FROM messages, json_each(messages.cc_json) AS j
    ) WHERE address IS NOT NULL AND address LIKE '%_@_%' GROUP BY address COLLATE NOCASE;
  DELETE FROM address_book WHERE address IS NULL OR address NOT LIKE '%_@_%';
  `,
  // 12: the SIZE (RFC 1870) the account's outgoing server announced at its last connection,
  // kept so that 'outbox.send' and `poplar send` refuse a message too large for it before
  // queueing, from the first message of a run on (store/smtp-size.ts); null: not known yet, or
  // the outgoing server changed since (store/accounts.ts updateRow).
  `
  ALTER TABLE accounts ADD COLUMN smtp_size_limit INTEGER;
  `,
];
