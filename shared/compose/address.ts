// An address as a person reads it in a quoted header block or attribution line: the name in
// quotes when it holds characters that are special in an address field (RFC 5322 §3.2.3).
import type { Address } from './types.ts';

export function displayAddress(a: Address): string {
  if (a.name.trim() === '') return a.address;
  const name = /[()<>[\]:;@\\,."]/.test(a.name) ? `"${a.name.replace(/(["\\])/g, '\\$1')}"` : a.name;
  return `${name} <${a.address}>`;
}

export function displayAddresses(list: readonly Address[]): string {
  return list.map(displayAddress).join(', ');
}

/** The name a person goes by in "… wrote:": the display name, else the address. */
export function personName(list: readonly Address[]): string {
  const first = list[0];
  if (first === undefined) return 'Someone';
  return first.name.trim() === '' ? first.address : first.name.trim();
}
