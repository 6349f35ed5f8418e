// One window's WebSocket: requests in, answers and events out (wire.ts has the protocol).
import type { WebSocket } from 'ws';
import type { EventName, Events } from '../../shared/contract.ts';
import type { Engine } from '../engine/engine.ts';
import { CLOSE, EVENT_NAMES, parseRequest, type EventFrame, type ResponseFrame } from './wire.ts';

/**
 * A window that stops reading while events keep coming would make the host buffer without
 * bound; past this much unsent data it is disconnected (it reconnects and reloads its state).
 */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export function serveSocket(ws: WebSocket, engine: Engine): void {
  const send = (frame: ResponseFrame | EventFrame): void => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      ws.close(CLOSE.policyViolation, 'too far behind');
      return;
    }
    let text: string;
    try {
      text = JSON.stringify(frame);
    } catch {
      // A value JSON cannot carry (a bug in a handler): the request still gets its answer.
      if (!('id' in frame)) return;
      text = JSON.stringify({ id: frame.id, result: { ok: false, error: { code: 'internal', message: 'The answer could not be sent.' } } });
    }
    ws.send(text);
  };

  const unsubscribe = EVENT_NAMES.map((name) =>
    engine.on(name, (payload: Events[EventName]) => send({ event: name, payload } as EventFrame)),
  );
  ws.once('close', () => {
    for (const off of unsubscribe) off();
  });
  // A frame over MAX_FRAME_BYTES, or broken framing: ws closes the connection itself (1009,
  // 1002 …) and reports it here. Without a listener that report would crash the host.
  ws.on('error', () => undefined);

  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      ws.close(CLOSE.unsupportedData, 'text frames only');
      return;
    }
    const parsed = parseRequest(
      Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8'),
    );
    if (!parsed.ok) {
      ws.close(parsed.code, parsed.reason);
      return;
    }
    const { id, channel, args } = parsed.request;
    // handle() never rejects: every failure is an error envelope.
    void engine.handle(channel, args).then((result) => send({ id, result }));
  });
}
