// A field's problem in an account form: the words of the rule the engine applies to that setting
// (shared/account-rules.ts), so the form refuses exactly what saving would, written as a sentence.
import type { AccountSettings } from '../../../shared/account.ts';
import { settingProblem } from '../../../shared/account-rules.ts';

export function fieldProblem<K extends keyof AccountSettings>(key: K, value: AccountSettings[K]): string | null {
  const problem = settingProblem(key, value);
  return problem === null ? null : `${problem.charAt(0).toUpperCase()}${problem.slice(1)}.`;
}
