// The folders of one place in the sidebar — an account, or "All accounts" — in the order mail
// clients use: Inbox, Archive, Trash, then the user folders by name. Each is a drop target for
// dragged messages; the user folders and Trash have a context menu.
import { useShallow } from 'zustand/react/shallow';
import type { FolderRef } from '../../../shared/contract.ts';
import { useActions, useApp, type Actions } from '../../store/context.tsx';
import { messageOf } from '../../store/deps.ts';
import { selectFolderCounts, selectUserFolders } from '../../store/folders/selectors.ts';
import type { MenuEntry } from '../../store/mail-actions.ts';
import { selectView } from '../../store/mailbox/selectors.ts';
import { selectRoute } from '../../store/ui/selectors.ts';
import { FolderItem } from './FolderItem.tsx';

/** The menu of a user folder: rename and remove (which asks first: its messages go to the Trash). */
function userFolderMenu(actions: Actions, folder: { id: number; name: string; total: number; accountId: number | null }): MenuEntry[] {
  return [
    { label: 'Rename…', run: () => actions.openDialog({ kind: 'folder-name', accountId: folder.accountId, folderId: folder.id }) },
    {
      label: 'Remove…',
      danger: true,
      run: () =>
        actions.openDialog({
          kind: 'confirm',
          confirm: {
            title: `Remove the folder “${folder.name}”?`,
            body: [
              folder.total === 0
                ? 'The folder is empty.'
                : `Its ${folder.total === 1 ? 'message moves' : `${folder.total} messages move`} to the Trash, where ${folder.total === 1 ? 'it' : 'they'} can be restored to the Inbox.`,
            ],
            confirmLabel: 'Remove folder',
            danger: true,
            run: () =>
              actions.removeFolder(folder.id).catch((e: unknown) => {
                actions.pushToast(`Could not remove the folder: ${messageOf(e)}`, 'error');
              }),
          },
        }),
    },
  ];
}

export function FolderList({ accountId, inboxLabel, inboxUnread }: { accountId: number | null; inboxLabel: string; inboxUnread: number }) {
  const view = useApp(selectView);
  const route = useApp(selectRoute);
  const counts = useApp(useShallow(selectFolderCounts(accountId)));
  const folders = useApp(useShallow(selectUserFolders(accountId)));
  const actions = useActions();
  const all = accountId === null;
  const indent = !all;
  const isActive = (folder: FolderRef) => route.name === 'mail' && view.accountId === accountId && view.folder === folder;
  const newFolder: MenuEntry = {
    label: all ? 'New local folder…' : 'New folder…',
    run: () => actions.openDialog({ kind: 'folder-name', accountId, folderId: null }),
  };

  return (
    <ul className={all ? 'folders top' : 'folders'}>
      <FolderItem
        label={inboxLabel}
        icon={all ? 'inboxes' : 'inbox'}
        unread={inboxUnread}
        indent={indent}
        active={isActive('inbox')}
        onSelect={() => actions.showMailbox(accountId, 'inbox')}
        dropTo="inbox"
        menu={() => [newFolder]}
      />
      <FolderItem
        label={all ? 'All archives' : 'Archive'}
        icon="archive"
        unread={counts.archive.unread}
        indent={indent}
        active={isActive('archive')}
        onSelect={() => actions.showMailbox(accountId, 'archive')}
        dropTo="archive"
        menu={() => [newFolder]}
      />
      <FolderItem
        label={all ? 'All trash' : 'Trash'}
        icon="trash"
        unread={counts.trash.unread}
        indent={indent}
        active={isActive('trash')}
        onSelect={() => actions.showMailbox(accountId, 'trash')}
        dropTo="trash"
        menu={() => [
          { label: 'Empty Trash…', danger: true, disabled: counts.trash.total === 0, run: () => actions.askEmptyTrash(accountId) },
        ]}
      />
      <FolderItem
        label={all ? 'All sent' : 'Sent'}
        icon="send"
        unread={0}
        indent={indent}
        active={isActive('sent')}
        onSelect={() => actions.showMailbox(accountId, 'sent')}
      />
      <FolderItem
        label={all ? 'All drafts' : 'Drafts'}
        icon="pencil"
        unread={counts.drafts}
        countWord={counts.drafts === 1 ? 'draft' : 'drafts'}
        indent={indent}
        active={route.name === 'drafts' && view.accountId === accountId}
        onSelect={() => {
          actions.showMailbox(accountId, 'inbox');
          actions.navigate({ name: 'drafts' });
        }}
      />
      <FolderItem
        label={all ? 'All outboxes' : 'Outbox'}
        icon={counts.outboxProblems > 0 ? 'alert' : 'mail'}
        unread={counts.outbox}
        countWord={counts.outboxProblems > 0 ? `waiting, ${counts.outboxProblems} with a problem` : 'waiting'}
        indent={indent}
        active={route.name === 'outbox' && view.accountId === accountId}
        onSelect={() => {
          actions.showMailbox(accountId, 'inbox');
          actions.navigate({ name: 'outbox' });
        }}
      />
      {folders.map((f) => (
        <FolderItem
          key={f.id}
          label={f.name}
          icon="folder"
          unread={f.unread}
          indent={indent}
          active={isActive(f.id)}
          onSelect={() => actions.showMailbox(accountId, f.id)}
          dropTo={f.id}
          menu={() => [...userFolderMenu(actions, f), 'separator', newFolder]}
        />
      ))}
    </ul>
  );
}
