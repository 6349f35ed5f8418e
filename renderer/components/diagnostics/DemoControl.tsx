// Demo mode only: make the built-in server refuse Poplar as if a phone held the mailbox, to
// see the lock diagnostics at work ('demo.holdMailbox').
import { useActions, useApp } from '../../store/context.tsx';
import { selectDemoHold } from '../../store/diagnostics/selectors.ts';
import { Icon } from '../common/Icon.tsx';

export function DemoControl() {
  const hold = useApp(selectDemoHold);
  const { holdMailbox } = useActions();
  const held = hold.held === true;
  return (
    <section className="card demo-card">
      <div className="demo-text">
        <h2>
          <Icon name="server" /> Demo
        </h2>
        <p className="muted">Make the demo server behave as if another device held the mailbox open. Poplar’s next checks are refused, and this page explains why.</p>
        {hold.error ? <p className="notice error">{hold.error}</p> : null}
      </div>
      <label className="switch">
        <input type="checkbox" role="switch" checked={held} disabled={hold.busy} onChange={(e) => void holdMailbox(e.target.checked)} />
        <span className="switch-track" aria-hidden="true" />
        <span>Simulate another device holding the mailbox</span>
      </label>
    </section>
  );
}
