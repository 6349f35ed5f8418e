// The parts of a stored message that replying and forwarding read, and the draft fields they
// prepare. Plain data, so the rules here stay pure and the engine fills them from the store.
export interface Address {
  readonly name: string;
  readonly address: string;
}

export interface OriginalMessage {
  readonly messageId: string | null;
  readonly inReplyTo: string | null;
  /** The References field as message identifiers, oldest first. */
  readonly references: readonly string[];
  readonly subject: string;
  readonly from: readonly Address[];
  readonly replyTo: readonly Address[];
  readonly to: readonly Address[];
  readonly cc: readonly Address[];
  /** ms since the epoch; null when the message has no Date. */
  readonly date: number | null;
  readonly text: string;
}

export interface PreparedDraft {
  readonly to: readonly Address[];
  readonly cc: readonly Address[];
  readonly subject: string;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
  readonly text: string;
}
