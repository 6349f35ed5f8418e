import { describe, expect, it } from 'vitest';
import { roughHtmlText } from './html-text.ts';

describe('roughHtmlText', () => {
  it('drops tags, comments, scripts and styles, and breaks lines at block ends', () => {
    const html =
      '<html><head><title>T</title><style>p{color:red}</style></head><body><!-- hidden --><p>One &amp; two</p><div>Three&nbsp;&#x263A;<br>four</div><script>alert(1)</script></body></html>';
    expect(roughHtmlText(html, 10_000)).toBe('One & two\nThree ☺\nfour');
  });

  it('reads at most maxChars of the HTML', () => {
    expect(roughHtmlText('<p>abcdef</p>', 6)).toBe('abc');
  });

  it('survives unclosed tags, comments and scripts', () => {
    expect(roughHtmlText('text <b', 100)).toBe('text');
    expect(roughHtmlText('a <!-- never closed', 100)).toBe('a');
    expect(roughHtmlText('a <script> never closed', 100)).toBe('a');
    expect(roughHtmlText('&bogus; &#0; &#xD800;', 100)).toBe('&bogus; &#0; &#xD800;');
  });

  it('stays linear on many unclosed scripts', () => {
    const html = '<script>'.repeat(100_000);
    const start = performance.now();
    expect(roughHtmlText(html, html.length)).toBe('');
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
