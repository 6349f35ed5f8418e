import { describe, expect, it } from 'vitest';
import type { ChannelResults, PoplarApi } from '../../shared/contract.ts';
import { timeMark } from '../../shared/time-marks.ts';
import { formatClock } from '../format/time.ts';
import { withTimeWords } from './time-words.ts';

const AT = Date.UTC(2025, 5, 12, 10, 42);
const banner = `Another program or device is using this mailbox. Poplar tries again at ${timeMark(AT, 'clock')}.`;
const said = `Another program or device is using this mailbox. Poplar tries again at ${formatClock(AT)}.`;

/** An API that answers every call with `value` and hands its listeners to `emit`. */
function scripted(value: unknown) {
  const listeners = new Map<string, (payload: unknown) => void>();
  const api: PoplarApi = {
    invoke: () => Promise.resolve(value as never),
    on: (event, listener) => {
      listeners.set(event, listener as (payload: unknown) => void);
      return () => listeners.delete(event);
    },
  };
  return { api, emit: (event: string, payload: unknown) => listeners.get(event)?.(payload) };
}

describe('the engine’s time marks, said as they arrive', () => {
  it('in banners, from sync.status and from the events', async () => {
    const status = { accountId: 1, state: { kind: 'idle' }, lastCheckAt: null, lastOutcome: 'locked', banner };
    const { api, emit } = scripted([status]);
    const wrapped = withTimeWords(api, () => AT);
    expect((await wrapped.invoke('sync.status'))[0]?.banner).toBe(said);
    const seen: unknown[] = [];
    wrapped.on('sync.changed', (s) => seen.push(s.banner));
    wrapped.on('diagnosis.changed', (d) => seen.push(d.banner));
    emit('sync.changed', status);
    emit('diagnosis.changed', { accountId: 1, banner });
    expect(seen).toEqual([said, said]);
  });

  it('in a diagnosis and its report, but not in the transcript, which is the server’s data', async () => {
    const line = `+OK ${timeMark(AT, 'clock')}`;
    const view: Partial<ChannelResults['diagnostics.get']> = {
      title: 'Locked',
      explanation: banner,
      evidence: [banner],
      poplarWillDo: banner,
      youCanDo: [banner],
      pattern: null,
      report: banner,
      transcript: [{ at: AT, dir: 'S', line }],
    };
    const got = await withTimeWords(scripted(view).api, () => AT).invoke('diagnostics.get', 1);
    expect([got.explanation, ...got.evidence, got.poplarWillDo, ...got.youCanDo, got.report]).toEqual(Array(5).fill(said));
    expect(got.transcript[0]?.line).toBe(line);
  });
});
