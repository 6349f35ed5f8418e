// What the store's actions need from outside: the API, the mail routes and the clock. Passed
// in (never imported) so the slices run under Node in tests with a fake API.
import type { PoplarApi } from '../../shared/contract.ts';
import type { MailRoutes } from '../api/routes.ts';

export interface StoreDeps {
  readonly api: PoplarApi;
  readonly routes: MailRoutes;
  readonly now: () => number;
}

/** The message of an error, for showing to the user. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
