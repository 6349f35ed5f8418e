// Checks run inside the window's page for the layout and accessibility tests: axe-core's rules,
// and a walk over every visible control asking whether it lies inside its pane and the viewport
// and whether its words fit.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
let axeSource: Promise<string> | null = null;

/**
 * axe-core's serious and critical violations, one line each ("rule: target …"). The source is
 * evaluated over the DevTools protocol rather than added as a <script>: the window's strict CSP
 * refuses inline scripts, and the test must not loosen it.
 */
export async function axeProblems(page: Page): Promise<string[]> {
  axeSource ??= readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  const source = await axeSource;
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(source);
  return page.evaluate(async () => {
    interface AxeResult {
      violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[];
    }
    const axe = (window as unknown as { axe: { run: (c: Document, o: object) => Promise<AxeResult> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.help}): ${n.target.join(' ')} — ${n.failureSummary ?? ''}`));
  });
}

/**
 * Every visible button, link, input and select that sticks out of its pane or the viewport, and
 * every button or key label whose single line of words is cut. A control inside a scrolled
 * container that is scrolled out of sight is skipped: scrolling brings it back.
 */
export async function clippedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const PANES = '.sidebar-pane, .list-pane, .reading-pane, .page-host, .welcome-card, [role="dialog"], .pane-strip';
    const SLACK = 1;
    const problems: string[] = [];
    const name = (el: Element): string => {
      const label = el.getAttribute('aria-label') ?? el.getAttribute('title') ?? (el.textContent ?? '').trim().slice(0, 40);
      return `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : ''} "${label}"`;
    };
    const scrolledAway = (el: Element, r: DOMRect): boolean => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (!/(auto|scroll|hidden)/.test(style.overflowY) || p.scrollHeight <= p.clientHeight) continue;
        const box = p.getBoundingClientRect();
        if (r.bottom <= box.top + SLACK || r.top >= box.bottom - SLACK) return true;
        if (r.top < box.top - SLACK || r.bottom > box.bottom + SLACK) return true; // partly scrolled: a scroll shows it
      }
      return false;
    };
    const shown = (el: Element, r: DOMRect): boolean => {
      const style = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && Number(style.opacity) > 0;
    };
    const controls = document.querySelectorAll(
      'button, a[href], input:not([type="hidden"]), select, textarea, [role="button"], [role="switch"]',
    );
    for (const el of controls) {
      const r = el.getBoundingClientRect();
      if (!shown(el, r) || scrolledAway(el, r)) continue;
      // A checkbox drawn as a switch sits under its track on purpose (forms.css): its label is the control.
      if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio') && getComputedStyle(el).opacity === '0')
        continue;
      if (r.left < -SLACK || r.top < -SLACK || r.right > innerWidth + SLACK || r.bottom > innerHeight + SLACK)
        problems.push(
          `${name(el)} leaves the window (${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)})`,
        );
      const pane = el.closest(PANES);
      if (pane) {
        const p = pane.getBoundingClientRect();
        if (r.left < p.left - SLACK || r.right > p.right + SLACK || r.top < p.top - SLACK || r.bottom > p.bottom + SLACK)
          problems.push(
            `${name(el)} sticks out of its pane ${pane.className || pane.tagName} by ${Math.round(Math.max(p.left - r.left, r.right - p.right, p.top - r.top, r.bottom - p.bottom))} px`,
          );
      }
      if ((el.tagName === 'BUTTON' || el.getAttribute('role') === 'button') && el.scrollWidth > el.clientWidth + SLACK)
        problems.push(`${name(el)} cuts its words (${el.scrollWidth} px in ${el.clientWidth} px)`);
    }
    for (const el of document.querySelectorAll('.list-count, .status-main, .page-title h1')) {
      const r = el.getBoundingClientRect();
      if (!shown(el, r) || scrolledAway(el, r)) continue;
      if (el.scrollWidth > el.clientWidth + SLACK) problems.push(`${name(el)} cuts its words`);
      const pane = el.closest(PANES);
      const p = pane?.getBoundingClientRect();
      if (p && r.right > p.right + SLACK) problems.push(`${name(el)} runs past its pane`);
    }
    return problems;
  });
}
