// How each URL inside a message is treated. Pure functions: the sanitiser (sanitize.ts)
// applies them to attributes and CSS; tests run them under Node.

export type ResourceDecision =
  /** An inline part of this message (RFC 2392 `cid:`), served by the parts route. */
  | { readonly kind: 'part'; readonly contentId: string }
  /** An image embedded in the message itself. */
  | { readonly kind: 'embedded'; readonly url: string }
  /** Something on the network: a tracking pixel as often as a picture. Blocked until allowed. */
  | { readonly kind: 'remote'; readonly url: string }
  /** Anything else (javascript:, file:, relative paths that would resolve against the app …). */
  | { readonly kind: 'drop' };

/** What to do with a URL that a message asks the frame to load (src, background, CSS url()). */
export function classifyResource(raw: string): ResourceDecision {
  const value = raw.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
  if (scheme === 'cid') {
    let contentId = value.slice(4);
    try {
      contentId = decodeURIComponent(contentId); // RFC 2392 §2: the cid is URL-encoded
    } catch {
      // a stray % is not worth losing the image for; use it as written
    }
    return contentId === '' ? { kind: 'drop' } : { kind: 'part', contentId: contentId.replace(/^<|>$/g, '') };
  }
  // data:image/* only: an embedded image cannot carry script into an <img>; other data: types can.
  if (scheme === 'data') return /^data:image\/[a-z0-9.+-]+[;,]/i.test(value) ? { kind: 'embedded', url: value } : { kind: 'drop' };
  if (scheme === 'http' || scheme === 'https') return { kind: 'remote', url: value };
  // Protocol-relative: the frame would resolve it to http(s) — it is remote all the same.
  if (value.startsWith('//')) return { kind: 'remote', url: `https:${value}` };
  return { kind: 'drop' };
}

/**
 * The target of a link the user may open, normalised by the URL parser (so the hostname is
 * shown in its ASCII form: a look-alike Unicode domain shows as xn--…), or null for any
 * scheme other than http, https and mailto.
 */
export function safeLinkTarget(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:' ? url.href : null;
}

/** Replaces each url(...) in CSS text; `replace` returns the new URL or null to drop it. */
export function rewriteCssUrls(css: string, replace: (url: string) => string | null): string {
  // @import would fetch a whole style sheet: never wanted, remote or not. (The frame's CSP
  // refuses it anyway; removing it keeps the count honest.)
  const withoutImports = css.replace(/@import\s+(?:url\(\s*(?:"[^"]*"|'[^']*'|[^)]*)\s*\)|"[^"]*"|'[^']*')[^;]*;?/gi, (rule) => {
    const url = /url\(\s*["']?([^"')]*)|["']([^"']*)/i.exec(rule.slice(7));
    replace(url?.[1] ?? url?.[2] ?? '');
    return '';
  });
  return withoutImports.replace(
    /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"']*?))\s*\)/gi,
    (_match, dq: string | undefined, sq: string | undefined, bare: string | undefined) => {
      const next = replace(dq ?? sq ?? bare ?? '');
      return next === null ? 'none' : `url("${next.replace(/["\\\n]/g, (c) => (c === '\n' ? '' : `\\${c}`))}")`;
    },
  );
}

/** Rewrites each candidate of a srcset; drops the attribute's candidates that `replace` refuses. */
export function rewriteSrcset(srcset: string, replace: (url: string) => string | null): string {
  return srcset
    .split(/,(?=\s*\S)/)
    .map((candidate) => {
      const [url = '', ...descriptor] = candidate.trim().split(/\s+/);
      const next = replace(url);
      return next === null ? null : [next, ...descriptor].join(' ');
    })
    .filter((c): c is string => c !== null)
    .join(', ');
}

/** A mailto: link (RFC 6068) opens the composer rather than leaving the app. */
export function isMailto(url: string): boolean {
  return /^mailto:/i.test(url.trim());
}
