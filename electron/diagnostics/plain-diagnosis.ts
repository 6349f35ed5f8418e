// A diagnosis for the command line: its time marks (shared/time-marks.ts) said in plain words.
// The window says them itself (renderer/api/time-words.ts).
import type { DiagnosisView } from '../../shared/contract.ts';
import { plainTimes } from './when.ts';

export function plainDiagnosis<D extends DiagnosisView>(d: D, now: number): D {
  const say = (text: string): string => plainTimes(text, now);
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
