// The user folders and the Archive and Trash counts, as 'folders.list' reports them (all folders
// live in the profile: POP3 has none on the server). The engine says 'folders.changed' when a
// folder is created, renamed or removed or messages move between folders; the bridge reloads.
import type { FolderView, FoldersView } from '../../../shared/contract.ts';
import type { SliceCreator } from '../app.ts';
import { coalesced } from '../coalesce.ts';

export interface FoldersSlice {
  folders: FoldersView;
  foldersLoaded: boolean;
  /** Never rejects: a failure keeps what the sidebar shows, until the next 'folders.changed' or a reconnect. */
  loadFolders(): Promise<void>;
  /** accountId null: a local folder, which any account's mail can be moved to. */
  createFolder(accountId: number | null, name: string): Promise<FolderView>;
  renameFolder(id: number, name: string): Promise<FolderView>;
  /** Its messages go to the Trash; a list showing the folder shows its account's inbox instead. */
  removeFolder(id: number): Promise<void>;
}

const empty: FoldersView = { folders: [], counts: [] };

export const createFoldersSlice: SliceCreator<FoldersSlice> = (set, get, { api }) => {
  function put(folder: FolderView): void {
    const { folders, counts } = get().folders;
    const known = folders.some((f) => f.id === folder.id);
    set({ folders: { counts, folders: known ? folders.map((f) => (f.id === folder.id ? folder : f)) : [...folders, folder] } });
  }

  return {
    folders: empty,
    foldersLoaded: false,

    // A move of many messages may be followed by several 'folders.changed': a burst costs two requests.
    loadFolders: coalesced(async () => {
      let folders: FoldersView;
      try {
        folders = await api.invoke('folders.list');
      } catch {
        return;
      }
      if (get().foldersLoaded && JSON.stringify(folders) === JSON.stringify(get().folders)) return;
      set({ folders, foldersLoaded: true });
    }),

    async createFolder(accountId, name) {
      const folder = await api.invoke('folders.create', accountId, name.trim());
      put(folder);
      return folder;
    },

    async renameFolder(id, name) {
      const folder = await api.invoke('folders.rename', id, name.trim());
      put(folder);
      return folder;
    },

    async removeFolder(id) {
      const folder = get().folders.folders.find((f) => f.id === id);
      await api.invoke('folders.remove', id);
      const { folders, counts } = get().folders;
      set({ folders: { counts, folders: folders.filter((f) => f.id !== id) } });
      const { view } = get();
      if (view.folder === id) get().showMailbox(view.accountId ?? folder?.accountId ?? null, 'inbox');
      void get().loadFolders(); // the Trash count grew
    },
  };
};
