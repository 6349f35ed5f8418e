// The message list is a window onto a long, server-sorted list (newest first): rows are
// fetched a page at a time as they scroll into view and kept by their index.

/** Rows per 'messages.page' request: a few screens, well under the channel's limit of 500. */
export const PAGE_SIZE = 100;

/** The pages that hold rows [start, end). */
export function pagesFor(start: number, end: number, total: number | null): number[] {
  const last = Math.max(start, total === null ? end : Math.min(end, total)) - 1;
  if (last < start) return [Math.floor(Math.max(0, start) / PAGE_SIZE)];
  const pages: number[] = [];
  for (let page = Math.floor(Math.max(0, start) / PAGE_SIZE); page <= Math.floor(last / PAGE_SIZE); page++) pages.push(page);
  return pages;
}
