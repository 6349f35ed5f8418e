import { describe, expect, it } from 'vitest';
import type { DiagnosticsView } from '../../../shared/contract.ts';
import { createAppStore } from '../app.ts';
import { fakeApi, fakeDeps, settle } from '../fake-api.ts';
import { status } from '../test-data.ts';

const view = (title: string): DiagnosticsView => ({
  cause: 'other-client',
  title,
  explanation: '',
  evidence: [],
  poplarWillDo: '',
  youCanDo: [],
  pattern: null,
  nextCheckAt: null,
  sessions: [],
  transcript: [],
  report: title,
});

describe('diagnostics', () => {
  it('loads a diagnosis and keeps the last one on screen when a refresh fails', async () => {
    let fail = false;
    const api = fakeApi({
      'diagnostics.get': () => {
        if (fail) throw new Error('engine busy');
        return view('first');
      },
    });
    const s = createAppStore(fakeDeps(api)).getState;
    await s().loadDiagnostics(1);
    expect(s().diagnostics[1]).toMatchObject({ status: 'ready', view: { title: 'first' } });
    fail = true;
    await s().loadDiagnostics(1);
    expect(s().diagnostics[1]).toMatchObject({ status: 'error', error: 'engine busy', view: { title: 'first' } });
  });

  it('refreshes the open diagnosis when the engine says it changed, and updates the banner', async () => {
    let n = 0;
    const api = fakeApi({ 'diagnostics.get': () => view(`v${++n}`), 'sync.status': () => [status(1), status(2)] });
    const s = createAppStore(fakeDeps(api)).getState;
    await s().loadSyncStatus();
    await s().loadDiagnostics(1);
    await s().loadDiagnostics(2);
    s().navigate({ name: 'diagnostics', accountId: 1 });
    s().applyDiagnosisChanged({ accountId: 1, banner: 'Locked by another device.' });
    s().applyDiagnosisChanged({ accountId: 2, banner: null });
    await settle();
    expect(s().syncStatus[1]?.banner).toBe('Locked by another device.');
    expect(s().diagnostics[1]?.view?.title).toBe('v3');
    expect(s().diagnostics[2]).toBeUndefined(); // stale: loads fresh when opened
  });

  it('switches the demo hold and reports a host without a demo', async () => {
    const api = fakeApi({ 'demo.holdMailbox': (held) => ({ held }) });
    const s = createAppStore(fakeDeps(api)).getState;
    await s().holdMailbox(true);
    expect(s().demoHold).toEqual({ held: true, busy: false, error: null });
    api.handlers['demo.holdMailbox'] = () => {
      throw new Error('not in demo mode');
    };
    await s().holdMailbox(false);
    expect(s().demoHold).toEqual({ held: true, busy: false, error: 'not in demo mode' });
  });
});
