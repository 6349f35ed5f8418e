// The one warning for a connection without encryption, incoming or outgoing: said where the
// user chooses it, never chosen for them.
import { Icon } from '../common/Icon.tsx';

export function PlainTextWarning({ sending = false }: { sending?: boolean }) {
  return (
    <p className="notice warning span-all" role="alert">
      <Icon name="alert" />
      <span>
        Without encryption your password and {sending ? 'the mail you send' : 'your mail'} cross the network readable by anyone on the way.
        Use it only for a server on this computer or your own network.
      </span>
    </p>
  );
}
