import { describe, expect, it } from 'vitest';
import { frameCsp } from './csp.ts';
import { classifyResource, rewriteCssUrls, rewriteSrcset, safeLinkTarget } from './urls.ts';

describe('resources a message asks for', () => {
  it('classifies inline parts, embedded images, remote URLs and everything else', () => {
    expect(classifyResource('cid:logo%40example.org')).toEqual({ kind: 'part', contentId: 'logo@example.org' });
    expect(classifyResource(' CID:<a@b> ')).toEqual({ kind: 'part', contentId: 'a@b' });
    expect(classifyResource('data:image/png;base64,AAAA')).toEqual({ kind: 'embedded', url: 'data:image/png;base64,AAAA' });
    expect(classifyResource('data:text/html,<script>')).toEqual({ kind: 'drop' });
    expect(classifyResource('https://t.example/p.gif')).toEqual({ kind: 'remote', url: 'https://t.example/p.gif' });
    expect(classifyResource('HTTP://t.example/p.gif')).toEqual({ kind: 'remote', url: 'HTTP://t.example/p.gif' });
    expect(classifyResource('//t.example/p.gif')).toEqual({ kind: 'remote', url: 'https://t.example/p.gif' });
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', '/attachments/1/2', 'x.png', 'cid:', 'blob:http://x/y']) {
      expect(classifyResource(bad), bad).toEqual({ kind: 'drop' });
    }
  });

  it('rewrites url() in CSS and removes @import', () => {
    const seen: string[] = [];
    const out = rewriteCssUrls(
      `@import url("https://x/a.css"); @import 'https://x/b.css';
      body { background: url( "https://x/bg.png" ) no-repeat; }
      .a { background-image: url(cid:part1), url('data:image/gif;base64,R0') }`,
      (url) => {
        seen.push(url);
        return url.startsWith('https:') ? null : url === 'cid:part1' ? '/parts/1/part1' : url;
      },
    );
    expect(seen).toEqual(['https://x/a.css', 'https://x/b.css', 'https://x/bg.png', 'cid:part1', 'data:image/gif;base64,R0']);
    expect(out).not.toContain('@import');
    expect(out).toContain('background: none no-repeat');
    expect(out).toContain('url("/parts/1/part1"), url("data:image/gif;base64,R0")');
  });

  it('rewrites srcset candidates one by one', () => {
    expect(rewriteSrcset('https://x/a.png 1x, cid:b 2x', (url) => (url.startsWith('cid:') ? '/parts/b' : null))).toBe('/parts/b 2x');
    expect(rewriteSrcset('https://x/a.png 1x', () => null)).toBe('');
  });
});

describe('links the user may open', () => {
  it('allows http, https and mailto only, in normalised form', () => {
    expect(safeLinkTarget('https://Example.org/a b')).toBe('https://example.org/a%20b');
    expect(safeLinkTarget('mailto:ann@example.org')).toBe('mailto:ann@example.org');
    expect(safeLinkTarget('https://аpple.com/')).toBe('https://xn--pple-43d.com/');
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'relative/path', 'ftp://x/'])
      expect(safeLinkTarget(bad), bad).toBeNull();
  });
});

describe('the frame’s CSP', () => {
  it('admits inline parts and embedded images, and the network only when allowed', () => {
    expect(frameCsp({ partsSource: 'http://127.0.0.1:8025/parts/', remoteAllowed: false })).toBe(
      "default-src 'none'; img-src data: cid: http://127.0.0.1:8025/parts/; style-src 'unsafe-inline'",
    );
    expect(frameCsp({ partsSource: 'http://127.0.0.1:8025/parts/', remoteAllowed: true })).toContain(
      'img-src data: cid: http://127.0.0.1:8025/parts/ https: http:;',
    );
  });
});
