// "Empty Trash after N days" (the account's trashDays): off, the Trash keeps messages until it is
// emptied by hand. The number is kept as typed, so the form can say what is wrong with it.
import { MAX_TRASH_DAYS } from '../../../shared/account.ts';

export interface TrashDraft {
  readonly on: boolean;
  readonly days: string;
}

export function trashDraftOf(trashDays: number | null | undefined): TrashDraft {
  return trashDays == null ? { on: false, days: '30' } : { on: true, days: String(trashDays) };
}

/** The setting the draft stands for, or a problem in plain words. */
export function trashDaysOf(draft: TrashDraft): { value: number | null } | { problem: string } {
  if (!draft.on) return { value: null };
  const days = Number(draft.days);
  if (!Number.isInteger(days) || days < 1 || days > MAX_TRASH_DAYS)
    return { problem: `A whole number of days, from 1 to ${MAX_TRASH_DAYS}.` };
  return { value: days };
}

export function TrashFields({ value, onChange }: { value: TrashDraft; onChange: (next: TrashDraft) => void }) {
  const checked = trashDaysOf(value);
  const problem = 'problem' in checked ? checked.problem : null;
  return (
    <fieldset className="fieldset">
      <legend>Trash</legend>
      <label className="checkbox">
        <input type="checkbox" checked={value.on} onChange={(e) => onChange({ ...value, on: e.target.checked })} />
        <span>
          Empty Trash after
          <input
            className="inline-number"
            type="number"
            min={1}
            max={MAX_TRASH_DAYS}
            value={value.days}
            aria-label="Days in the Trash"
            disabled={!value.on}
            aria-invalid={problem ? true : undefined}
            aria-describedby="trash-days-hint"
            onChange={(e) => onChange({ ...value, days: e.target.value })}
          />
          days
        </span>
      </label>
      <p id="trash-days-hint" className={problem ? 'field-error' : 'hint'}>
        {problem ?? 'Messages in the Trash longer than this are deleted from this computer for good.'}
      </p>
    </fieldset>
  );
}
