// The maildrop, and one session's numbered view of it (RFC 1939 §5).
//
// A session sees the maildrop as it was when it logged in: messages are numbered from 1 then
// and keep their numbers, mail delivered during the session waits for the next one, and DELE
// only marks. Nothing leaves the maildrop until QUIT enters the UPDATE state (RFC 1939 §6).

export interface MaildropMessage {
  /** RFC 1939 §7: 1 to 70 characters in 0x21..0x7E, unique and stable for the message. */
  readonly uidl: string;
  /** The whole message, CRLF line ends, as RETR sends it before dot-stuffing. */
  readonly bytes: Buffer;
  /** What LIST and STAT say its size is, when that should differ from `bytes` (a lying server). */
  readonly listedSize?: number;
}

export class Maildrop {
  #messages: MaildropMessage[];

  constructor(messages: readonly MaildropMessage[] = []) {
    this.#messages = [...messages];
  }

  get messages(): readonly MaildropMessage[] {
    return this.#messages;
  }

  add(...messages: MaildropMessage[]): void {
    this.#messages.push(...messages);
  }

  /** The UPDATE state: removes exactly these messages (by identity, not by number). */
  remove(gone: ReadonlySet<MaildropMessage>): void {
    this.#messages = this.#messages.filter((message) => !gone.has(message));
  }
}

export interface Listed {
  readonly n: number;
  /** As LIST tells it: `listedSize` when the message has one. */
  readonly size: number;
  readonly uidl: string;
}

export type Found = { readonly n: number; readonly message: MaildropMessage } | { readonly error: string };

/** The -ERR lines a view answers with when a "msg" argument names no message. */
export interface FindReplies {
  readonly invalidMessageNumber: string;
  noSuchMessage(n: number): string;
  messageDeleted(n: number): string;
}

export const listedSize = (message: MaildropMessage): number => message.listedSize ?? message.bytes.length;

export class MaildropView {
  readonly #entries: ReadonlyArray<MaildropMessage>;
  readonly #deleted = new Set<number>();
  readonly #replies: FindReplies;

  constructor(maildrop: Maildrop, replies: FindReplies) {
    this.#entries = [...maildrop.messages];
    this.#replies = replies;
  }

  /** The message a "msg" argument names, or the -ERR line saying why there is none. */
  find(arg: string | undefined): Found {
    // RFC 1939 §5: a message-number is a decimal number from 1; nothing else names a message.
    if (arg === undefined || !/^[1-9][0-9]{0,8}$/.test(arg)) return { error: this.#replies.invalidMessageNumber };
    const n = Number(arg);
    const message = this.#entries[n - 1];
    if (message === undefined) return { error: this.#replies.noSuchMessage(n) };
    // RFC 1939 §5: a message marked as deleted may not be referred to.
    if (this.#deleted.has(n)) return { error: this.#replies.messageDeleted(n) };
    return { n, message };
  }

  /** The messages not marked as deleted, with their numbers. */
  listing(): Listed[] {
    const out: Listed[] = [];
    this.#entries.forEach((message, i) => {
      if (!this.#deleted.has(i + 1)) out.push({ n: i + 1, size: listedSize(message), uidl: message.uidl });
    });
    return out;
  }

  delete(n: number): void {
    this.#deleted.add(n);
  }

  /** RFC 1939 §5 RSET: every deletion mark is removed. */
  reset(): void {
    this.#deleted.clear();
  }

  deletedMessages(): Set<MaildropMessage> {
    const gone = new Set<MaildropMessage>();
    for (const n of [...this.#deleted].sort((a, b) => a - b)) {
      const message = this.#entries[n - 1];
      if (message !== undefined) gone.add(message);
    }
    return gone;
  }
}
