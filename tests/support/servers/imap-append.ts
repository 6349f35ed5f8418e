// The smallest IMAP client that puts mail into a mailbox: LOGIN, APPEND each message to INBOX
// as a synchronizing literal (RFC 3501 §6.3.11, §4.3: send "{n}", wait for the "+"
// continuation, then the n octets), LOGOUT. For seeding Cyrus, whose mail store only its own
// processes may write. Plain TCP on 127.0.0.1: test credentials only.
import net from 'node:net';

export interface AppendOptions {
  port: number;
  user: string;
  password: string;
  messages: ReadonlyArray<string | Buffer>;
  /** Per step; a server that stops answering fails the seed instead of hanging the suite. */
  timeoutMs?: number;
}

/** An IMAP quoted string (RFC 3501 §4.3); test names and passwords never need a literal. */
function quoted(text: string): string {
  if (/[\r\n\0]/.test(text)) throw new Error('CR, LF or NUL in an IMAP quoted string');
  return `"${text.replace(/["\\]/g, '\\$&')}"`;
}

/** Messages as IMAP wants them: CRLF line ends (RFC 3501 §2.2 and §6.3.11's 8-bit rule aside). */
function crlf(message: string | Buffer): Buffer {
  const text = Buffer.isBuffer(message) ? message.toString('latin1') : message;
  return Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'latin1');
}

export async function imapAppend(opts: AppendOptions): Promise<void> {
  const socket = net.connect(opts.port, '127.0.0.1');
  const ms = opts.timeoutMs ?? 15_000;
  let buffer = '';
  let waiter: (() => void) | null = null;
  let failure: Error | null = null;
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('latin1');
    waiter?.();
  });
  socket.on('error', (error) => {
    failure = error;
    waiter?.();
  });
  socket.on('close', () => {
    failure ??= new Error('the IMAP server closed the connection');
    waiter?.();
  });

  /** Waits for a whole line matching `test`; returns it and drops everything up to it. */
  const line = async (test: (l: string) => boolean, what: string): Promise<string> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const lines = buffer.split('\r\n');
      for (let i = 0; i < lines.length - 1; i++) {
        const l = lines[i] ?? '';
        if (test(l)) {
          buffer = lines.slice(i + 1).join('\r\n');
          return l;
        }
      }
      if (failure) throw new Error(`IMAP ${what}: ${(failure as Error).message}; got ${JSON.stringify(buffer)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`IMAP ${what}: no answer within ${ms} ms; got ${JSON.stringify(buffer)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        waiter = () => {
          clearTimeout(t);
          waiter = null;
          resolve();
        };
      });
    }
  };
  const tagged = async (tag: string, what: string): Promise<void> => {
    const l = await line((x) => x.startsWith(`${tag} `), what);
    if (!l.startsWith(`${tag} OK`)) throw new Error(`IMAP ${what} refused: ${l}`);
  };

  try {
    await line((l) => l.startsWith('* OK'), 'greeting');
    socket.write(`a1 LOGIN ${quoted(opts.user)} ${quoted(opts.password)}\r\n`);
    await tagged('a1', 'LOGIN');
    let n = 1;
    for (const message of opts.messages) {
      const bytes = crlf(message);
      const tag = `b${n++}`;
      socket.write(`${tag} APPEND INBOX {${bytes.length}}\r\n`);
      const go = await line((l) => l.startsWith('+') || l.startsWith(`${tag} `), 'APPEND');
      if (!go.startsWith('+')) throw new Error(`IMAP APPEND refused: ${go}`);
      socket.write(Buffer.concat([bytes, Buffer.from('\r\n')]));
      await tagged(tag, 'APPEND');
    }
    socket.write('z LOGOUT\r\n');
    await tagged('z', 'LOGOUT');
  } finally {
    socket.destroy();
  }
}
