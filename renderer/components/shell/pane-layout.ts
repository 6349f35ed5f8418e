// The widths of the sidebar and the message list, and whether either is collapsed, remembered
// in localStorage (a reload and the next start keep them). A width the user never dragged stays
// null: the CSS default then applies, and the list grows with the window (layout.css).
export interface PaneLayout {
  readonly sidebar: number | null;
  readonly list: number | null;
  readonly sidebarCollapsed: boolean;
  readonly listCollapsed: boolean;
}

export const DEFAULT_LAYOUT: PaneLayout = { sidebar: null, list: null, sidebarCollapsed: false, listCollapsed: false };

/** The limits a drag or an arrow key keeps to: narrower, the panes' own text no longer fits. */
export const SIDEBAR_MIN = 170;
export const SIDEBAR_MAX = 480;
export const LIST_MIN = 240;
/** The reading pane keeps at least this much beside the list (layout.css has the same number). */
export const READER_MIN = 360;

const KEY = 'poplar.panes';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

const width = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : null;

export function loadLayout(): PaneLayout {
  try {
    const raw = JSON.parse(storage()?.getItem(KEY) ?? 'null') as Record<string, unknown> | null;
    if (typeof raw !== 'object' || raw === null) return DEFAULT_LAYOUT;
    return {
      sidebar: width(raw.sidebar),
      list: width(raw.list),
      sidebarCollapsed: raw.sidebarCollapsed === true,
      listCollapsed: raw.listCollapsed === true,
    };
  } catch {
    return DEFAULT_LAYOUT;
  }
}

export function saveLayout(layout: PaneLayout): void {
  try {
    storage()?.setItem(KEY, JSON.stringify(layout));
  } catch {
    // Full or switched off: the panes keep their widths until the window closes.
  }
}

export function clamp(value: number, min: number, max: number): number {
  return Math.round(Math.max(min, Math.min(Math.max(min, max), value)));
}
