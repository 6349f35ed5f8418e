// DELE and RSET (RFC 1939 §5, §7). A DELE only marks a message; the server removes it in the
// UPDATE state after +OK to QUIT (§6). Callers record deletions only after that.
import type { Pop3Connection } from '../connection.ts';
import { command } from '../transcript.ts';
import type { PipelineStep } from './pipeline.ts';
import { expectOk } from './expect-ok.ts';

export async function dele(conn: Pop3Connection, msg: number): Promise<void> {
  conn.send(command('DELE', String(msg)));
  await expectOk(conn, 'DELE');
}

export function deleStep(conn: Pop3Connection, msg: number): PipelineStep<number> {
  return {
    msg,
    line: command('DELE', String(msg)),
    read: async () => {
      await expectOk(conn, 'DELE');
      return msg;
    },
  };
}

/** Unmarks every message marked deleted in this session. */
export async function rset(conn: Pop3Connection): Promise<void> {
  conn.send(command('RSET'));
  await expectOk(conn, 'RSET');
}
