import type { IconName } from '../common/Icon.tsx';
import { Icon } from '../common/Icon.tsx';

export function FolderItem({
  label,
  icon,
  unread,
  active,
  onSelect,
  indent,
}: {
  label: string;
  icon: IconName;
  unread: number;
  active: boolean;
  onSelect: () => void;
  indent?: boolean;
}) {
  return (
    <li>
      <button
        type="button"
        className={`folder${active ? ' active' : ''}${indent ? ' indent' : ''}`}
        aria-current={active ? 'page' : undefined}
        onClick={onSelect}
      >
        <Icon name={icon} />
        <span className="folder-name">{label}</span>
        {unread > 0 ? (
          <span className="badge" aria-label={`${unread} unread`}>
            {unread > 9999 ? '9999+' : unread}
          </span>
        ) : null}
      </button>
    </li>
  );
}
