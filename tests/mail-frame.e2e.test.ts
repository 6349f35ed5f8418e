// The mail frame (renderer/mail/sanitize.ts) in a real browser: the sanitiser needs the DOM
// (DOMPurify), and what matters is what Chromium then does with the frame. The module is
// bundled for a page served with the app's own CSP, hostile mail is rendered the way the
// reading pane does it (<iframe sandbox="" srcdoc>), and every request that reaches the
// "remote" server is counted. It lives in tests/ rather than beside sanitize.ts because it
// needs node:http — Playwright's request interception does not see a sandboxed frame's
// requests — and renderer/ may not import Node modules.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PreparedHtml } from '../renderer/mail/sanitize.ts';
import { launchChromium, type ChromiumSession } from './support/chromium.ts';
import { CHROMIUM, describeWith } from './support/requirements.ts';

const entry = (app: string) => `import { prepareHtml } from './renderer/mail/sanitize.ts';
import { mailRoutes } from './renderer/api/routes.ts';
window.prepareMailHtml = (html, remoteAllowed) => prepareHtml(html, { messageId: 42, routes: mailRoutes('${app}', 'tok'), remoteAllowed });`;
// The CSP of renderer/index.html, which the srcdoc frame inherits on top of its own.
const APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https: http:; connect-src 'self'; frame-src 'self' blob: about:; object-src 'none'; base-uri 'none'; form-action 'none'";

const hostile = (remote: string) => `<html><head>
<meta http-equiv="refresh" content="0;url=${remote}/refresh">
<base href="${remote}/">
<link rel="stylesheet" href="${remote}/sheet.css">
<style>@import url("${remote}/import.css"); .hero { background: url(${remote}/bg.png) } </style>
<script>parent.postMessage('script ran', '*')</script>
</head><body bgcolor="white;background:url(${remote}/bgcolor.png)">
<img src="${remote}/pixel.gif" onerror="parent.postMessage('handler ran', '*')" srcset="${remote}/a.png 1x, cid:part2 2x">
<img src="cid:logo@example.org"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<img src="/attachments/1/1?token=guess"><img src="javascript:alert(1)">
<div style="background-image: url('${remote}/div.png')" class="hero">hero</div>
<svg><image href="${remote}/svg.png" width="10" height="10"/></svg>
<a href="https://example.org/ok">fine</a> <a href="javascript:parent.postMessage('link ran','*')">js</a>
<a href="http://xn--pple-43d.example/">https://apple.example/</a> <a href="mailto:ann@example.org">mail</a> <a href="https://example.org/ok">again</a>
<form action="${remote}/steal"><input name="password"><button>go</button></form>
<iframe src="${remote}/frame"></iframe><object data="${remote}/o"></object><embed src="${remote}/e">
<video poster="${remote}/poster.png"></video>
</body></html>`;

describeWith(CHROMIUM, 'the mail frame', () => {
  let browser: ChromiumSession;
  let page: Page;
  let appServer: Server;
  let remoteServer: Server;
  let APP = '';
  let REMOTE = '';
  let HOSTILE = '';
  const remote: string[] = [];
  const parts: string[] = [];
  const messages: string[] = [];
  const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>';

  async function listen(server: Server): Promise<string> {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  beforeAll(async () => {
    remoteServer = createServer((req, res) => {
      remote.push(new URL(req.url ?? '/', 'http://x').pathname);
      res.writeHead(200, { 'content-type': 'image/svg+xml' }).end(SVG);
    });
    REMOTE = await listen(remoteServer);
    HOSTILE = hostile(REMOTE);
    let script = '';
    appServer = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/prepare.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      else if (path === '/probe.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end("parent.postMessage('probe ran', '*')");
      else if (path.startsWith('/parts/')) {
        parts.push(req.url ?? '');
        res.writeHead(200, { 'content-type': 'image/svg+xml' }).end(SVG);
      } else
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end(
            `<!doctype html><meta http-equiv="Content-Security-Policy" content="${APP_CSP}"><script src="/prepare.js"></script><body></body>`,
          );
    });
    APP = await listen(appServer);
    const bundle = await build({
      stdin: { contents: entry(APP), resolveDir: '.', loader: 'ts' },
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'chrome120',
      logLevel: 'silent',
    });
    script = bundle.outputFiles[0]?.text ?? '';
    browser = await launchChromium();
    page = await browser.context.newPage();
    await page.exposeFunction('reportMessage', (m: string) => messages.push(m));
    await page.goto(`${APP}/`);
    await page.evaluate(() =>
      window.addEventListener('message', (e) => (window as unknown as { reportMessage(m: string): void }).reportMessage(String(e.data))),
    );
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all(
      [appServer, remoteServer].map((server) => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))),
    );
  });

  const prepareMail = (html: string, remoteAllowed: boolean) =>
    page.evaluate(([h, r]) => (window as unknown as { prepareMailHtml(h: string, r: boolean): PreparedHtml }).prepareMailHtml(h, r), [
      html,
      remoteAllowed,
    ] as const);

  async function render(srcdoc: string, sandbox = ''): Promise<void> {
    await page.evaluate(
      ([doc, flags]) =>
        new Promise<void>((resolve) => {
          document.body.replaceChildren();
          const frame = document.createElement('iframe');
          frame.setAttribute('sandbox', flags);
          frame.onload = () => resolve();
          frame.srcdoc = doc;
          document.body.append(frame);
        }),
      [srcdoc, sandbox] as const,
    );
    await page.waitForTimeout(300); // let any (wrongly) allowed request leave
  }

  it('strips what runs, navigates or embeds, and lists the links', async () => {
    const out = await prepareMail(HOSTILE, false);
    expect(
      out.srcdoc.startsWith(
        `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data: cid: ${APP}/parts/; style-src 'unsafe-inline'">`,
      ),
    ).toBe(true);
    for (const gone of [
      '<script',
      'onerror',
      '<form',
      '<input',
      '<button',
      '<iframe',
      '<object',
      '<embed',
      'http-equiv="refresh"',
      '<base',
      '<link',
      'javascript:',
      REMOTE,
      '/attachments/',
      'href=',
    ]) {
      expect(out.srcdoc, gone).not.toContain(gone);
    }
    expect(out.srcdoc).toContain(`src="${APP}/parts/42/logo%40example.org?token=tok"`);
    expect(out.srcdoc).toContain(`srcset="${APP}/parts/42/part2?token=tok 2x"`);
    expect(out.srcdoc).toContain('src="data:image/gif;base64,R0lGODlhAQABAAAAACw="');
    expect(out.links).toEqual([
      { n: 1, url: 'https://example.org/ok', text: 'fine' },
      { n: 2, url: 'http://xn--pple-43d.example/', text: 'https://apple.example/' },
      { n: 3, url: 'mailto:ann@example.org', text: 'mail' },
    ]);
    expect(out.srcdoc.match(/data-poplar-link="1"/g)).toHaveLength(2);
    expect(out.srcdoc).toContain('.hero { background: none }');
    expect(out.srcdoc).toContain('<body>'); // a bgcolor that is not a colour (it smuggles a url()) is dropped
    // pixel, a.png, bg.png, import.css, div.png, svg.png, poster.png
    expect(out.blocked).toBe(7);
  });

  it('runs no script in the frame, not even one from the app’s own origin', async () => {
    messages.length = 0;
    const probe = `<script src="${APP}/probe.js"></script>`;
    await render(probe, 'allow-scripts'); // the detector works: this frame may run scripts
    expect(messages).toEqual(['probe ran']);
    messages.length = 0;
    await render(probe);
    expect(messages).toEqual([]);
  });

  it('loads nothing from the network and runs nothing while remote content is blocked', async () => {
    remote.length = 0;
    messages.length = 0;
    parts.length = 0;
    await render((await prepareMail(HOSTILE, false)).srcdoc);
    expect(remote).toEqual([]);
    expect(messages).toEqual([]);
    expect(parts.sort()).toEqual(['/parts/42/logo%40example.org?token=tok', '/parts/42/part2?token=tok']);
  });

  it('blocks remote content by CSP even when the markup slips past the sanitiser', async () => {
    remote.length = 0;
    // What a sanitiser bug would look like: remote references left in, with remote content blocked.
    const leaky = (await prepareMail('<p>x</p>', false)).srcdoc.replace(
      '<p>x</p>',
      `<img src="${REMOTE}/leak.png"><div style="background:url(${REMOTE}/leak2.png)">y</div>`,
    );
    await render(leaky);
    expect(remote).toEqual([]);
  });

  it('loads remote images once allowed, and still runs nothing', async () => {
    remote.length = 0;
    messages.length = 0;
    const out = await prepareMail(HOSTILE, true);
    expect(out.blocked).toBe(0);
    await render(out.srcdoc);
    // The 1x srcset candidate wins over src; the div's inline background over the .hero rule's.
    expect(remote.sort()).toEqual(['/a.png', '/div.png', '/poster.png', '/svg.png']);
    expect(out.srcdoc).toContain(`.hero { background: url("${REMOTE}/bg.png") }`);
    for (const never of ['/refresh', '/sheet.css', '/import.css', '/frame', '/o', '/e', '/steal']) expect(remote).not.toContain(never);
    expect(messages).toEqual([]);
  });
});
