// A splitter between two panes (WAI-ARIA window splitter: a focusable separator with a value).
// Dragged with the mouse; from the keyboard ← and → move it (Shift: further), Home and End go to
// the limits, Enter collapses the pane before it. A double-click collapses it too. The value is
// the width the pane before it really has, measured, so it is right also when the CSS had to
// make the pane narrower than asked.
import { useLayoutEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { clamp } from './pane-layout.ts';

const STEP = 16;
const BIG_STEP = 64;

export function Splitter({
  label,
  controls,
  min,
  maxFor,
  onResize,
  onCollapse,
  collapseLabel,
}: {
  label: string;
  /** The id of the pane it resizes. */
  controls: string;
  min: number;
  /** The largest width, given the width of the splitter's parent. */
  maxFor: (parentWidth: number) => number;
  onResize: (width: number) => void;
  onCollapse: () => void;
  collapseLabel: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [now, setNow] = useState(0);
  const [max, setMax] = useState(min);
  const drag = useRef<{ x: number; width: number } | null>(null);

  const pane = () => document.getElementById(controls);
  const parentWidth = () => ref.current?.parentElement?.parentElement?.getBoundingClientRect().width ?? 0;

  useLayoutEffect(() => {
    const el = pane();
    const parent = ref.current?.parentElement?.parentElement;
    if (!el || !parent) return;
    const measure = () => {
      setNow(Math.round(el.getBoundingClientRect().width));
      setMax(Math.round(maxFor(parent.getBoundingClientRect().width)));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    observer.observe(parent);
    return () => observer.disconnect();
  }, [controls]);

  const to = (width: number) => onResize(clamp(width, min, maxFor(parentWidth())));

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { x: event.clientX, width: pane()?.getBoundingClientRect().width ?? now };
    ref.current?.focus();
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (d) to(d.width + event.clientX - d.x);
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    drag.current = null;
    if (event.currentTarget.hasPointerCapture(event.pointerId)) event.currentTarget.releasePointerCapture(event.pointerId);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? BIG_STEP : STEP;
    const width = pane()?.getBoundingClientRect().width ?? now;
    const handled = (() => {
      switch (event.key) {
        case 'ArrowLeft':
          to(width - step);
          return true;
        case 'ArrowRight':
          to(width + step);
          return true;
        case 'Home':
          to(min);
          return true;
        case 'End':
          to(maxFor(parentWidth()));
          return true;
        case 'Enter':
          onCollapse();
          return true;
        default:
          return false;
      }
    })();
    if (handled) event.preventDefault();
  };

  return (
    <div className="splitter-col">
      <div
        ref={ref}
        className="splitter"
        role="separator"
        aria-orientation="vertical"
        aria-label={label}
        aria-controls={controls}
        aria-valuenow={now}
        aria-valuemin={min}
        aria-valuemax={Math.max(min, max)}
        aria-valuetext={`${now} pixels`}
        tabIndex={0}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onDoubleClick={onCollapse}
        onKeyDown={onKeyDown}
      />
      <button
        type="button"
        className="pane-toggle"
        aria-label={collapseLabel}
        title={`${collapseLabel} (double-click the divider)`}
        onClick={onCollapse}
      >
        <svg className="icon" width={12} height={12} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="m15 18-6-6 6-6" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </button>
    </div>
  );
}

/** The narrow strip a collapsed pane leaves: one button that brings it back. */
export function ExpandStrip({ label, onExpand }: { label: string; onExpand: () => void }) {
  return (
    <div className="pane-strip">
      <button type="button" className="icon-button small" aria-label={label} title={label} onClick={onExpand}>
        <svg className="icon" width={14} height={14} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="m9 18 6-6-6-6" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </button>
    </div>
  );
}
