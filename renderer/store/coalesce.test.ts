import { describe, expect, it } from 'vitest';
import { coalesced } from './coalesce.ts';
import { deferred, settle } from './fake-api.ts';

describe('coalesced', () => {
  it('runs a burst of calls as the one running and one more after it', async () => {
    const gates: Array<ReturnType<typeof deferred<null>>> = [];
    const run = coalesced(async () => {
      const gate = deferred<null>();
      gates.push(gate);
      await gate.promise;
    });
    const first = run();
    const later = Array.from({ length: 10 }, () => run());
    expect(gates).toHaveLength(1);
    gates[0]?.resolve(null);
    await first;
    await settle();
    expect(gates).toHaveLength(2);
    gates[1]?.resolve(null);
    await Promise.all(later);
    expect(gates).toHaveLength(2);
    void run();
    expect(gates).toHaveLength(3);
  });

  it('still runs again after a run that failed', async () => {
    let runs = 0;
    const run = coalesced(async () => {
      runs++;
      if (runs === 1) throw new Error('down');
    });
    const first = run();
    const second = run();
    await expect(first).rejects.toThrow('down');
    await second;
    expect(runs).toBe(2);
  });
});
