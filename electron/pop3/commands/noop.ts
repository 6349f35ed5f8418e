// NOOP (RFC 1939 §5).
import type { Pop3Connection } from '../connection.ts';
import { command } from '../transcript.ts';
import { expectOk } from './expect-ok.ts';

export async function noop(conn: Pop3Connection): Promise<void> {
  conn.send(command('NOOP'));
  await expectOk(conn, 'NOOP');
}
