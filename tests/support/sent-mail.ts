// What the sending tests check a message against, in one place: the mailbox as Dovecot serves
// it over POP3, Sent as Poplar keeps it, and the two compared byte for byte.
//
// Postfix's virtual(8) writes a Maildir with LF line ends; Dovecot serves CRLF, the bytes that
// were sent. So copies are counted in the Maildir and compared as POP3 serves them.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { expect } from 'vitest';
import { Pop3Client } from '../../electron/pop3/client.ts';
import { Secret } from '../../electron/secrets/secret.ts';
import type { MessageSummaryView } from '../../shared/contract.ts';
import { connectApi, type ServeProcess } from './poplar-serve.ts';

/** A Dovecot fixture's user, as POP3 reaches it on 127.0.0.1 without TLS. */
export interface PopLogin {
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

/** Every message in the mailbox, in order; with `dele`, each is deleted as well (taken). */
export async function retrieveAll(login: PopLogin, options: { readonly dele?: boolean } = {}): Promise<Buffer[]> {
  const client = await Pop3Client.connect({
    host: '127.0.0.1',
    port: login.port,
    security: 'none',
    credentials: { kind: 'password', user: login.user, password: new Secret(login.password) },
  });
  try {
    const { count } = await client.stat();
    const got: Buffer[] = [];
    for (let n = 1; n <= count; n++) {
      const chunks: Buffer[] = [];
      await client.retr(n, (chunk) => void chunks.push(Buffer.from(chunk)));
      if (options.dele) await client.dele(n);
      got.push(Buffer.concat(chunks));
    }
    await client.quit();
    return got;
  } finally {
    client.destroy();
  }
}

/** The copies in `user`'s Maildir (under a Dovecot fixture's dir) that hold `needle`. */
export async function maildirCopies(dovecotDir: string, user: string, needle: string): Promise<Buffer[]> {
  const found: Buffer[] = [];
  for (const sub of ['new', 'cur']) {
    const dir = path.join(dovecotDir, 'home', user, 'Maildir', sub);
    for (const name of await readdir(dir).catch(() => [])) {
      const bytes = await readFile(path.join(dir, name));
      if (bytes.includes(needle)) found.push(bytes);
    }
  }
  return found;
}

/** Sent's rows, newest first, as the window lists them. */
export async function sentItems(serve: ServeProcess): Promise<MessageSummaryView[]> {
  const api = await connectApi(serve);
  try {
    const list = await api.value<{ items: MessageSummaryView[] }>('messages.page', {
      accountId: null,
      folder: 'sent',
      offset: 0,
      limit: 50,
    });
    return list.items;
  } finally {
    api.close();
  }
}

/** The bytes Sent keeps for the message with `subject`, read from its file in the profile. */
export async function sentBytes(serve: ServeProcess, profileDir: string, subject: string): Promise<Buffer> {
  const item = (await sentItems(serve)).find((i) => i.subject === subject);
  expect(item, `“${subject}” in Sent`).toBeDefined();
  const db = new DatabaseSync(path.join(profileDir, 'poplar.db'), { readOnly: true });
  try {
    const row = db.prepare('SELECT path FROM messages WHERE id = ?').get(item?.id ?? 0) as { path: string };
    return await readFile(path.join(profileDir, 'messages', row.path));
  } finally {
    db.close();
  }
}

/** What the server put in front (Return-Path, Received…) taken off: the rest must be Sent's bytes exactly. */
export function withoutTrace(downloaded: Buffer, kept: Buffer): Buffer {
  const text = downloaded.toString('latin1');
  const first = kept.toString('latin1').split('\r\n')[0] ?? '';
  return Buffer.from(text.slice(text.indexOf(first)), 'latin1');
}
