import { describe, expect, it } from 'vitest';
import type { RemoteContentGrantView } from '../../../shared/contract.ts';
import { createAppStore } from '../app.ts';
import { fakeApi, fakeDeps } from '../fake-api.ts';
import { message } from '../test-data.ts';
import { selectRemoteAllowed } from '../reader/selectors.ts';

const SENDER: RemoteContentGrantView = { kind: 'sender', value: 'news@shop.example', label: 'news@shop.example', allowedAt: 1 };
const OTHER: RemoteContentGrantView = { kind: 'sender', value: 'other@shop.example', label: 'other@shop.example', allowedAt: 2 };

describe('the remote-content grants', () => {
  it('lists them, and revoking the open message’s sender blocks its remote content at once', async () => {
    let allowed = true;
    const api = fakeApi({
      'remoteContent.list': () => [SENDER, OTHER],
      'remoteContent.revoke': (kind, value) => {
        if (kind === 'sender' && value === SENDER.value) allowed = false;
        return null;
      },
      'messages.get': (id) => message(id, { html: '<p>x</p>', fromAddress: 'News@Shop.example', remoteContentAllowed: allowed }),
      'messages.markRead': () => ({ before: [] }),
    });
    const s = createAppStore(fakeDeps(api)).getState;
    await s().openMessage(1);
    expect(selectRemoteAllowed(s())).toBe(true);
    await s().loadRemoteGrants();
    expect(s().remoteGrants).toEqual([SENDER, OTHER]);

    await s().revokeRemoteGrant('sender', OTHER.value);
    expect(selectRemoteAllowed(s())).toBe(true); // another sender: the open message keeps it

    await s().revokeRemoteGrant('sender', SENDER.value);
    expect(api.callsTo('remoteContent.revoke')).toEqual([
      ['sender', OTHER.value],
      ['sender', SENDER.value],
    ]);
    expect(s().remoteGrants).toEqual([]);
    expect(selectRemoteAllowed(s())).toBe(false);
  });

  it('a revoked message grant takes back "Load for this message" given in this window; a sender grant left keeps it allowed', async () => {
    let senderGrant = false;
    const api = fakeApi({
      'messages.get': (id) => message(id, { html: '<p>x</p>', fromAddress: 'a@example.org', remoteContentAllowed: senderGrant }),
      'messages.markRead': () => ({ before: [] }),
      'messages.allowRemoteContent': () => null,
      'remoteContent.revoke': () => null,
    });
    const s = createAppStore(fakeDeps(api)).getState;
    await s().openMessage(7);
    await s().allowRemoteContent('message');
    expect(selectRemoteAllowed(s())).toBe(true);
    await s().revokeRemoteGrant('message', '7');
    expect(selectRemoteAllowed(s())).toBe(false);

    await s().allowRemoteContent('message');
    senderGrant = true;
    await s().revokeRemoteGrant('message', '7');
    expect(selectRemoteAllowed(s())).toBe(true);
  });

  it('a failed revoke says so and changes nothing', async () => {
    const api = fakeApi({
      'remoteContent.list': () => [SENDER],
      'remoteContent.revoke': () => {
        throw new Error('database is locked');
      },
    });
    const s = createAppStore(fakeDeps(api)).getState;
    await s().loadRemoteGrants();
    await s().revokeRemoteGrant('sender', SENDER.value);
    expect(s().remoteGrants).toEqual([SENDER]);
    expect(s().toasts.map((t) => t.text)).toEqual(['Could not revoke: database is locked']);
  });
});
