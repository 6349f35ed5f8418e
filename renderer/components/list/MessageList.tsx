// The middle pane's list: virtualised, keyboard-driven (the shortcuts live in
// hooks/use-shortcuts.ts), multi-select with shift/ctrl-click, a context menu on right-click
// or Shift+F10 (common/ContextMenu.tsx, items from store/mail-actions.ts).
import { useCallback, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useNow } from '../../hooks/use-now.ts';
import { messageMenuItems, type MenuEntry } from '../../store/mail-actions.ts';
import { useActions, useApp, useGetState } from '../../store/context.tsx';
import { rowAt } from '../../store/mailbox/page-cache.ts';
import {
  selectCursorIndex,
  selectListError,
  selectListKey,
  selectListStatus,
  selectListTotal,
  selectListTotalKnown,
  selectRestoredRow,
  selectSearch,
  selectViewTitle,
} from '../../store/mailbox/selectors.ts';
import { anchorFrom, ContextMenu, isMenuKey, type MenuAnchor } from '../common/ContextMenu.tsx';
import { Icon } from '../common/Icon.tsx';
import { Spinner } from '../common/Spinner.tsx';
import { MessageRow, rowId } from './MessageRow.tsx';
import { VirtualList } from './VirtualList.tsx';

/** Three lines of text and their padding; the CSS of .message-row matches it. */
export const ROW_HEIGHT = 78;

export function MessageList() {
  const total = useApp(selectListTotal);
  const totalKnown = useApp(selectListTotalKnown);
  const status = useApp(selectListStatus);
  const error = useApp(selectListError);
  const cursor = useApp(selectCursorIndex);
  const search = useApp(selectSearch);
  const listKey = useApp(selectListKey);
  const title = useApp(selectViewTitle);
  const restoredRow = useApp(selectRestoredRow);
  const { ensureRows, rememberScroll, scrolledToRestored, selectRow } = useActions();
  const getState = useGetState();
  const now = useNow(60_000);
  const [menu, setMenu] = useState<{ anchor: MenuAnchor; items: MenuEntry[] } | null>(null);

  /** The menu acts on the selection when the row is part of it, otherwise on the row alone (which it selects). */
  const openMenu = useCallback(
    (index: number, anchor: MenuAnchor) => {
      const s = getState();
      const target = rowAt(s.list.pages, index)?.id;
      if (target === undefined) return;
      const ids = s.selectedIds.includes(target) ? s.selectedIds : [target];
      if (!s.selectedIds.includes(target)) selectRow(index, 'only');
      setMenu({ anchor, items: messageMenuItems(getState(), ids, s.view.folder) });
    },
    [getState, selectRow],
  );
  const onRowMenu = useCallback((index: number, event: MouseEvent<HTMLElement>) => openMenu(index, anchorFrom(event)), [openMenu]);
  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      if (!isMenuKey(event)) return;
      const index = getState().cursor?.index;
      if (index === undefined) return;
      event.preventDefault();
      openMenu(index, anchorFrom(event, document.getElementById(rowId(index))));
    },
    [getState, openMenu],
  );

  const onWindow = useCallback((start: number, end: number) => ensureRows(start, end), [ensureRows]);
  const setSize = totalKnown ? total : -1;
  const renderRow = useCallback(
    (index: number) => <MessageRow index={index} count={setSize} isCursor={index === cursor} now={now} onMenu={onRowMenu} />,
    [setSize, cursor, now, onRowMenu],
  );

  if (status === 'loading') {
    return (
      <div className="list-state">
        <Spinner label="Loading messages" />
      </div>
    );
  }
  if (status === 'error') {
    return (
      <div className="list-state error" role="alert">
        <Icon name="alert" size={20} />
        <p>The messages could not be loaded.</p>
        <p className="muted">{error}</p>
      </div>
    );
  }

  const empty = (
    <div className="list-state">
      <Icon name={search ? 'search' : 'mailOpen'} size={28} />
      <p>{search ? `Nothing matches “${search}”.` : 'No messages here.'}</p>
    </div>
  );

  return (
    <>
      <VirtualList
        count={total}
        rowHeight={ROW_HEIGHT}
        activeIndex={cursor}
        idOf={rowId}
        label={`Messages in ${title}`}
        multiselectable
        onWindow={onWindow}
        renderRow={renderRow}
        onKeyDown={onKeyDown}
        empty={empty}
        resetKey={listKey}
        scrollToRow={restoredRow}
        onScrolledTo={scrolledToRestored}
        onFirstRow={rememberScroll}
      />
      {menu ? <ContextMenu items={menu.items} anchor={menu.anchor} label="Message actions" onClose={() => setMenu(null)} /> : null}
    </>
  );
}
