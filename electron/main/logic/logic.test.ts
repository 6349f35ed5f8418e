// The Electron shell's decisions, under plain Node: which links leave the app, where the
// window reopens, what a new-mail notification says, the menu's shortcuts, and what the app's
// own protocol serves.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_URL, appRequest } from './app-protocol.ts';
import { externalUrl } from './external-url.ts';
import { KEEP_CHECKING_LABEL, menuTemplate, type MenuEntry } from './menu-template.ts';
import { newMailNotification } from './notification-text.ts';
import { DEFAULT_STATE, MIN_HEIGHT, MIN_WIDTH, restoreWindowState } from './window-state.ts';

describe('externalUrl: the scheme check before shell.openExternal', () => {
  it.each([
    ['https://example.org/a?b=c', 'https://example.org/a?b=c'],
    ['http://example.org', 'http://example.org/'],
    ['mailto:ann@example.org', 'mailto:ann@example.org'],
  ])('opens %s', (text, href) => {
    expect(externalUrl(text)).toBe(href);
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>1</script>',
    'poplar://mail/index.html',
    'smb://server/share',
    'ms-msdt:/id',
    'https://bank.example@evil.example/',
    'not a url',
    '',
    `https://example.org/${'a'.repeat(9000)}`,
  ])('refuses %s', (text) => {
    expect(externalUrl(text)).toBeNull();
  });
});

describe('restoreWindowState', () => {
  const laptop = { x: 0, y: 0, width: 1440, height: 900 };
  const monitor = { x: 1440, y: 0, width: 2560, height: 1440 };

  it('nothing saved, or garbage, is the default size placed by the system', () => {
    expect(restoreWindowState(null, [laptop])).toEqual(DEFAULT_STATE);
    expect(restoreWindowState('{', [laptop])).toEqual(DEFAULT_STATE);
    expect(restoreWindowState({ width: 'big', height: 3 }, [laptop])).toEqual(DEFAULT_STATE);
  });

  it('a position on a display that still exists is kept', () => {
    expect(restoreWindowState({ x: 1600, y: 100, width: 1200, height: 800, maximized: true }, [laptop, monitor])).toEqual({
      x: 1600,
      y: 100,
      width: 1200,
      height: 800,
      maximized: true,
    });
  });

  it('a position on a display that is gone is dropped, and the size fits the largest display', () => {
    expect(restoreWindowState({ x: 1600, y: 100, width: 2400, height: 1300, maximized: false }, [laptop])).toEqual({
      width: 1440,
      height: 900,
      maximized: false,
    });
  });

  it('a window hanging off its display is pulled back onto it, and never below the minimum size', () => {
    expect(restoreWindowState({ x: 1000, y: 600, width: 800, height: 500 }, [laptop])).toEqual({
      x: 640,
      y: 400,
      width: 800,
      height: 500,
      maximized: false,
    });
    expect(restoreWindowState({ x: 10, y: 10, width: 50, height: 40 }, [laptop])).toMatchObject({ width: MIN_WIDTH, height: MIN_HEIGHT });
  });
});

describe('newMailNotification', () => {
  const m = (fromName: string, subject: string, fromAddress = 'x@example.org') => ({ fromName, fromAddress, subject });

  it('one message: sender and subject', () => {
    expect(newMailNotification('Home', 1, [m('Ann', 'Lunch?')])).toEqual({ title: 'Ann', body: 'Lunch?' });
    expect(newMailNotification('Home', 1, [m('', '', 'bob@example.org')])).toEqual({ title: 'bob@example.org', body: '(no subject)' });
  });

  it('up to three: each listed', () => {
    expect(newMailNotification('Home', 3, [m('Ann', 'A'), m('Bob', 'B'), m('Cy', 'C')])).toEqual({
      title: '3 new messages in Home',
      body: 'Ann: A\nBob: B\nCy: C',
    });
  });

  it('more than three: grouped into a count with the senders', () => {
    const items = [m('Ann', 'A'), m('Bob', 'B'), m('Ann', 'C'), m('Cy', 'D'), m('Dee', 'E')];
    expect(newMailNotification('Home', 12, items)).toEqual({ title: '12 new messages in Home', body: 'From Ann, Bob, Cy and others' });
    expect(newMailNotification('Home', 4, [])).toEqual({ title: '4 new messages in Home', body: '4 new messages' });
  });
});

describe('menuTemplate', () => {
  const actions = (isMac: boolean) =>
    menuTemplate(isMac, 'Poplar')
      .flatMap((s) => s.items)
      .filter((e): e is Extract<MenuEntry, { action: string }> => 'action' in e);

  it('Check now is Ctrl/Cmd+R and Quit has its shortcut on every platform', () => {
    for (const isMac of [true, false]) {
      expect(actions(isMac).find((a) => a.action === 'check-now')?.accelerator).toBe('CmdOrCtrl+R');
      expect(actions(isMac).find((a) => a.action === 'quit')?.accelerator).toBe(isMac ? 'Cmd+Q' : 'Ctrl+Q');
    }
  });

  it('has the standard edit menu (copy and paste work in text fields) and no developer tools', () => {
    const edit = menuTemplate(false, 'Poplar').find((s) => s.label === 'Edit');
    expect(edit?.items.flatMap((e) => ('role' in e ? [e.role] : []))).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);
    const roles = menuTemplate(true, 'Poplar')
      .flatMap((s) => s.items)
      .flatMap((e) => ('role' in e ? [e.role] : []));
    expect(roles).not.toContain('toggleDevTools');
    expect(roles).not.toContain('reload');
  });

  it('shows "Keep Checking When Window Is Closed" as a checkbox with the current preference', () => {
    for (const isMac of [true, false]) {
      for (const on of [true, false]) {
        const entries = menuTemplate(isMac, 'Poplar', on)
          .flatMap((s) => s.items)
          .filter((e): e is Extract<MenuEntry, { action: string }> => 'action' in e && e.action === 'toggle-keep-checking');
        expect(entries).toEqual([{ label: KEEP_CHECKING_LABEL, action: 'toggle-keep-checking', checked: on }]);
      }
    }
    expect(KEEP_CHECKING_LABEL).toBe('Keep Checking When Window Is Closed');
  });

  it('offers "Use Poplar for Email Links…" as a checkbox that shows whether Poplar is the handler', () => {
    for (const on of [true, false]) {
      const entries = menuTemplate(false, 'Poplar', true, on)
        .flatMap((s) => s.items)
        .filter((e): e is Extract<MenuEntry, { action: string }> => 'action' in e && e.action === 'toggle-email-links');
      expect(entries).toEqual([{ label: 'Use Poplar for Email Links…', action: 'toggle-email-links', checked: on }]);
    }
  });

  it('no two entries share a shortcut', () => {
    const keys = actions(false).flatMap((a) => (a.accelerator ? [a.accelerator] : []));
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('appRequest: the poplar://mail protocol', () => {
  const dir = path.resolve('/app/dist/renderer');

  it('serves the renderer from the same origin as the mail parts', () => {
    expect(appRequest(APP_URL, dir)).toEqual({ kind: 'file', file: path.join(dir, 'index.html'), contentType: 'text/html; charset=utf-8' });
    expect(appRequest('poplar://mail/', dir)).toMatchObject({ kind: 'file', file: path.join(dir, 'index.html') });
    // A composer window (shared/composer-window.ts) is the same page; the query is the renderer's.
    expect(appRequest('poplar://mail/index.html?composer=5', dir)).toMatchObject({ kind: 'file', file: path.join(dir, 'index.html') });
    expect(appRequest('poplar://mail/assets/index-abc.js', dir)).toMatchObject({
      kind: 'file',
      contentType: 'text/javascript; charset=utf-8',
    });
  });

  it('routes attachments and inline parts like the browser host', () => {
    expect(appRequest('poplar://mail/attachments/7/3', dir)).toEqual({
      kind: 'mail',
      route: { kind: 'attachment', messageId: 7, attachmentId: 3 },
    });
    expect(appRequest('poplar://mail/parts/7/logo%40example.org', dir)).toEqual({
      kind: 'mail',
      route: { kind: 'part', messageId: 7, contentId: 'logo@example.org' },
    });
    expect(appRequest('poplar://mail/attachments/7/x', dir)).toEqual({ kind: 'refuse', status: 400 });
  });

  it('never leaves the renderer folder, and serves no other host or unknown file type', () => {
    expect(appRequest('poplar://mail/..%2F..%2Fpackage.json', dir)).toEqual({ kind: 'refuse', status: 404 });
    expect(appRequest('poplar://mail/%2e%2e/%2e%2e/electron/main.cjs', dir)).toEqual({ kind: 'refuse', status: 404 });
    expect(appRequest('poplar://other/index.html', dir)).toEqual({ kind: 'refuse', status: 404 });
    expect(appRequest('poplar://mail/secrets/1.bin', dir)).toEqual({ kind: 'refuse', status: 404 });
    expect(appRequest('file:///etc/passwd', dir)).toEqual({ kind: 'refuse', status: 404 });
  });
});
