// First run: no accounts yet. "Try the demo" explains how to start the demo, since the demo
// account only exists when the host runs with --demo (and then this screen never shows).
import { useState } from 'react';
import { useActions } from '../../store/context.tsx';
import { Icon } from '../common/Icon.tsx';

export function Welcome() {
  const { navigate } = useActions();
  const [demoHelp, setDemoHelp] = useState(false);
  return (
    <main className="welcome">
      <div className="welcome-card">
        <span className="welcome-mark">
          <Icon name="leaf" size={36} />
        </span>
        <h1>Welcome to Poplar</h1>
        <p className="welcome-lead">
          A mail client for POP3 mailboxes that never locks your mailbox, and tells you why when someone else does.
        </p>
        <div className="welcome-actions">
          <button type="button" className="button primary large" onClick={() => navigate({ name: 'add-account' })}>
            <Icon name="plus" /> Add account
          </button>
          <button type="button" className="button large" onClick={() => setDemoHelp(!demoHelp)} aria-expanded={demoHelp}>
            <Icon name="play" /> Try the demo
          </button>
        </div>
        {demoHelp ? (
          <div className="welcome-demo" role="region" aria-label="How to start the demo">
            <p>
              The demo runs a small mail server inside Poplar with a mailbox full of sample mail, and lets you play the phone that keeps the
              mailbox locked. Start Poplar in demo mode:
            </p>
            <pre className="command">poplar serve --demo</pre>
            <p className="muted small">
              From a source checkout: <code>npm run poplar -- serve --demo</code>. It opens a window like this one with the demo account
              added.
            </p>
          </div>
        ) : null}
        <ul className="welcome-points">
          <li>
            <Icon name="shield" /> One session at a time, always ended with QUIT
          </li>
          <li>
            <Icon name="activity" /> Explains “mailbox locked” with evidence
          </li>
          <li>
            <Icon name="server" /> Leaves mail on the server for your phone
          </li>
        </ul>
      </div>
    </main>
  );
}
