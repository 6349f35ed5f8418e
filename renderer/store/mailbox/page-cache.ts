// The rows the window holds: whole pages by page number, at most MAX_CACHED_PAGES of them,
// the least recently shown evicted first, never one in view. Going back to rows already seen
// shows them at once; memory stays flat however far the user scrolls.
import type { MessageSummaryView } from '../../../shared/contract.ts';
import { PAGE_SIZE } from './paging.ts';

/** 40 pages of 100: 4,000 rows, a few MB. */
export const MAX_CACHED_PAGES = 40;

export type Pages = Readonly<Record<number, readonly MessageSummaryView[]>>;

export function rowAt(pages: Pages, index: number): MessageSummaryView | undefined {
  if (index < 0) return undefined;
  return pages[Math.floor(index / PAGE_SIZE)]?.[index % PAGE_SIZE];
}

/** The index of the row with message `id` among the cached pages, or null. */
export function indexOfId(pages: Pages, id: number): number | null {
  for (const [page, rows] of Object.entries(pages)) {
    const i = rows.findIndex((r) => r.id === id);
    if (i >= 0) return Number(page) * PAGE_SIZE + i;
  }
  return null;
}

/** Every cached row, in list order. */
export function cachedRows(pages: Pages): MessageSummaryView[] {
  return Object.keys(pages)
    .map(Number)
    .sort((a, b) => a - b)
    .flatMap((page) => pages[page] ?? []);
}

/** The cached pages with `change` applied to every row (the same page object where nothing changed). */
export function mapRows(pages: Pages, change: (row: MessageSummaryView) => MessageSummaryView): Pages {
  const out: Record<number, readonly MessageSummaryView[]> = {};
  for (const [page, rows] of Object.entries(pages)) {
    const next = rows.map(change);
    out[Number(page)] = next.some((row, i) => row !== rows[i]) ? next : rows;
  }
  return out;
}

/** Which pages were used last: the order eviction follows. */
export class PageLru {
  private order: number[] = [];
  private readonly max: number;

  constructor(max = MAX_CACHED_PAGES) {
    this.max = max;
  }

  /** Marks pages as just used. */
  touch(pages: Iterable<number>): void {
    for (const page of pages) {
      const at = this.order.indexOf(page);
      if (at >= 0) this.order.splice(at, 1);
      this.order.push(page);
    }
  }

  /** Pages to drop so that at most `max` stay, oldest first, never one of `keep`. */
  evict(keep: ReadonlySet<number>): number[] {
    const out: number[] = [];
    for (let i = 0; this.order.length - out.length > this.max && i < this.order.length; i++) {
      const page = this.order[i];
      if (page !== undefined && !keep.has(page)) out.push(page);
    }
    if (out.length > 0) this.order = this.order.filter((page) => !out.includes(page));
    return out;
  }

  clear(): void {
    this.order = [];
  }
}

/** `pages` with `added` put in and `dropped` taken out. */
export function withPages(pages: Pages, added: Readonly<Record<number, readonly MessageSummaryView[]>>, dropped: readonly number[]): Pages {
  const gone = new Set(dropped);
  return Object.fromEntries(Object.entries({ ...pages, ...added }).filter(([page]) => !gone.has(Number(page))));
}
