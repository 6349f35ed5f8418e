// Initials on a colour derived from the address: the same sender always gets the same colour.
import type { CSSProperties } from 'react';
export function Avatar({ name, address }: { name: string; address: string }) {
  const source = name.trim() || address;
  const words = source
    .replace(/[^\p{L}\p{N} ]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
  const initials = ((words[0]?.[0] ?? '?') + (words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : '')).toUpperCase();
  let hash = 0;
  for (const ch of address.toLowerCase()) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return (
    <span className="avatar" style={{ '--avatar-hue': hash % 360 } as CSSProperties} aria-hidden="true">
      {initials}
    </span>
  );
}
