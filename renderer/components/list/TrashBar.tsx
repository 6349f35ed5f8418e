// Above the list in a Trash: what the Trash is, and "Empty Trash" (which asks first).
import { useShallow } from 'zustand/react/shallow';
import { useActions, useApp } from '../../store/context.tsx';
import { selectFolderCounts } from '../../store/folders/selectors.ts';
import { selectListTotal, selectView } from '../../store/mailbox/selectors.ts';
import { Icon } from '../common/Icon.tsx';

export function TrashBar() {
  const view = useApp(selectView);
  const counts = useApp(useShallow(selectFolderCounts(view.accountId)));
  const listed = useApp(selectListTotal);
  const { askEmptyTrash } = useActions();
  if (view.folder !== 'trash') return null;
  const empty = counts.trash.total === 0 && listed === 0;
  return (
    <div className="trash-bar">
      <Icon name="trash" size={14} className="trash-bar-icon" />
      <span className="trash-bar-text">Messages here can be restored until the Trash is emptied.</span>
      <button type="button" className="button small danger-quiet" disabled={empty} onClick={() => askEmptyTrash(view.accountId)}>
        Empty Trash
      </button>
    </div>
  );
}
