// To, Cc or Bcc: the addresses as chips, and a box that completes from 'compose.addresses'
// (the addresses of stored and sent mail). Enter, Tab, a comma or a semicolon turns what is
// typed into a chip; Backspace in an empty box removes the last one.
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import type { AddressInput, ComposeAddressView } from '../../../shared/compose-contract.ts';
import { useActions } from '../../store/context.tsx';

/** "Ann <ann@example.com>" or a bare address, as typed or pasted. */
export function parseTyped(value: string): AddressInput | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  const angle = /^(.*)<([^<>]+)>$/.exec(trimmed);
  if (angle) return { name: (angle[1] ?? '').trim().replace(/^"|"$/g, ''), address: (angle[2] ?? '').trim() };
  return { name: '', address: trimmed };
}

const shown = (a: AddressInput) => (a.name ? `${a.name} <${a.address}>` : a.address);

export function AddressField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: readonly AddressInput[];
  onChange: (next: AddressInput[]) => void;
}) {
  const { findAddresses } = useActions();
  const id = useId();
  const [typed, setTyped] = useState('');
  const [options, setOptions] = useState<ComposeAddressView[]>([]);
  const [active, setActive] = useState(0);

  useEffect(() => {
    const words = typed.trim();
    if (words.length < 1) {
      setOptions([]);
      return;
    }
    let stale = false;
    const t = setTimeout(() => {
      void findAddresses(words).then((found) => {
        if (stale) return;
        setOptions(found.filter((f) => !value.some((v) => v.address.toLowerCase() === f.address.toLowerCase())));
        setActive(0);
      });
    }, 120);
    return () => {
      stale = true;
      clearTimeout(t);
    };
  }, [findAddresses, typed, value]);

  const add = (a: AddressInput | null) => {
    setTyped('');
    setOptions([]);
    if (a && !value.some((v) => v.address.toLowerCase() === a.address.toLowerCase())) onChange([...value, a]);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' && options.length > 0) {
      event.preventDefault();
      setActive((i) => (i + 1) % options.length);
    } else if (event.key === 'ArrowUp' && options.length > 0) {
      event.preventDefault();
      setActive((i) => (i - 1 + options.length) % options.length);
    } else if (event.key === 'Enter' || event.key === ',' || event.key === ';' || (event.key === 'Tab' && typed.trim() !== '')) {
      if (typed.trim() === '' && event.key !== 'Enter') return;
      event.preventDefault();
      add(options[active] ?? parseTyped(typed));
    } else if (event.key === 'Escape' && options.length > 0) {
      event.preventDefault();
      setOptions([]);
    } else if (event.key === 'Backspace' && typed === '' && value.length > 0) {
      onChange(value.slice(0, -1));
    }
  };

  const listId = `${id}-options`;
  return (
    <div className="compose-row address-field">
      <label htmlFor={`${id}-input`}>{label}</label>
      <div className="chips">
        <ul className="chip-list" aria-label={`${label} recipients`}>
          {value.map((a, i) => (
            <li key={`${a.address}-${i}`} className="chip">
              <span title={a.address}>{shown(a)}</span>
              <button type="button" aria-label={`Remove ${shown(a)}`} onClick={() => onChange(value.filter((_, j) => j !== i))}>
                ×
              </button>
            </li>
          ))}
        </ul>
        <input
          id={`${id}-input`}
          type="text"
          role="combobox"
          aria-expanded={options.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          {...(options.length > 0 ? { 'aria-activedescendant': `${id}-opt-${active}` } : {})}
          autoComplete="off"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          onKeyDown={onKeyDown}
          onBlur={() => {
            if (typed.trim() !== '') add(parseTyped(typed));
          }}
        />
        <ul id={listId} role="listbox" className="completions" hidden={options.length === 0} aria-label={`${label} suggestions`}>
          {options.map((o, i) => (
            <li
              key={o.address}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                add(o);
              }}
            >
              {shown(o)}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
