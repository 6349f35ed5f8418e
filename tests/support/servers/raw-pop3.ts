// A raw POP3 conversation for the `servers` tier's "what does this server actually say" tests:
// the exact lines, with how long each answer took, and none of Poplar's parsing in between
// (the point is to pin the server's behaviour the client code is then tested against).
import net from 'node:net';
import tls from 'node:tls';

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
  let buffer = '';
  let closed = false;
  let wake: (() => void) | null = null;
  const attach = (s: net.Socket): void => {
    s.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      wake?.();
    });
    s.on('error', () => {
      closed = true;
      wake?.();
    });
    s.on('close', () => {
      closed = true;
      wake?.();
    });
  };
  attach(socket);

  const takeLine = async (deadline: number): Promise<string> => {
    for (;;) {
      const at = buffer.indexOf('\r\n');
      if (at >= 0) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        return line;
      }
      if (closed) throw new Error(`connection closed; unread ${JSON.stringify(buffer)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no line within ${ms} ms; unread ${JSON.stringify(buffer)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(t);
          wake = null;
          resolve();
        };
      });
    }
  };

  const greeting = await takeLine(Date.now() + ms);
  const conn: RawPop3 = {
    greeting,
    get closed() {
      return closed;
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
