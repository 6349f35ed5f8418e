// Crash testing (electron/sync/crash.dovecot.test.ts): with POPLAR_FAILPOINT=NAME:N in the
// environment, the process kills itself with SIGKILL the N-th time the session reaches the
// checkpoint NAME (see runSession's `checkpoint`), as a power cut or a force-quit would.
// Without the variable this does nothing. SIGKILL, not exit(): no handler, no flush, no QUIT.
export function failpointFromEnv(env: NodeJS.ProcessEnv): ((name: string) => void) | undefined {
  const spec = env.POPLAR_FAILPOINT;
  if (!spec) return undefined;
  const match = /^([a-z-]+):(\d+)$/.exec(spec);
  if (!match) throw new Error(`POPLAR_FAILPOINT must look like NAME:N (e.g. committed:3), not '${spec}'`);
  const [, target, nth] = match;
  let seen = 0;
  return (name) => {
    if (name === target && ++seen === Number(nth)) process.kill(process.pid, 'SIGKILL');
  };
}
