// The middle pane's list: virtualised, keyboard-driven (the shortcuts live in
// hooks/use-shortcuts.ts), multi-select with shift/ctrl-click.
import { useCallback } from 'react';
import { useNow } from '../../hooks/use-now.ts';
import { useActions, useApp } from '../../store/context.tsx';
import {
  selectCursorIndex,
  selectListError,
  selectListStatus,
  selectListTotal,
  selectListTotalKnown,
  selectSearch,
  selectViewKey,
  selectViewTitle,
} from '../../store/mailbox/selectors.ts';
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
  const viewKey = useApp(selectViewKey);
  const title = useApp(selectViewTitle);
  const { ensureRows } = useActions();
  const now = useNow(60_000);

  const onWindow = useCallback((start: number, end: number) => ensureRows(start, end), [ensureRows]);
  const setSize = totalKnown ? total : -1;
  const renderRow = useCallback(
    (index: number) => <MessageRow index={index} count={setSize} isCursor={index === cursor} now={now} />,
    [setSize, cursor, now],
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
    <VirtualList
      count={total}
      rowHeight={ROW_HEIGHT}
      activeIndex={cursor}
      activeId={cursor === null ? undefined : rowId(cursor)}
      label={`Messages in ${title}`}
      multiselectable
      onWindow={onWindow}
      renderRow={renderRow}
      empty={empty}
      resetKey={`${viewKey}|${search}`}
    />
  );
}
