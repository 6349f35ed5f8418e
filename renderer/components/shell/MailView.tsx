// The three panes of reading mail; settings and diagnostics take the place of the list and
// reading pane, beside the same sidebar. The sidebar and the list have splitters after them
// (Splitter.tsx): dragged, moved by the keyboard, collapsed by a double-click, their button or
// Enter, and remembered (pane-layout.ts).
import { useCallback, useEffect, useState, type CSSProperties } from 'react';
import { useApp } from '../../store/context.tsx';
import { selectOpenMessage } from '../../store/reader/selectors.ts';
import { selectRoute } from '../../store/ui/selectors.ts';
import { AccountSettings } from '../accounts/AccountSettings.tsx';
import { AccountSetup } from '../accounts/AccountSetup.tsx';
import { Composer } from '../compose/Composer.tsx';
import { DraftsPage } from '../compose/DraftsPage.tsx';
import { OutboxPage } from '../compose/OutboxPage.tsx';
import { DiagnosticsPage } from '../diagnostics/DiagnosticsPage.tsx';
import { ListPane } from '../list/ListPane.tsx';
import { ReadingPane } from '../reader/ReadingPane.tsx';
import { RemoteContentSettings } from '../settings/RemoteContentSettings.tsx';
import { Sidebar } from '../sidebar/Sidebar.tsx';
import { LIST_MIN, loadLayout, READER_MIN, saveLayout, SIDEBAR_MAX, SIDEBAR_MIN, type PaneLayout } from './pane-layout.ts';
import { ExpandStrip, Splitter } from './Splitter.tsx';

const sidebarMax = (appWidth: number) => Math.min(SIDEBAR_MAX, appWidth / 3);
const listMax = (panesWidth: number) => panesWidth - READER_MIN;
/** Where the list and the reading pane stack (layout.css has the same width). */
const NARROW = '(max-width: 720px)';

export function MailView() {
  const route = useApp(selectRoute);
  const [layout, setLayout] = useState<PaneLayout>(loadLayout);
  useEffect(() => saveLayout(layout), [layout]);
  const change = useCallback((patch: Partial<PaneLayout>) => setLayout((l) => ({ ...l, ...patch })), []);
  // Stacked (200 % zoom, a narrow window), the reader is below the list: bring an opened message into sight.
  const openId = useApp((s) => selectOpenMessage(s)?.id ?? null);
  useEffect(() => {
    if (openId !== null && matchMedia(NARROW).matches) document.getElementById('reading-pane')?.scrollIntoView({ block: 'start' });
  }, [openId]);

  const style = {
    ...(layout.sidebar === null ? {} : { '--sidebar-w': `${layout.sidebar}px` }),
    ...(layout.list === null ? {} : { '--list-w': `${layout.list}px` }),
  } as CSSProperties;
  const classes = ['app', layout.sidebarCollapsed ? 'sidebar-collapsed' : ''].filter(Boolean).join(' ');

  return (
    <div className={classes} style={style}>
      {layout.sidebarCollapsed ? (
        <ExpandStrip label="Show the sidebar" onExpand={() => change({ sidebarCollapsed: false })} />
      ) : (
        <>
          <div id="sidebar-pane" className="sidebar-pane">
            <Sidebar />
          </div>
          <Splitter
            label="Sidebar width"
            controls="sidebar-pane"
            min={SIDEBAR_MIN}
            maxFor={sidebarMax}
            onResize={(sidebar) => change({ sidebar })}
            onCollapse={() => change({ sidebarCollapsed: true })}
            collapseLabel="Hide the sidebar"
          />
        </>
      )}
      {route.name === 'mail' ? (
        <main className={layout.listCollapsed ? 'mail-panes list-collapsed' : 'mail-panes'}>
          {layout.listCollapsed ? (
            <ExpandStrip label="Show the message list" onExpand={() => change({ listCollapsed: false })} />
          ) : (
            <>
              <ListPane />
              <Splitter
                label="Message list width"
                controls="list-pane"
                min={LIST_MIN}
                maxFor={listMax}
                onResize={(list) => change({ list })}
                onCollapse={() => change({ listCollapsed: true })}
                collapseLabel="Hide the message list"
              />
            </>
          )}
          <ReadingPane />
        </main>
      ) : (
        <main className="page-host">
          {route.name === 'add-account' ? (
            <AccountSetup />
          ) : route.name === 'account-settings' ? (
            <AccountSettings accountId={route.accountId} />
          ) : route.name === 'settings' ? (
            <RemoteContentSettings />
          ) : route.name === 'compose' ? (
            <Composer />
          ) : route.name === 'drafts' ? (
            <DraftsPage />
          ) : route.name === 'outbox' ? (
            <OutboxPage />
          ) : (
            <DiagnosticsPage accountId={route.accountId} />
          )}
        </main>
      )}
    </div>
  );
}
