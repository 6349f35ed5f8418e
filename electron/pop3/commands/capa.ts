// CAPA (RFC 2449 §5). A server that answers -ERR predates RFC 2449: USER/PASS only.
import { commandBudget } from '../budget.ts';
import { NO_CAPABILITIES, parseCapa, type Capabilities } from '../capabilities.ts';
import type { Pop3Connection } from '../connection.ts';
import { command } from '../transcript.ts';

export async function capa(conn: Pop3Connection): Promise<Capabilities> {
  conn.send(command('CAPA'));
  // One budget for the status and the listing: a dozen short lines (limits.ts, CAPA_BUDGET_MS).
  const budget = commandBudget('CAPA', 'its CAPA list', conn.limits.capaBudgetMs);
  const status = await conn.readStatus(budget);
  if (!status.ok) return NO_CAPABILITIES;
  return parseCapa(await conn.readListing('CAPA', budget));
}
