// The window: a loading state until the accounts are known, the welcome on a first run (or
// the account form it leads to), otherwise the mail view; dialogs and notes float above.
import { selectAccountsLoaded } from '../../store/accounts/selectors.ts';
import { useApp } from '../../store/context.tsx';
import { selectRoute, selectShowWelcome } from '../../store/ui/selectors.ts';
import { selectHasAccounts } from '../../store/accounts/selectors.ts';
import { useShortcuts } from '../../hooks/use-shortcuts.ts';
import { AccountSetup } from '../accounts/AccountSetup.tsx';
import { ConnectionBar } from '../common/ConnectionBar.tsx';
import { Dialogs } from '../common/Dialogs.tsx';
import { Spinner } from '../common/Spinner.tsx';
import { Toasts } from '../common/Toasts.tsx';
import { MailView } from './MailView.tsx';
import { Welcome } from './Welcome.tsx';

export function App() {
  useShortcuts();
  const loaded = useApp(selectAccountsLoaded);
  const welcome = useApp(selectShowWelcome);
  const hasAccounts = useApp(selectHasAccounts);
  const route = useApp(selectRoute);
  return (
    <>
      <ConnectionBar />
      {!loaded ? (
        <div className="app-loading">
          <Spinner label="Starting Poplar" />
        </div>
      ) : welcome ? (
        <Welcome />
      ) : !hasAccounts && route.name === 'add-account' ? (
        <main className="page-host solo">
          <AccountSetup />
        </main>
      ) : (
        <MailView />
      )}
      <Dialogs />
      <Toasts />
    </>
  );
}
