// HTML mail → the document of a sandboxed frame (DESIGN.md, "The renderer").
//
// Layers, each enough on its own for what it covers:
//   1. DOMPurify removes scripts, event handlers, forms and every tag that embeds or
//      navigates (FORBIDDEN_TAGS), and javascript: URLs.
//   2. A pass over the purified (inert, DOMParser-made) tree: inline parts (cid:) point at
//      the parts route; remote resources are removed and counted while remote content is
//      blocked; links lose their href and are listed for the user to open after a check.
//   3. The frame: <iframe sandbox=""> (no scripts, forms, popups, top navigation, or
//      same-origin access) whose first element is a CSP allowing images only from the
//      message itself (and the network once allowed) and inline styles.
import DOMPurify from 'dompurify';
import type { MailRoutes } from '../api/routes.ts';
import { frameCsp } from './csp.ts';
import { FRAME_STYLE } from './frame-style.ts';
import { classifyResource, rewriteCssUrls, rewriteSrcset, safeLinkTarget } from './urls.ts';

export interface MessageLink {
  /** The number shown beside the link in the frame and in the list. */
  readonly n: number;
  readonly url: string;
  /** The link's own text, when it differs from the URL: a mismatch is worth seeing. */
  readonly text: string;
}

export interface PreparedHtml {
  readonly srcdoc: string;
  /** Remote resources removed because remote content is blocked. */
  readonly blocked: number;
  readonly links: readonly MessageLink[];
}

export interface PrepareOptions {
  readonly messageId: number;
  readonly routes: MailRoutes;
  readonly remoteAllowed: boolean;
}

const FORBIDDEN_TAGS = [
  'script',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'option',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'meta',
  'base',
  'link',
  'noscript',
  'template',
  'portal',
];
const FORBIDDEN_ATTRS = ['action', 'formaction', 'ping', 'target', 'srcdoc', 'http-equiv'];
/** Attributes that make an element fetch something. `href` counts only outside links (SVG <image>). */
const RESOURCE_ATTRS = new Set(['src', 'background', 'poster', 'lowsrc', 'dynsrc', 'href', 'xlink:href']);

let purifier: ReturnType<typeof DOMPurify> | null = null;

export function prepareHtml(html: string, options: PrepareOptions): PreparedHtml {
  purifier ??= DOMPurify(window);
  const purified = purifier.sanitize(html, {
    WHOLE_DOCUMENT: true,
    RETURN_DOM: true,
    FORBID_TAGS: FORBIDDEN_TAGS,
    FORBID_ATTR: FORBIDDEN_ATTRS,
    ALLOW_DATA_ATTR: false,
  });
  // WHOLE_DOCUMENT + RETURN_DOM hands back the <html> element of DOMPurify's inert document.
  const root = purified instanceof Element ? purified : document.createElement('html');

  let blocked = 0;
  const links: MessageLink[] = [];
  const resource = (raw: string): string | null => {
    const decision = classifyResource(raw);
    switch (decision.kind) {
      case 'part':
        return options.routes.partUrl(options.messageId, decision.contentId);
      case 'embedded':
        return decision.url;
      case 'remote':
        if (options.remoteAllowed) return decision.url;
        blocked++;
        return null;
      case 'drop':
        return null;
      default: {
        const unreachable: never = decision;
        return unreachable;
      }
    }
  };

  for (const el of Array.from(root.querySelectorAll('*'))) {
    const isLink = el.localName === 'a' || el.localName === 'area';
    if (isLink) rewriteLink(el, links);
    for (const name of el.getAttributeNames()) {
      const value = el.getAttribute(name) ?? '';
      if (name === 'style') el.setAttribute('style', rewriteCssUrls(value, resource));
      else if (name === 'srcset') setOrRemove(el, name, rewriteSrcset(value, resource));
      else if (RESOURCE_ATTRS.has(name) && !(isLink && name === 'href')) setOrRemove(el, name, resource(value) ?? '');
    }
    if (el.localName === 'style') {
      const css = rewriteCssUrls(el.textContent ?? '', resource);
      // The style text is serialised raw: a closing tag inside it would end it early on the
      // frame's parse. The parser that built this tree cannot produce one; never emit one.
      if (/<\/style/i.test(css)) el.remove();
      else el.textContent = css;
    }
  }

  const head = root.querySelector('head');
  const body = root.querySelector('body');
  const styles = head ? Array.from(head.querySelectorAll('style'), (s) => s.outerHTML).join('') : '';
  // <body bgcolor> as CSS, only when it is a colour: anything else could smuggle in a url().
  const bgcolor = body?.getAttribute('bgcolor') ?? '';
  const bodyStyle = [/^#?[a-z0-9]{1,20}$/i.test(bgcolor) ? `background-color:${bgcolor}` : '', body?.getAttribute('style') ?? '']
    .filter(Boolean)
    .join(';');
  const csp = frameCsp({ partsSource: options.routes.partsSource, remoteAllowed: options.remoteAllowed });
  const srcdoc =
    `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">` +
    `<meta name="referrer" content="no-referrer"><meta charset="utf-8"><style>${FRAME_STYLE}</style>${styles}</head>` +
    `<body${bodyStyle ? ` style="${escapeAttribute(bodyStyle)}"` : ''}>${body?.innerHTML ?? ''}</body></html>`;
  return { srcdoc, blocked, links };
}

/** A link keeps its look but loses its target; the target joins the list under the frame. */
function rewriteLink(el: Element, links: MessageLink[]): void {
  const href = el.getAttribute('href');
  el.removeAttribute('href');
  el.removeAttribute('xlink:href');
  if (href === null) return;
  const url = safeLinkTarget(href);
  if (url === null) return;
  const existing = links.find((l) => l.url === url);
  const n = existing?.n ?? links.length + 1;
  if (!existing) {
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 120);
    links.push({ n, url, text: text === url || text === href.trim() ? '' : text });
  }
  el.setAttribute('data-poplar-link', String(n));
}

function setOrRemove(el: Element, name: string, value: string): void {
  if (value === '') el.removeAttribute(name);
  else el.setAttribute(name, value);
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
