// A windowed list: only the rows in view (plus a few) exist in the DOM, each absolutely
// placed at index × rowHeight inside a spacer as tall as the whole list. Fixed row height
// keeps the arithmetic exact (window.ts), so 100 000 messages scroll like 100.
//
// aria-activedescendant always names a row that is in the DOM: the cursor's row while it is
// rendered, otherwise the first row in view (a screen reader then reads where the keys start).
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode, type UIEvent } from 'react';
import { scrollToShow, visibleWindow } from './window.ts';

export interface VirtualListProps {
  readonly count: number;
  readonly rowHeight: number;
  readonly overscan?: number;
  /** The row to keep in view (the keyboard cursor). */
  readonly activeIndex: number | null;
  /** The DOM id of row `index` (for aria-activedescendant). */
  readonly idOf: (index: number) => string;
  readonly label: string;
  readonly multiselectable?: boolean;
  readonly onWindow: (start: number, end: number) => void;
  readonly renderRow: (index: number) => ReactNode;
  readonly onKeyDown?: (event: KeyboardEvent<HTMLDivElement>) => void;
  readonly empty?: ReactNode;
  readonly resetKey?: string;
  /** Scroll so that this row is the first in view, once the list is long enough; then onScrolledTo. */
  readonly scrollToRow?: number | null;
  readonly onScrolledTo?: () => void;
  /** The first row in view changed by a scroll. */
  readonly onFirstRow?: (row: number) => void;
}

export function VirtualList({
  count,
  rowHeight,
  overscan = 6,
  activeIndex,
  idOf,
  label,
  multiselectable,
  onWindow,
  renderRow,
  onKeyDown,
  empty,
  resetKey,
  scrollToRow = null,
  onScrolledTo,
  onFirstRow,
}: VirtualListProps) {
  const ref = useRef<HTMLDivElement>(null);
  // The first row in view, not the scroll position: a wheel scroll renders again only when a
  // row boundary is crossed, not at every scroll event.
  const [firstRow, setFirstRow] = useState(0);
  const [height, setHeight] = useState(0);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setHeight(el.clientHeight);
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // A different list (another folder, a new search) starts at the top.
  useLayoutEffect(() => {
    if (ref.current) ref.current.scrollTop = 0;
    setFirstRow(0);
  }, [resetKey]);

  // A reload's saved position: applied once the list holds that row (the count may still be on its way).
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || scrollToRow === null || count <= scrollToRow) return;
    el.scrollTop = scrollToRow * rowHeight;
    setFirstRow(Math.floor(el.scrollTop / rowHeight));
    onScrolledTo?.();
  }, [scrollToRow, count, rowHeight, onScrolledTo]);

  useEffect(() => {
    const el = ref.current;
    if (!el || activeIndex === null) return;
    const target = scrollToShow(activeIndex, el.scrollTop, el.clientHeight, rowHeight);
    if (target !== null) el.scrollTop = target;
  }, [activeIndex, rowHeight]);

  const { start, end } = visibleWindow(firstRow * rowHeight, height + rowHeight, rowHeight, count, overscan);
  useEffect(() => {
    if (height > 0) onWindow(start, Math.max(end, start + 1));
  }, [start, end, height, onWindow]);

  const onScroll = (event: UIEvent<HTMLDivElement>) => {
    const el = event.currentTarget;
    const next = Math.floor(el.scrollTop / rowHeight);
    if (next === firstRow) return;
    // Ask for the rows at once, before React renders: after a scrollbar jump the request leaves a frame earlier.
    const w = visibleWindow(next * rowHeight, el.clientHeight + rowHeight, rowHeight, count, overscan);
    if (el.clientHeight > 0) onWindow(w.start, Math.max(w.end, w.start + 1));
    setFirstRow(next);
    onFirstRow?.(next);
  };

  const inDom = (i: number | null): i is number => i !== null && i >= start && i < end;
  const activeId = count === 0 ? undefined : idOf(inDom(activeIndex) ? activeIndex : Math.min(Math.max(firstRow, start), count - 1));

  const rows: ReactNode[] = [];
  for (let i = start; i < end; i++) {
    rows.push(
      <div key={i} className="vrow" style={{ transform: `translateY(${i * rowHeight}px)`, height: rowHeight }}>
        {renderRow(i)}
      </div>,
    );
  }

  // An empty listbox may hold no other content (ARIA: options only), so the "nothing here" words
  // are hidden from the accessibility tree and given to the listbox as its description.
  const emptyId = useId();
  const showEmpty = count === 0 && empty !== undefined && empty !== null;
  return (
    <div
      ref={ref}
      className="vlist"
      role="listbox"
      aria-label={label}
      aria-describedby={showEmpty ? emptyId : undefined}
      aria-multiselectable={multiselectable || undefined}
      aria-activedescendant={activeId}
      tabIndex={0}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
    >
      {showEmpty ? (
        <div id={emptyId} aria-hidden="true">
          {empty}
        </div>
      ) : (
        <div className="vlist-spacer" style={{ height: count * rowHeight }}>
          {rows}
        </div>
      )}
    </div>
  );
}
