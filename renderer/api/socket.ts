// The one place that touches the browser's WebSocket (and the fetch that asks why it failed). The transport talks to this small
// interface instead, so its logic (ids, reconnects, failing pending calls) is tested under
// Node with a scripted socket and a fake clock.

export interface SocketHandlers {
  open(): void;
  message(data: string): void;
  /** Called once per socket, after an error too (the browser always follows onerror with onclose). */
  close(code: number, reason: string): void;
}

export interface SocketHandle {
  send(data: string): void;
  close(): void;
}

export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketHandle;

export const browserSocket: SocketFactory = (url, handlers) => {
  const ws = new WebSocket(url);
  ws.onopen = () => handlers.open();
  ws.onmessage = (event: MessageEvent) => {
    // The host sends text frames only; anything else is not ours to interpret.
    if (typeof event.data === 'string') handlers.message(event.data);
  };
  ws.onclose = (event: CloseEvent) => handlers.close(event.code, event.reason);
  return {
    send: (data) => ws.send(data),
    close: () => ws.close(1000, 'closing'),
  };
};

/** What the host says of a token: it takes it, it refuses it, or it could not be asked (down). */
export type TokenAnswer = 'valid' | 'refused' | 'unreachable';
export type TokenProbe = (wsUrl: string) => Promise<TokenAnswer>;

/**
 * A plain GET of the WebSocket URL (electron/host answers 401/403 for a missing or wrong token,
 * 426 for a good one): the one way to learn why a handshake failed, which the browser hides.
 */
export const probeToken: TokenProbe = async (wsUrl) => {
  const url = wsUrl.replace(/^ws(s?):/, 'http$1:');
  try {
    const response = await fetch(url, { cache: 'no-store', credentials: 'omit', redirect: 'error' });
    return response.status === 401 || response.status === 403 ? 'refused' : 'valid';
  } catch {
    return 'unreachable';
  }
};
