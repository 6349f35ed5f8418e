// "What stays on the server" (shared/account.ts Retention). Leaving mail there is the default:
// it is what lets a phone and this computer share one mailbox.
import type { Retention } from '../../../shared/account.ts';

export function RetentionFields({
  value,
  onChange,
  uidlSupported,
}: {
  value: Retention;
  onChange: (next: Retention) => void;
  uidlSupported: boolean | null;
}) {
  const deleteHere = value.kind === 'delete-after-download' ? false : value.deleteWhenDeletedLocally;
  const days = value.kind === 'delete-after-days' ? value.days : 14;
  return (
    <fieldset className="fieldset">
      <legend>Mail on the server</legend>
      {uidlSupported === false ? (
        <p className="notice warning">
          This server has no UIDL: Poplar cannot tell which messages it already has, so leaving mail on the server would download it again.
        </p>
      ) : null}
      <label className="radio">
        <input
          type="radio"
          name="retention"
          checked={value.kind === 'leave'}
          onChange={() => onChange({ kind: 'leave', deleteWhenDeletedLocally: deleteHere })}
        />
        <span>
          Leave a copy on the server
          <span className="hint">Other devices keep seeing your mail.</span>
        </span>
      </label>
      <label className="radio">
        <input
          type="radio"
          name="retention"
          checked={value.kind === 'delete-after-days'}
          onChange={() => onChange({ kind: 'delete-after-days', days, deleteWhenDeletedLocally: deleteHere })}
        />
        <span>
          Delete from the server
          <input
            className="inline-number"
            type="number"
            min={1}
            max={3650}
            value={days}
            aria-label="Days after download"
            disabled={value.kind !== 'delete-after-days'}
            onChange={(e) =>
              onChange({
                kind: 'delete-after-days',
                days: Math.max(1, Math.round(Number(e.target.value) || 1)),
                deleteWhenDeletedLocally: deleteHere,
              })
            }
          />
          days after download
        </span>
      </label>
      <label className="radio">
        <input
          type="radio"
          name="retention"
          checked={value.kind === 'delete-after-download'}
          onChange={() => onChange({ kind: 'delete-after-download' })}
        />
        <span>
          Delete from the server after download
          <span className="hint">Only this computer will have your mail.</span>
        </span>
      </label>
      <label className={`checkbox${value.kind === 'delete-after-download' ? ' disabled' : ''}`}>
        <input
          type="checkbox"
          checked={deleteHere}
          disabled={value.kind === 'delete-after-download'}
          onChange={(e) =>
            onChange(
              value.kind === 'delete-after-days'
                ? { ...value, deleteWhenDeletedLocally: e.target.checked }
                : { kind: 'leave', deleteWhenDeletedLocally: e.target.checked },
            )
          }
        />
        Also delete from the server when I delete a message here
      </label>
    </fieldset>
  );
}
