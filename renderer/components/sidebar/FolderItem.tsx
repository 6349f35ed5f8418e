// One folder in the sidebar: a button that shows the folder, with its unread count; a drop
// target for messages dragged from the list (the row sets MESSAGES_DRAG_TYPE), highlighted
// while they are over it; and, where the folder has actions, a context menu (right-click,
// Shift+F10 or the context-menu key).
import { useRef, useState, type DragEvent } from 'react';
import type { FolderRef } from '../../../shared/contract.ts';
import { useActions, useGetState } from '../../store/context.tsx';
import type { MenuEntry } from '../../store/mail-actions.ts';
import { isMenuKey, useContextMenu } from '../common/ContextMenu.tsx';
import type { IconName } from '../common/Icon.tsx';
import { Icon } from '../common/Icon.tsx';

/** The drag type of messages dragged from the list: JSON {"ids": [...]}. */
export const MESSAGES_DRAG_TYPE = 'application/x-poplar-messages';

/** The message ids a drop carries, or null when it is not messages (or not well formed). */
export function droppedIds(data: DataTransfer): number[] | null {
  try {
    const parsed = JSON.parse(data.getData(MESSAGES_DRAG_TYPE)) as { ids?: unknown };
    const ids = Array.isArray(parsed.ids) ? parsed.ids.filter((id): id is number => Number.isSafeInteger(id) && id > 0) : [];
    return ids.length > 0 ? ids : null;
  } catch {
    return null;
  }
}

export function FolderItem({
  label,
  icon,
  unread,
  active,
  onSelect,
  indent,
  dropTo,
  menu,
  countWord = 'unread',
}: {
  label: string;
  icon: IconName;
  unread: number;
  active: boolean;
  onSelect: () => void;
  indent?: boolean;
  /** Messages dropped here move to this folder. */
  dropTo?: FolderRef;
  /** The folder's context menu. */
  menu?: () => MenuEntry[];
  /** What the count counts, for screen readers ("3 unread", "2 drafts"). */
  countWord?: string;
}) {
  const { moveMessages } = useActions();
  const getState = useGetState();
  const { openMenu, menu: shown } = useContextMenu();
  const [over, setOver] = useState(false);
  // dragenter and dragleave fire for every child the pointer crosses: count them.
  const depth = useRef(0);

  const accepts = (event: DragEvent) => dropTo !== undefined && event.dataTransfer.types.includes(MESSAGES_DRAG_TYPE);
  const drop =
    dropTo === undefined
      ? {}
      : {
          onDragEnter(event: DragEvent) {
            if (!accepts(event)) return;
            event.preventDefault();
            depth.current++;
            setOver(true);
          },
          onDragOver(event: DragEvent) {
            if (!accepts(event)) return;
            event.preventDefault();
            event.dataTransfer.dropEffect = 'move';
          },
          onDragLeave() {
            depth.current = Math.max(0, depth.current - 1);
            if (depth.current === 0) setOver(false);
          },
          onDrop(event: DragEvent) {
            depth.current = 0;
            setOver(false);
            if (!accepts(event)) return;
            event.preventDefault();
            const ids = droppedIds(event.dataTransfer);
            if (ids && !(active && getState().view.folder === dropTo)) void moveMessages(ids, dropTo);
          },
        };

  const classes = ['folder', active ? 'active' : '', indent ? 'indent' : '', over ? 'drop-over' : ''].filter(Boolean).join(' ');
  return (
    <li>
      <button
        type="button"
        className={classes}
        aria-current={active ? 'page' : undefined}
        onClick={onSelect}
        onContextMenu={menu ? (e) => openMenu(e, menu(), `${label} actions`) : undefined}
        onKeyDown={menu ? (e) => isMenuKey(e) && openMenu(e, menu(), `${label} actions`) : undefined}
        {...drop}
      >
        <Icon name={icon} />
        <span className="folder-name">{label}</span>
        {unread > 0 ? (
          <span className="badge" aria-label={`${unread} ${countWord}`}>
            {unread > 9999 ? '9999+' : unread}
          </span>
        ) : null}
      </button>
      {shown}
    </li>
  );
}
