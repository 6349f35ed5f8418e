// When the window loses the engine (browser mode: the host stopped or restarted).
import { selectIsDisconnected } from '../../store/connection/selectors.ts';
import { useApp } from '../../store/context.tsx';
import { Spinner } from './Spinner.tsx';

export function ConnectionBar() {
  const down = useApp(selectIsDisconnected);
  if (!down) return null;
  return (
    <div className="connection-bar" role="alert">
      <Spinner /> Lost the connection to Poplar. Reconnecting…
    </div>
  );
}
