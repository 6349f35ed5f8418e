// A diagnosis for the command line: its time marks (shared/time-marks.ts) said in plain words.
// The window says them itself (renderer/api/time-words.ts); both walk shared/diagnosis-texts.ts.
import type { DiagnosisView } from '../../shared/contract.ts';
import { sayDiagnosisTexts } from '../../shared/diagnosis-texts.ts';
import { plainTimes } from './when.ts';

export function plainDiagnosis<D extends DiagnosisView>(d: D, now: number): D {
  return sayDiagnosisTexts(d, (text) => plainTimes(text, now));
}
