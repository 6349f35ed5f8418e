// A windowed list: only the rows in view (plus a few) exist in the DOM, each absolutely
// placed at index × rowHeight inside a spacer as tall as the whole list. Fixed row height
// keeps the arithmetic exact (window.ts), so 100 000 messages scroll like 100.
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode, type UIEvent } from 'react';
import { scrollToShow, visibleWindow } from './window.ts';

export interface VirtualListProps {
  readonly count: number;
  readonly rowHeight: number;
  readonly overscan?: number;
  /** The row to keep in view (the keyboard cursor). */
  readonly activeIndex: number | null;
  readonly activeId?: string;
  readonly label: string;
  readonly multiselectable?: boolean;
  readonly onWindow: (start: number, end: number) => void;
  readonly renderRow: (index: number) => ReactNode;
  readonly onKeyDown?: (event: KeyboardEvent<HTMLDivElement>) => void;
  readonly empty?: ReactNode;
  readonly resetKey?: string;
}

export function VirtualList({
  count,
  rowHeight,
  overscan = 6,
  activeIndex,
  activeId,
  label,
  multiselectable,
  onWindow,
  renderRow,
  onKeyDown,
  empty,
  resetKey,
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
  };

  const rows: ReactNode[] = [];
  for (let i = start; i < end; i++) {
    rows.push(
      <div key={i} className="vrow" style={{ transform: `translateY(${i * rowHeight}px)`, height: rowHeight }}>
        {renderRow(i)}
      </div>,
    );
  }

  return (
    <div
      ref={ref}
      className="vlist"
      role="listbox"
      aria-label={label}
      aria-multiselectable={multiselectable || undefined}
      aria-activedescendant={activeId}
      tabIndex={0}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
    >
      {count === 0 && empty ? (
        empty
      ) : (
        <div className="vlist-spacer" style={{ height: count * rowHeight }}>
          {rows}
        </div>
      )}
    </div>
  );
}
