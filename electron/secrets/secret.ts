// Redaction by construction (STYLE.md, "secrets marked at the source"): a password, a SASL
// response or a token is wrapped in `Secret` where it enters Poplar, and only the POP3 socket
// writer (pop3/transcript.ts renderForWire) and the stores that must keep it ever unwrap it.
// Whatever a later step logs or serialises shows "[redacted]".

export const REDACTED = '[redacted]';

/** A value that must never reach a log, a transcript, JSON or the console. */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The real value. Only the socket writer (renderForWire) and the SASL computations call this. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  // util.inspect (console.log, vitest diffs) would otherwise show the object's shape.
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return REDACTED;
  }
}
