import { describe, expect, it } from 'vitest';
import { fakeApi, settle } from '../store/fake-api.ts';
import { frameBatched } from './frame-batched.ts';

describe('frameBatched', () => {
  it('hands over the answers that arrived before a frame together, at the frame', async () => {
    const frames: Array<() => void> = [];
    const api = frameBatched(fakeApi({ 'messages.count': () => 7, 'sync.status': () => [] }), (flush) => frames.push(flush));
    const seen: string[] = [];
    void api.invoke('messages.count', { accountId: null, folder: 'inbox' }).then((n) => seen.push(`count ${n}`));
    void api.invoke('sync.status').then(() => seen.push('status'));
    const failed = api.invoke('messages.get', 1).catch((error: Error) => seen.push(`failed ${error.message}`));
    await settle();
    expect(seen).toEqual([]);
    expect(frames).toHaveLength(1);
    frames[0]?.();
    await failed;
    await settle();
    expect(seen).toEqual(['count 7', 'status', 'failed no fake for messages.get']);
  });
});
