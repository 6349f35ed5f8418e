// The three panes of reading mail; settings and diagnostics take the place of the list and
// reading pane, beside the same sidebar.
import { useApp } from '../../store/context.tsx';
import { selectRoute } from '../../store/ui/selectors.ts';
import { AccountSettings } from '../accounts/AccountSettings.tsx';
import { AccountSetup } from '../accounts/AccountSetup.tsx';
import { DiagnosticsPage } from '../diagnostics/DiagnosticsPage.tsx';
import { ListPane } from '../list/ListPane.tsx';
import { ReadingPane } from '../reader/ReadingPane.tsx';
import { Sidebar } from '../sidebar/Sidebar.tsx';

export function MailView() {
  const route = useApp(selectRoute);
  return (
    <div className="app">
      <Sidebar />
      {route.name === 'mail' ? (
        <main className="mail-panes">
          <ListPane />
          <ReadingPane />
        </main>
      ) : (
        <main className="page-host">
          {route.name === 'add-account' ? (
            <AccountSetup />
          ) : route.name === 'account-settings' ? (
            <AccountSettings accountId={route.accountId} />
          ) : (
            <DiagnosticsPage accountId={route.accountId} />
          )}
        </main>
      )}
    </div>
  );
}
