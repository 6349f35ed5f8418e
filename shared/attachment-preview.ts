// Which attachments Poplar previews, and as what: one rule for the window (which offers a preview)
// and for the preview route (electron/serving/mail-preview.ts, which serves it). The declared type
// is untrusted, so the route never passes it on: it serves the kind's own fixed type.
//   image  raster types a browser decodes without running anything (no SVG: it can carry script)
//   pdf    Chromium's viewer, in a frame whose document is sandboxed by its CSP
//   text   any text/* (HTML and SVG included) shown as text, never rendered

export type PreviewKind = 'image' | 'pdf' | 'text';

const IMAGE_TYPES: Readonly<Record<string, string>> = {
  'image/png': 'image/png',
  'image/jpeg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/gif': 'image/gif',
  'image/webp': 'image/webp',
};

/** Mailers often send a file as application/octet-stream: then its name's extension decides. */
const BY_EXTENSION: Readonly<Record<string, { kind: PreviewKind; type: string }>> = {
  png: { kind: 'image', type: 'image/png' },
  jpg: { kind: 'image', type: 'image/jpeg' },
  jpeg: { kind: 'image', type: 'image/jpeg' },
  gif: { kind: 'image', type: 'image/gif' },
  webp: { kind: 'image', type: 'image/webp' },
  pdf: { kind: 'pdf', type: 'application/pdf' },
  txt: { kind: 'text', type: 'text/plain' },
  log: { kind: 'text', type: 'text/plain' },
  csv: { kind: 'text', type: 'text/plain' },
  md: { kind: 'text', type: 'text/plain' },
};

/** Larger text files are offered for download only: the preview reads the whole file into the page. */
export const MAX_TEXT_PREVIEW_BYTES = 2_000_000;

export interface Preview {
  readonly kind: PreviewKind;
  /** What the route serves it as (text: always text/plain, with the declared charset when it names a sane one). */
  readonly contentType: string;
  /** Why it is shown as text although it is an image type (SVG). */
  readonly note: string | null;
}

/** How an attachment with this declared type and name is previewed; null: not at all. */
export function previewOf(declaredType: string, filename: string | null): Preview | null {
  const [base = '', ...params] = declaredType.split(';');
  const type = base.trim().toLowerCase();
  const image = IMAGE_TYPES[type];
  if (image) return { kind: 'image', contentType: image, note: null };
  if (type === 'application/pdf') return { kind: 'pdf', contentType: 'application/pdf', note: null };
  const svg = type === 'image/svg+xml';
  if (type.startsWith('text/') || svg) {
    return { kind: 'text', contentType: textType(params), note: svg ? 'SVG images are shown as text: they can carry script.' : null };
  }
  if (type === 'application/octet-stream' || type === '') {
    const ext = /\.([A-Za-z0-9]{1,5})$/.exec(filename ?? '')?.[1]?.toLowerCase() ?? '';
    const guess = BY_EXTENSION[ext];
    if (guess) return { kind: guess.kind, contentType: guess.kind === 'text' ? textType(params) : guess.type, note: null };
  }
  return null;
}

function textType(params: readonly string[]): string {
  for (const p of params) {
    const m = /^\s*charset\s*=\s*"?([A-Za-z0-9._:-]{1,40})"?\s*$/i.exec(p);
    if (m?.[1]) return `text/plain; charset=${m[1].toLowerCase()}`;
  }
  return 'text/plain; charset=utf-8';
}
