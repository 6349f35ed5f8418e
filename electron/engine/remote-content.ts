// The remote-content grants as the settings view lists them, and their revocation. A revoked
// sender's mail, and a revoked message, show blocked remote content again the next time they
// are opened ('messages.get' reads the grants afresh each time).
import type { RemoteContentGrantView } from '../../shared/contract.ts';
import { listRemoteContent, revokeRemoteContent } from '../store/remote-content.ts';
import type { EngineContext } from './context.ts';

export function listRemoteGrants(ctx: EngineContext): RemoteContentGrantView[] {
  return listRemoteContent(ctx.profile.db);
}

/** Revoking what is not (or no longer) granted is not an error: two windows may revoke the same grant. */
export function revokeRemoteGrant(ctx: EngineContext, kind: 'message' | 'sender', value: string): null {
  revokeRemoteContent(ctx.profile.db, kind, value);
  return null;
}
