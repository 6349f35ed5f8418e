// A draft's or an outbox item's time, with the window's one formatter.
import { formatListDate } from '../../format/time.ts';

export function formatWhen(ms: number): string {
  return formatListDate(ms, Date.now());
}
