// Shown while remote content is blocked: how much, and the two ways to allow it.
import { useActions } from '../../store/context.tsx';
import { Icon } from '../common/Icon.tsx';

export function RemoteContentBar({ blocked, sender }: { blocked: number; sender: string }) {
  const { allowRemoteContent } = useActions();
  return (
    <div className="remote-bar" role="status">
      <Icon name="shield" />
      <span>
        Remote content was blocked ({blocked} item{blocked === 1 ? '' : 's'})
      </span>
      <span className="remote-bar-actions">
        <button type="button" className="link-button" onClick={() => void allowRemoteContent('message')}>
          Load for this message
        </button>
        <span aria-hidden="true">·</span>
        <button type="button" className="link-button" onClick={() => void allowRemoteContent('sender')}>
          Always for {sender}
        </button>
      </span>
    </div>
  );
}
