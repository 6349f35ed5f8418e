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
        <p className="muted">
          Make the demo server behave as if another device held the mailbox open. Poplar’s next checks are refused, and this page explains
          why.
        </p>
        {/* A refusal within a minute of Poplar's own check reads as "checking too often"
            (diagnostics/lock-causes.ts), which is right for real servers but surprising here. */}
        <p className="muted">
          Tip: wait a minute after the last check before pressing “Check now”; a refusal right after Poplar’s own check is read as checking
          too often.
        </p>
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
