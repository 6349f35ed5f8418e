// The demo mailbox's messages, and one session's numbered view of them (RFC 1939 §5).
//
// A session sees the maildrop as it was when it logged in: messages are numbered from 1 then
// and keep their numbers, mail delivered during the session waits for the next one, and DELE
// only marks. Nothing leaves the maildrop until QUIT enters the UPDATE state (RFC 1939 §6).

export interface DemoMessage {
  /** RFC 1939 §7: 1 to 70 characters in 0x21..0x7E, unique and stable for the message. */
  readonly uidl: string;
  /** The whole message, CRLF line ends, as RETR sends it before dot-stuffing. */
  readonly bytes: Buffer;
}

export class Maildrop {
  #messages: DemoMessage[];

  constructor(messages: readonly DemoMessage[]) {
    this.#messages = [...messages];
  }

  get messages(): readonly DemoMessage[] {
    return this.#messages;
  }

  add(message: DemoMessage): void {
    this.#messages.push(message);
  }

  /** The UPDATE state: removes exactly these messages (by identity, not by number). */
  remove(gone: ReadonlySet<DemoMessage>): void {
    this.#messages = this.#messages.filter((message) => !gone.has(message));
  }
}

export interface Listed {
  readonly n: number;
  readonly size: number;
  readonly uidl: string;
}

export type Found = { readonly n: number; readonly message: DemoMessage } | { readonly error: string };

export class MaildropView {
  readonly #entries: ReadonlyArray<DemoMessage>;
  readonly #deleted = new Set<number>();

  constructor(maildrop: Maildrop) {
    this.#entries = [...maildrop.messages];
  }

  /** The message a "msg" argument names, or the -ERR line saying why there is none. */
  find(arg: string | undefined): Found {
    // RFC 1939 §5: a message-number is a decimal number from 1; nothing else names a message.
    if (arg === undefined || !/^[1-9][0-9]{0,8}$/.test(arg)) return { error: '-ERR Invalid message number.' };
    const n = Number(arg);
    const message = this.#entries[n - 1];
    if (message === undefined) return { error: `-ERR There is no message ${n}.` };
    // RFC 1939 §5: a message marked as deleted may not be referred to.
    if (this.#deleted.has(n)) return { error: `-ERR Message ${n} is deleted.` };
    return { n, message };
  }

  /** The messages not marked as deleted, with their numbers. */
  listing(): Listed[] {
    const out: Listed[] = [];
    this.#entries.forEach((message, i) => {
      if (!this.#deleted.has(i + 1)) out.push({ n: i + 1, size: message.bytes.length, uidl: message.uidl });
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

  deletedMessages(): Set<DemoMessage> {
    const gone = new Set<DemoMessage>();
    for (const n of this.#deleted) {
      const message = this.#entries[n - 1];
      if (message !== undefined) gone.add(message);
    }
    return gone;
  }
}
