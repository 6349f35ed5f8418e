// The sentences of a diagnosis that the engine writes, and so may hold time marks
// (shared/time-marks.ts): one walk over them, for the command line (plain words,
// electron/diagnostics/plain-diagnosis.ts) and the window (its locale, renderer/api/time-words.ts).
// A field added to DiagnosisView that a person reads belongs here, so both sides say it.
import type { DiagnosisView } from './contract.ts';

/** `d` with each of its engine-written sentences passed through `say`; the rest untouched. */
export function sayDiagnosisTexts<D extends DiagnosisView>(d: D, say: (text: string) => string): D {
  return {
    ...d,
    title: say(d.title),
    explanation: say(d.explanation),
    evidence: d.evidence.map(say),
    poplarWillDo: say(d.poplarWillDo),
    youCanDo: d.youCanDo.map(say),
    pattern: d.pattern === null ? null : say(d.pattern),
  };
}
