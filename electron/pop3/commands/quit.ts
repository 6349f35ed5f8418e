// QUIT (RFC 1939 §6).
import { commandBudget } from '../budget.ts';
import type { Pop3Connection } from '../connection.ts';
import { command } from '../transcript.ts';

export interface QuitResult {
  /**
   * True only for +OK: the server entered UPDATE and removed what was marked (RFC 1939 §6).
   * A -ERR ("some deleted messages not removed") or no answer means deletions may not have
   * happened, and are retried in a later session.
   */
  readonly acknowledged: boolean;
  readonly text: string | null;
}

export async function quit(conn: Pop3Connection): Promise<QuitResult> {
  conn.send(command('QUIT'));
  const status = await conn.readStatus(commandBudget('QUIT', 'its reply to QUIT', conn.limits.quitTimeoutMs));
  return { acknowledged: status.ok, text: status.text || null };
}
