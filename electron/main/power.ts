// Resume from sleep and the network coming back wake the scheduler (it checks what fell due
// and never starts a second session on a mailbox).
import { net, powerMonitor } from 'electron';
import type { Engine } from '../engine/engine.ts';

const ONLINE_POLL_MS = 15_000;

export function watchPower(engine: Engine): () => void {
  const resume = (): void => engine.wake('resume');
  powerMonitor.on('resume', resume);
  powerMonitor.on('unlock-screen', resume);
  // Electron's main process has no 'online' event; net.isOnline() is polled, and only the
  // change from offline to online counts as "network back".
  let online = net.isOnline();
  const timer = setInterval(() => {
    const now = net.isOnline();
    if (now && !online) engine.wake('network-back');
    online = now;
  }, ONLINE_POLL_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    powerMonitor.off('resume', resume);
    powerMonitor.off('unlock-screen', resume);
  };
}
