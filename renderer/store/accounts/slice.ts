// The accounts and their settings as the engine reports them. Unread counts live on the
// accounts (AccountView.unread), so this slice reloads whenever read state or mail changes.
import type {
  AccountInput,
  AccountPatch,
  AccountView,
  ConnectionTestInput,
  ConnectionTestView,
  SmtpTestInput,
  SmtpTestView,
} from '../../../shared/contract.ts';
import type { SliceCreator } from '../app.ts';
import { coalesced } from '../coalesce.ts';

export interface AccountsSlice {
  accounts: AccountView[];
  accountsLoaded: boolean;
  loadAccounts(): Promise<void>;
  testConnection(input: ConnectionTestInput): Promise<ConnectionTestView>;
  /** The outgoing server's "Test connection": nothing is sent. */
  testSmtp(input: SmtpTestInput): Promise<SmtpTestView>;
  /** Adds the account and shows its inbox. */
  addAccount(input: AccountInput): Promise<AccountView>;
  updateAccount(id: number, patch: AccountPatch): Promise<AccountView>;
  /** Removes the account (and its downloaded mail) from this computer; the server is not touched. */
  removeAccount(id: number): Promise<void>;
}

export const createAccountsSlice: SliceCreator<AccountsSlice> = (set, get, { api }) => ({
  accounts: [],
  accountsLoaded: false,

  // New mail, read marks and deletes each ask for fresh unread counts; a burst of them costs
  // two requests (coalesce.ts), and an answer that changes nothing renders nothing.
  loadAccounts: coalesced(async () => {
    const accounts = await api.invoke('accounts.list');
    if (get().accountsLoaded && JSON.stringify(accounts) === JSON.stringify(get().accounts)) return;
    set({ accounts, accountsLoaded: true });
  }),

  testConnection: (input) => api.invoke('accounts.test', input),
  testSmtp: (input) => api.invoke('accounts.testSmtp', input),

  async addAccount(input) {
    const account = await api.invoke('accounts.add', input);
    set({ accounts: [...get().accounts.filter((a) => a.id !== account.id), account], accountsLoaded: true });
    get().showMailbox(account.id, 'inbox');
    void get()
      .loadSyncStatus()
      .catch(() => {});
    return account;
  },

  async updateAccount(id, patch) {
    const account = await api.invoke('accounts.update', id, patch);
    set({ accounts: get().accounts.map((a) => (a.id === id ? account : a)) });
    return account;
  },

  async removeAccount(id) {
    await api.invoke('accounts.remove', id);
    const { [id]: _gone, ...syncStatus } = get().syncStatus;
    set({ accounts: get().accounts.filter((a) => a.id !== id), syncStatus });
    const { view, route } = get();
    if (route.name !== 'mail' && 'accountId' in route && route.accountId === id) get().navigate({ name: 'mail' });
    if (view.accountId === id) get().showMailbox(null, 'inbox');
    else get().reloadList();
  },
});
