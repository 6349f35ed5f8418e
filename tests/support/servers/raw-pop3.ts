// Raw POP3 over a bare socket, with none of Poplar's parsing in between: the exact lines.
//   rawPop3 — a conversation for the `servers` tier's "what does this server actually say"
//     tests: command and reply, with how long each answer took, and STLS (the point is to
//     pin the server's behaviour the client code is then tested against).
//   rawConnect — bytes in, lines out, for the tests of Poplar's own server that must send
//     what no real client would (garbage, overlong lines, pipelined batches).
import net from 'node:net';
import tls from 'node:tls';

/** CRLF-ended lines (latin1) as a socket delivers them. */
class LineReader {
  #buffer = '';
  #ended = false;
  #wake: (() => void) | null = null;

  get ended(): boolean {
    return this.#ended;
  }

  get unread(): string {
    return this.#buffer;
  }

  feed(chunk: Buffer): void {
    this.#buffer += chunk.toString('latin1');
    this.#poke();
  }

  end(): void {
    this.#ended = true;
    this.#poke();
  }

  /** The next line without CRLF; null once the connection has ended (see `ended`) or `deadline` has passed. */
  async line(deadline = Number.POSITIVE_INFINITY): Promise<string | null> {
    for (;;) {
      const crlf = this.#buffer.indexOf('\r\n');
      if (crlf >= 0) {
        const text = this.#buffer.slice(0, crlf);
        this.#buffer = this.#buffer.slice(crlf + 2);
        return text;
      }
      if (this.#ended) return null;
      const left = deadline - Date.now();
      if (left <= 0) return null;
      await new Promise<void>((resolve) => {
        const timer = Number.isFinite(left) ? setTimeout(resolve, left) : undefined;
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Everything received and not yet read as a line. */
  takeAll(): string {
    const all = this.#buffer;
    this.#buffer = '';
    return all;
  }

  #poke(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }
}

export interface RawReply {
  /** The status line, without CRLF. */
  readonly line: string;
  /** For multi-line replies, the lines up to (not including) the terminating ".", unstuffed. */
  readonly body: readonly string[];
  readonly ms: number;
}

export interface RawPop3 {
  readonly greeting: string;
  /** Sends one command; `multi` when a +OK opens a multi-line reply (RFC 1939 §3). */
  command(line: string, multi?: boolean): Promise<RawReply>;
  /** Upgrades the connection after a +OK to STLS (RFC 2595 §4). */
  startTls(ca: string): Promise<void>;
  /** True once the server has closed the connection. */
  readonly closed: boolean;
  close(): void;
}

export async function rawPop3(opts: { port: number; tls?: { ca: string }; timeoutMs?: number }): Promise<RawPop3> {
  const ms = opts.timeoutMs ?? 20_000;
  let socket: net.Socket = opts.tls
    ? tls.connect({ host: '127.0.0.1', port: opts.port, ca: opts.tls.ca, servername: 'localhost' })
    : net.connect(opts.port, '127.0.0.1');
  const reader = new LineReader();
  const attach = (s: net.Socket): void => {
    s.on('data', (chunk: Buffer) => reader.feed(chunk));
    s.on('error', () => reader.end());
    s.on('close', () => reader.end());
  };
  attach(socket);

  const takeLine = async (deadline: number): Promise<string> => {
    const line = await reader.line(deadline);
    if (line !== null) return line;
    if (reader.ended) throw new Error(`connection closed; unread ${JSON.stringify(reader.unread)}`);
    throw new Error(`no line within ${ms} ms; unread ${JSON.stringify(reader.unread)}`);
  };

  const greeting = await takeLine(Date.now() + ms);
  const conn: RawPop3 = {
    greeting,
    get closed() {
      return reader.ended;
    },
    async command(line, multi = false) {
      const start = Date.now();
      socket.write(`${line}\r\n`);
      const status = await takeLine(start + ms);
      const body: string[] = [];
      if (multi && status.startsWith('+OK')) {
        for (;;) {
          const l = await takeLine(start + ms);
          if (l === '.') break;
          body.push(l.startsWith('..') ? l.slice(1) : l);
        }
      }
      return { line: status, body, ms: Date.now() - start };
    },
    async startTls(ca) {
      const plain = socket;
      plain.removeAllListeners('data');
      socket = await new Promise<net.Socket>((resolve, reject) => {
        const secure = tls.connect({ socket: plain, ca, servername: 'localhost' }, () => resolve(secure));
        secure.once('error', reject);
      });
      attach(socket);
    },
    close() {
      socket.destroy();
    },
  };
  return conn;
}

export interface RawClient {
  readonly socket: net.Socket;
  send(data: string | Buffer): void;
  /** The next line, without CRLF; null once the server has closed. */
  line(): Promise<string | null>;
  /** The lines of a multi-line response after its status line, up to the ".", still stuffed. */
  multi(): Promise<string[]>;
  /** Everything the server sends until it closes the connection. */
  rest(): Promise<string>;
  /** Settles when the server has closed the connection. */
  readonly closed: Promise<void>;
  end(): void;
}

export async function rawConnect(port: number): Promise<RawClient> {
  const socket = net.connect({ host: '127.0.0.1', port });
  socket.on('error', () => undefined);
  const reader = new LineReader();
  socket.on('data', (chunk: Buffer) => reader.feed(chunk));
  const closed = new Promise<void>((resolve) =>
    socket.once('close', () => {
      reader.end();
      resolve();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const line = (): Promise<string | null> => reader.line();
  return {
    socket,
    send: (data) => void socket.write(data),
    line,
    async multi() {
      const lines: string[] = [];
      for (let next = await line(); next !== '.'; next = await line()) {
        if (next === null) throw new Error('connection closed inside a multi-line response');
        lines.push(next);
      }
      return lines;
    },
    async rest() {
      await closed;
      return reader.takeAll();
    },
    closed,
    end: () => socket.end(),
  };
}

/** Logs in with USER/PASS and returns the +OK/-ERR line of PASS. */
export async function rawLogin(client: RawClient, user: string, password: string): Promise<string | null> {
  client.send(`USER ${user}\r\n`);
  await client.line();
  client.send(`PASS ${password}\r\n`);
  return client.line();
}
