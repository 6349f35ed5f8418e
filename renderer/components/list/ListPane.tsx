// The middle pane: the view's title, sync line, search, quick filters and order, banners and the list.
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../../store/context.tsx';
import {
  selectConversations,
  selectListTotal,
  selectListTotalKnown,
  selectSelectionCount,
  selectView,
  selectViewTitle,
} from '../../store/mailbox/selectors.ts';
import { selectBannerAccountIds } from '../../store/sync/selectors.ts';
import { AccountBanner } from './AccountBanner.tsx';
import { ListToolbar } from './ListToolbar.tsx';
import { MessageList } from './MessageList.tsx';
import { SearchBox } from './SearchBox.tsx';
import { SyncLine } from './SyncLine.tsx';
import { TrashBar } from './TrashBar.tsx';

export function ListPane() {
  const title = useApp(selectViewTitle);
  const view = useApp(selectView);
  const total = useApp(selectListTotal);
  const totalKnown = useApp(selectListTotalKnown);
  const selected = useApp(selectSelectionCount);
  const noun = useApp(selectConversations) ? 'conversation' : 'message';
  const bannerIds = useApp(useShallow(selectBannerAccountIds));
  const shown = bannerIds.filter((id) => view.accountId === null || id === view.accountId);

  return (
    <section id="list-pane" className="list-pane" aria-label="Message list">
      <header className="list-header">
        <div className="list-title-row">
          <h1 className="list-title">{title}</h1>
          <span className="list-count">
            {total.toLocaleString()}
            {totalKnown ? '' : '+'} {noun}
            {total === 1 && totalKnown ? '' : 's'}
            {selected > 1 ? ` · ${selected} selected` : ''}
          </span>
        </div>
        <SyncLine accountId={view.accountId} />
        <SearchBox />
        <ListToolbar />
      </header>
      {view.folder === 'inbox' ? shown.map((id) => <AccountBanner key={id} accountId={id} />) : null}
      <TrashBar />
      <MessageList />
    </section>
  );
}
