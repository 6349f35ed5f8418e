import { useActions, useApp } from '../../store/context.tsx';
import { selectDialog } from '../../store/ui/selectors.ts';
import { RemoveAccountDialog } from '../accounts/RemoveAccountDialog.tsx';
import { FolderNameDialog } from '../sidebar/FolderNameDialog.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { MoveToDialog } from './MoveToDialog.tsx';
import { OpenLinkDialog } from './OpenLinkDialog.tsx';
import { ShortcutsDialog } from './ShortcutsDialog.tsx';

export function Dialogs() {
  const dialog = useApp(selectDialog);
  const { closeDialog } = useActions();
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'shortcuts':
      return <ShortcutsDialog onClose={closeDialog} />;
    case 'open-link':
      return <OpenLinkDialog url={dialog.url} text={dialog.text} onClose={closeDialog} />;
    case 'remove-account':
      return <RemoveAccountDialog accountId={dialog.accountId} onClose={closeDialog} />;
    case 'move-to':
      return <MoveToDialog ids={dialog.ids} from={dialog.from} onClose={closeDialog} />;
    case 'folder-name':
      return <FolderNameDialog accountId={dialog.accountId} folderId={dialog.folderId} onClose={closeDialog} />;
    case 'confirm':
      return <ConfirmDialog confirm={dialog.confirm} onClose={closeDialog} />;
    default: {
      const unreachable: never = dialog;
      return unreachable;
    }
  }
}
