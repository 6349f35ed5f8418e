import { describe, expect, it } from 'vitest';
import { editorText, type DocNode } from './editor-text.ts';

const p = (...content: DocNode[]): DocNode => ({ type: 'paragraph', content });
const t = (text: string): DocNode => ({ type: 'text', text });
const item = (...content: DocNode[]): DocNode => ({ type: 'listItem', content });
const doc = (...content: DocNode[]): DocNode => ({ type: 'doc', content });

describe('the plain text of a formatted message', () => {
  it('writes one line per paragraph and a hard break as a new line', () => {
    expect(editorText(doc(p(t('Hello Ann,')), p(), p(t('first'), { type: 'hardBreak' }, t('second'))))).toBe('Hello Ann,\n\nfirst\nsecond');
  });

  it('marks list items, numbered from the list’s start, nested ones indented', () => {
    const nested: DocNode = { type: 'bulletList', content: [item(p(t('inner')))] };
    expect(editorText(doc({ type: 'bulletList', content: [item(p(t('one'))), item(p(t('two')), nested)] }))).toBe(
      '- one\n- two\n  - inner',
    );
    expect(editorText(doc({ type: 'orderedList', attrs: { start: 9 }, content: [item(p(t('nine'))), item(p(t('ten')))] }))).toBe(
      '9. nine\n10. ten',
    );
  });

  it('quotes with "> ", a quote within a quote with ">> ", and a rule as dashes', () => {
    const inner: DocNode = { type: 'blockquote', content: [p(t('older'))] };
    expect(editorText(doc({ type: 'blockquote', content: [p(t('said')), p(), inner] }))).toBe('> said\n>\n>> older');
    expect(editorText(doc(p(t('a')), { type: 'horizontalRule' }, p(t('b'))))).toBe('a\n----\nb');
  });

  it('keeps the words of a block it does not know', () => {
    expect(editorText(doc({ type: 'callout', content: [p(t('kept'))] }))).toBe('kept');
  });
});
