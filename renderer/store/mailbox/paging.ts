// The message list is a window onto a long, server-sorted list (newest first): rows are
// fetched a page at a time as they scroll into view (and a page either side, ahead of the
// scroll), kept by page in a bounded cache (page-cache.ts).

/** Rows per page: a few screens, so a page either side keeps a wheel scroll ahead of its rows. */
export const PAGE_SIZE = 100;

/** Pages one 'messages.page' request may carry (the channel's limit is 500 rows). */
export const MAX_PAGES_PER_REQUEST = 5;

/** Pages fetched ahead on each side of the ones in view. */
export const PREFETCH_PAGES = 1;

/** The pages that hold rows [start, end); with a known total, none past its end (but always one). */
export function pagesFor(start: number, end: number, total: number | null): number[] {
  const last = Math.max(start, total === null ? end : Math.min(end, total)) - 1;
  if (last < start) return [Math.floor(Math.max(0, start) / PAGE_SIZE)];
  const pages: number[] = [];
  for (let page = Math.floor(Math.max(0, start) / PAGE_SIZE); page <= Math.floor(last / PAGE_SIZE); page++) pages.push(page);
  return pages;
}

/** The pages either side of `pages` (sorted, contiguous), `ahead` deep, within the list. */
export function neighbourPages(pages: readonly number[], ahead: number, total: number | null): number[] {
  const first = pages[0];
  const last = pages.at(-1);
  if (first === undefined || last === undefined) return [];
  const lastPage = total === null ? Infinity : Math.max(0, Math.ceil(total / PAGE_SIZE) - 1);
  const out: number[] = [];
  for (let d = 1; d <= ahead; d++) {
    if (last + d <= lastPage) out.push(last + d);
    if (first - d >= 0) out.push(first - d);
  }
  return out;
}

/** Consecutive pages grouped into runs of at most `max`, so one request carries each run. */
export function pageRuns(pages: readonly number[], max = MAX_PAGES_PER_REQUEST): Array<{ first: number; count: number }> {
  const sorted = [...new Set(pages)].sort((a, b) => a - b);
  const runs: Array<{ first: number; count: number }> = [];
  for (const page of sorted) {
    const run = runs.at(-1);
    if (run && run.first + run.count === page && run.count < max) run.count++;
    else runs.push({ first: page, count: 1 });
  }
  return runs;
}
