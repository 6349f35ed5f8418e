// The engine writes the times in its sentences (banners, diagnoses, the report) as marks
// (shared/time-marks.ts), because only the window knows how its user writes a time. This
// wrapper says them — with renderer/format/time.ts, like every other time on the screen —
// as the answers and events arrive, so no component ever sees a mark (issue 14, defect 2).
// Only the fields the engine writes are touched: a message body or a server's line is data.
import type { CheckNowView, DiagnosticsView, PoplarApi, SyncStatusView } from '../../shared/contract.ts';
import { sayDiagnosisTexts } from '../../shared/diagnosis-texts.ts';
import { sayTimes } from '../format/time.ts';

type Say = (text: string) => string;

function status(s: SyncStatusView, say: Say): SyncStatusView {
  return s.banner === null ? s : { ...s, banner: say(s.banner) };
}

function diagnostics(d: DiagnosticsView, say: Say): DiagnosticsView {
  return { ...sayDiagnosisTexts(d, say), report: say(d.report) };
}

function checkNow(c: CheckNowView, say: Say): CheckNowView {
  return c.kind === 'done' && c.message !== null ? { ...c, message: say(c.message) } : c;
}

/** `api` with the time marks in its answers and events said in the window's locale, at `now()`. */
export function withTimeWords(api: PoplarApi, now: () => number = Date.now): PoplarApi {
  const say: Say = (text) => sayTimes(text, now());
  return {
    async invoke(channel, ...args) {
      const value = await api.invoke(channel, ...args);
      // Each cast names the channel's own result type (ChannelResults), narrowed by the check beside it.
      switch (channel) {
        case 'sync.status':
          return (value as SyncStatusView[]).map((s) => status(s, say)) as typeof value;
        case 'sync.checkNow':
          return checkNow(value as CheckNowView, say) as typeof value;
        case 'diagnostics.get':
          return diagnostics(value as DiagnosticsView, say) as typeof value;
        default:
          return value;
      }
    },
    on(event, listener) {
      switch (event) {
        case 'sync.changed':
          return api.on('sync.changed', (s) => (listener as (p: SyncStatusView) => void)(status(s, say)));
        case 'diagnosis.changed':
          return api.on('diagnosis.changed', (d) =>
            (listener as (p: { accountId: number; banner: string | null }) => void)({
              ...d,
              banner: d.banner === null ? null : say(d.banner),
            }),
          );
        default:
          return api.on(event, listener);
      }
    },
  };
}
