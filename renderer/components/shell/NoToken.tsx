// Browser mode without the launch token: the page was opened by hand, not from the link the
// host printed. Without the token the host answers nothing, so say how to get in.
export function NoToken() {
  return (
    <main className="welcome">
      <div className="welcome-card">
        <h1>Open Poplar from its link</h1>
        <p className="welcome-lead">This page needs the private link that Poplar printed when it started, the one ending in #token=….</p>
        <pre className="command">poplar serve</pre>
        <p className="muted small">
          The token changes at every start, so that no other page or program on this computer can read your mail.
        </p>
      </div>
    </main>
  );
}
