// A context menu (WAI-ARIA menu pattern): opened by a right-click at the pointer, or from the
// keyboard (Shift+F10, the context-menu key) at the focused element. Arrow keys, Home and End
// move, Enter or Space runs an item, Esc or Tab closes; a click outside closes it too. Focus
// goes back to where it was, and the menu is kept inside the viewport.
import { useCallback, useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import type { MenuEntry, MenuItem } from '../../store/mail-actions.ts';

export interface MenuAnchor {
  readonly x: number;
  readonly y: number;
  /** From the keyboard, the element's top: a menu that does not fit below it opens above. */
  readonly above: number | null;
  /** Gets the focus back when the menu closes. */
  readonly opener: HTMLElement | null;
}

/** Shift+F10 and the context-menu key, the keyboard's right-click. */
export function isMenuKey(event: { key: string; shiftKey: boolean }): boolean {
  return event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey);
}

/** Where a menu opened by this event goes: at the pointer, or below the element for a key. */
export function anchorFrom(event: MouseEvent | KeyboardEvent, element?: HTMLElement | null): MenuAnchor {
  const target = element ?? (event.currentTarget instanceof HTMLElement ? event.currentTarget : null);
  const focused = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
  const opener = focused ?? target;
  // A contextmenu event raised by a key has no pointer position on some systems (0, 0).
  if ('clientX' in event && (event.clientX !== 0 || event.clientY !== 0))
    return { x: event.clientX, y: event.clientY, above: null, opener };
  const rect = (target ?? opener)?.getBoundingClientRect();
  return rect ? { x: rect.left + 8, y: rect.bottom, above: rect.top, opener } : { x: 8, y: 8, above: null, opener };
}

const EDGE = 4;

export function ContextMenu({
  items,
  anchor,
  label,
  onClose,
}: {
  items: readonly MenuEntry[];
  anchor: MenuAnchor;
  label: string;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState<{ left: number; top: number } | null>(null);

  const close = useCallback(
    (refocus: boolean) => {
      onClose();
      if (refocus && anchor.opener?.isConnected) anchor.opener.focus();
    },
    [onClose, anchor],
  );

  // Measured before paint, so the menu never shows past the edge first.
  useLayoutEffect(() => {
    const menu = ref.current;
    if (!menu) return;
    const { width, height } = menu.getBoundingClientRect();
    const left = Math.max(EDGE, Math.min(anchor.x, window.innerWidth - width - EDGE));
    let top = anchor.y;
    if (top + height > window.innerHeight - EDGE)
      top = anchor.above !== null && anchor.above - height >= EDGE ? anchor.above - height : anchor.y - height;
    setPlace({ left, top: Math.max(EDGE, Math.min(top, window.innerHeight - height - EDGE)) });
  }, [anchor]);

  // The first item takes the focus once the menu is placed: while it is measured it is hidden,
  // and a hidden element cannot take the focus (it would stay on the opener).
  const placed = place !== null;
  useLayoutEffect(() => {
    if (placed) ref.current?.querySelector<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])')?.focus();
  }, [placed]);

  useLayoutEffect(() => {
    const inside = (target: EventTarget | null) => target instanceof Node && ref.current?.contains(target) === true;
    const onPointer = (event: PointerEvent) => {
      if (!inside(event.target)) close(false);
    };
    const onScroll = (event: Event) => {
      if (!inside(event.target)) close(false);
    };
    const onResize = () => close(false);
    document.addEventListener('pointerdown', onPointer, true);
    document.addEventListener('scroll', onScroll, true);
    window.addEventListener('resize', onResize);
    window.addEventListener('blur', onResize);
    return () => {
      document.removeEventListener('pointerdown', onPointer, true);
      document.removeEventListener('scroll', onScroll, true);
      window.removeEventListener('resize', onResize);
      window.removeEventListener('blur', onResize);
    };
  }, [close]);

  function run(item: MenuItem): void {
    if (item.disabled) return;
    close(true);
    item.run();
  }

  function onKeyDown(event: KeyboardEvent): void {
    const enabled = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])') ?? [])];
    const at = enabled.indexOf(document.activeElement as HTMLElement);
    const focus = (i: number) => enabled[(i + enabled.length) % enabled.length]?.focus();
    let handled = true;
    switch (event.key) {
      case 'ArrowDown':
        focus(at + 1);
        break;
      case 'ArrowUp':
        focus(at < 0 ? -1 : at - 1);
        break;
      case 'Home':
        focus(0);
        break;
      case 'End':
        focus(-1);
        break;
      case 'Escape':
        close(true);
        break;
      case 'Tab':
        close(true);
        break;
      default:
        if (isMenuKey(event)) break;
        handled = typeAhead(event.key, enabled, at);
    }
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
  }

  let key = 0;
  return createPortal(
    <div
      ref={ref}
      className="context-menu"
      role="menu"
      aria-label={label}
      style={place ? { left: place.left, top: place.top } : { left: anchor.x, top: anchor.y, visibility: 'hidden' }}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
    >
      {items.map((item) =>
        item === 'separator' ? (
          <div key={`sep-${key++}`} role="separator" className="menu-separator" />
        ) : (
          <button
            key={item.label}
            type="button"
            role="menuitem"
            tabIndex={-1}
            className={item.danger ? 'menu-item danger' : 'menu-item'}
            aria-disabled={item.disabled ? true : undefined}
            aria-keyshortcuts={item.shortcut}
            onClick={() => run(item)}
          >
            <span className="menu-label">{item.label}</span>
            {item.shortcut ? (
              <kbd className="menu-shortcut" aria-hidden="true">
                {item.shortcut}
              </kbd>
            ) : null}
          </button>
        ),
      )}
    </div>,
    document.body,
  );
}

/** A printable key moves to the next item whose label starts with it (as in native menus). */
function typeAhead(key: string, enabled: readonly HTMLElement[], at: number): boolean {
  if (key.length !== 1 || key === ' ') return false;
  const letter = key.toLocaleLowerCase();
  for (let step = 1; step <= enabled.length; step++) {
    const item = enabled[(at + step) % enabled.length];
    if (item?.textContent?.trim().toLocaleLowerCase().startsWith(letter)) {
      item.focus();
      return true;
    }
  }
  return true; // a menu swallows letters: they must not reach the window's shortcuts
}

/**
 * A menu owned by one component: `openMenu` from its onContextMenu or its onKeyDown (when
 * isMenuKey), and `menu` rendered anywhere in it (it is portalled to the body).
 */
export function useContextMenu(): {
  openMenu(event: MouseEvent | KeyboardEvent, items: readonly MenuEntry[], label: string, element?: HTMLElement | null): void;
  menu: ReactNode;
} {
  const [open, setOpen] = useState<{ items: readonly MenuEntry[]; anchor: MenuAnchor; label: string } | null>(null);
  const onClose = useCallback(() => setOpen(null), []);
  const openMenu = useCallback(
    (event: MouseEvent | KeyboardEvent, items: readonly MenuEntry[], label: string, element?: HTMLElement | null) => {
      event.preventDefault();
      event.stopPropagation();
      if (items.length === 0) return;
      setOpen({ items, anchor: anchorFrom(event, element), label });
    },
    [],
  );
  const menu = open ? <ContextMenu items={open.items} anchor={open.anchor} label={open.label} onClose={onClose} /> : null;
  return { openMenu, menu };
}
