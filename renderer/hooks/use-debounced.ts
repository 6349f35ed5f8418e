// Calls `run` once the value has stopped changing for `ms`: search as you type without a
// request per keystroke.
import { useEffect, useRef } from 'react';

export function useDebouncedEffect<T>(value: T, ms: number, run: (value: T) => void): void {
  const latest = useRef(run);
  latest.current = run;
  useEffect(() => {
    const timer = setTimeout(() => latest.current(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
}
