// A loopback TCP proxy that delays every chunk by a fixed time in each direction, so a
// benchmark can show what a real network's round trip does to a chatty protocol.
import net from 'node:net';

export interface LatencyProxy {
  port: number;
  close(): Promise<void>;
}

export async function startLatencyProxy(targetPort: number, oneWayMs: number): Promise<LatencyProxy> {
  const sockets = new Set<net.Socket>();
  const delayed = (from: net.Socket, to: net.Socket): void => {
    // Each chunk leaves oneWayMs after it arrived; chunks keep their order because the
    // delay is the same for all of them and timers of equal delay fire in order.
    from.on('data', (chunk) => setTimeout(() => to.destroyed || to.write(chunk), oneWayMs));
    from.on('end', () => setTimeout(() => to.end(), oneWayMs));
    from.on('error', () => to.destroy());
  };
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: '127.0.0.1', port: targetPort });
    for (const s of [client, upstream]) {
      s.setNoDelay(true);
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    delayed(client, upstream);
    delayed(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
