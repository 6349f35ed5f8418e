// How long the WebSocket transport waits before reconnecting. The browser-mode host is a
// local process: it is either back within a second (restarted) or gone for good, so the
// delay starts short and stops growing at a few seconds rather than minutes.

export const RECONNECT_FIRST_MS = 250;
export const RECONNECT_MAX_MS = 5_000;

/**
 * The delay before reconnect attempt `attempt` (0-based): doubling from RECONNECT_FIRST_MS up
 * to RECONNECT_MAX_MS, with up to 20 % jitter so that many tabs do not reconnect in step.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(RECONNECT_MAX_MS, RECONNECT_FIRST_MS * 2 ** Math.max(0, attempt));
  return Math.round(base * (1 - 0.2 * random()));
}
