// The window's size and position, remembered in <userData>/window-state.json, and made safe to
// reuse: a saved position on a display that is gone (a laptop undocked) is dropped, and a size
// is kept within the display it lands on. Plain Node: tested without Electron.

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface WindowState {
  readonly width: number;
  readonly height: number;
  /** Absent: let the system place the window. */
  readonly x?: number;
  readonly y?: number;
  readonly maximized: boolean;
}

export const DEFAULT_STATE: WindowState = { width: 1200, height: 800, maximized: false };
export const MIN_WIDTH = 640;
export const MIN_HEIGHT = 420;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

/** The state to open with, from whatever was saved (possibly nothing, or garbage) and today's displays' work areas. */
export function restoreWindowState(saved: unknown, workAreas: readonly Rect[]): WindowState {
  if (typeof saved !== 'object' || saved === null) return DEFAULT_STATE;
  const s = saved as Record<string, unknown>;
  const { width: savedWidth, height: savedHeight, x, y } = s;
  if (!isInt(savedWidth) || !isInt(savedHeight)) return DEFAULT_STATE;
  const maximized = s.maximized === true;
  // The display the saved window's centre was on, if it still exists.
  const area = isInt(x) && isInt(y) ? workAreas.find((a) => contains(a, x + savedWidth / 2, y + savedHeight / 2)) : undefined;
  const bound = area ?? largest(workAreas);
  const width = clamp(savedWidth, MIN_WIDTH, bound ? Math.max(MIN_WIDTH, bound.width) : savedWidth);
  const height = clamp(savedHeight, MIN_HEIGHT, bound ? Math.max(MIN_HEIGHT, bound.height) : savedHeight);
  if (!area || !isInt(x) || !isInt(y)) return { width, height, maximized };
  return {
    width,
    height,
    x: clamp(x, area.x, area.x + area.width - width),
    y: clamp(y, area.y, area.y + area.height - height),
    maximized,
  };
}

function contains(a: Rect, px: number, py: number): boolean {
  return px >= a.x && px < a.x + a.width && py >= a.y && py < a.y + a.height;
}

function largest(areas: readonly Rect[]): Rect | undefined {
  return [...areas].sort((a, b) => b.width * b.height - a.width * a.height)[0];
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), Math.max(lo, hi));
}
