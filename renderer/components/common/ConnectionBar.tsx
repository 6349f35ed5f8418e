// When the window loses the engine (browser mode: the host stopped or restarted). A bar above
// the window, in its flow, so it covers nothing (base.css). After a restart of `poplar serve`
// the old address stops working for good: the bar says what to do instead of retrying. A
// restart on another port cannot be told from a host that is still down, so after a while the
// bar says what to do in that case too.
import { useEffect, useState } from 'react';
import { selectConnection, selectIsDisconnected } from '../../store/connection/selectors.ts';
import { useApp } from '../../store/context.tsx';
import { Icon } from './Icon.tsx';
import { Spinner } from './Spinner.tsx';

/** Past the transport's longest wait between attempts (api/backoff.ts) twice over: the host is not just restarting. */
export const STILL_DOWN_MS = 10_000;

export function ConnectionBar() {
  const down = useApp(selectIsDisconnected);
  const state = useApp(selectConnection);
  const [long, setLong] = useState(false);
  useEffect(() => {
    setLong(false);
    if (!down) return;
    const timer = setTimeout(() => setLong(true), STILL_DOWN_MS);
    return () => clearTimeout(timer);
  }, [down]);
  if (!down) return null;
  if (state === 'expired') {
    return (
      <div className="connection-bar" role="alert">
        <Icon name="alert" size={16} /> Poplar was restarted, so this page’s address no longer works. Open the new address that “poplar
        serve” printed when it started.
      </div>
    );
  }
  return (
    <div className="connection-bar" role="alert">
      <Spinner /> Lost the connection to Poplar. Reconnecting…
      {long ? ' If you restarted Poplar, open the new address that “poplar serve” printed.' : null}
    </div>
  );
}
