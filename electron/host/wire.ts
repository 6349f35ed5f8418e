// The WebSocket wire protocol of browser mode: the contract's channels and events as JSON text
// frames. The renderer's WebSocket transport codes against exactly this.
//
//   client → server   {"id": number, "channel": string, "args": unknown[]}
//   server → client   {"id": number, "result": Envelope}          the answer to request `id`
//   server → client   {"event": string, "payload": unknown}       an event (shared/contract.ts Events)
//
// `id` is the client's, any whole number ≥ 0; answers may come in any order. Channel and
// arguments are checked by the engine (validateCall), so a wrong channel or argument comes
// back as an error envelope with the request's id. A frame that is not JSON, is binary, or
// has no usable id cannot be answered: the connection is closed with a close code saying why.
import type { Envelope, EventName, Events } from '../../shared/contract.ts';

/** Frames larger than this are refused (close code 1009) before they are parsed. */
export const MAX_FRAME_BYTES = 1024 * 1024;

/** RFC 6455 §7.4.1 close codes used here. */
export const CLOSE = {
  normal: 1000,
  goingAway: 1001,
  unsupportedData: 1003,
  invalidPayload: 1007,
  policyViolation: 1008,
} as const;

export interface Request {
  readonly id: number;
  readonly channel: unknown;
  readonly args: unknown;
}

export type ResponseFrame = { readonly id: number; readonly result: Envelope<unknown> };
export type EventFrame<E extends EventName = EventName> = { readonly event: E; readonly payload: Events[E] };

/** Every event name: defined (and checked for completeness) in the contract. */
export { EVENT_NAMES } from '../../shared/contract.ts';

/** A text frame as a request, or why it cannot be one (with the close code to use). */
export function parseRequest(text: string): { ok: true; request: Request } | { ok: false; code: number; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, code: CLOSE.invalidPayload, reason: 'frames must be JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, code: CLOSE.policyViolation, reason: 'a request must be a JSON object' };
  const { id, channel, args } = value as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0)
    return { ok: false, code: CLOSE.policyViolation, reason: 'a request needs an "id": a whole number' };
  return { ok: true, request: { id, channel, args } };
}
