// A loopback TCP proxy that lets the server's bytes through at a fixed rate, as a slow or
// flaky link would: for benchmarks where a whole download must take longer than the moments
// at which it is interrupted (bench/kill-progress.ts). The client's bytes pass at once.
import net from 'node:net';

export interface ThrottleProxy {
  port: number;
  close(): Promise<void>;
}

/** Slices sent every TICK_MS: small enough that a reply arrives as a stream, not in bursts. */
const TICK_MS = 20;

export async function startThrottleProxy(targetPort: number, bytesPerSecond: number): Promise<ThrottleProxy> {
  const sockets = new Set<net.Socket>();
  const perTick = Math.max(1, Math.floor((bytesPerSecond * TICK_MS) / 1000));
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: '127.0.0.1', port: targetPort });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk) => upstream.write(chunk));
    client.on('end', () => upstream.end());
    let queue = Buffer.alloc(0);
    let ended = false;
    upstream.on('data', (chunk: Buffer) => {
      queue = Buffer.concat([queue, chunk]);
      if (queue.length > perTick * 50) upstream.pause(); // hold the server back rather than buffer its whole reply
    });
    upstream.on('end', () => (ended = true));
    const timer = setInterval(() => {
      if (queue.length > 0 && !client.destroyed) {
        client.write(queue.subarray(0, perTick));
        queue = queue.subarray(perTick);
      }
      if (queue.length <= perTick * 10) upstream.resume();
      if (ended && queue.length === 0) {
        clearInterval(timer);
        client.end();
      }
    }, TICK_MS);
    client.on('close', () => {
      clearInterval(timer);
      upstream.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
