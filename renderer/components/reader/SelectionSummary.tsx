// The reading pane when several messages are selected: what can be done to all of them.
import { useActions, useApp } from '../../store/context.tsx';
import { selectSelectionCount } from '../../store/mailbox/selectors.ts';
import { Icon } from '../common/Icon.tsx';

export function SelectionSummary() {
  const count = useApp(selectSelectionCount);
  const { toggleReadSelected, deleteSelected } = useActions();
  return (
    <div className="reader-empty">
      <Icon name="inboxes" size={40} />
      <p className="reader-empty-title">{count} messages selected</p>
      <div className="button-row">
        <button type="button" className="button" onClick={() => void toggleReadSelected()}>
          <Icon name="mailOpen" /> Mark read / unread
        </button>
        <button type="button" className="button danger" onClick={() => void deleteSelected()}>
          <Icon name="trash" /> Move to Trash
        </button>
      </div>
    </div>
  );
}
