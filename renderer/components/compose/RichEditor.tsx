// The formatted-text body (TipTap over ProseMirror): it gives the draft both parts, the HTML
// and a plain rendering of it with the marks plain-text mail uses for lists and quotes
// (editor-text.ts; text/plain beside text/html, RFC 2046 §5.1.4).
// TipTap's injected <style> is allowed by the CSP's style-src 'unsafe-inline' (electron/serving/csp.ts).
import { EditorContent, useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useEffect, useRef } from 'react';
import { editorText } from './editor-text.ts';

/** A plain-text body as paragraphs, for a draft that has no HTML yet (a reply quotes in text). */
export function textToHtml(text: string): string {
  const escape = (line: string) => line.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return text
    .split('\n')
    .map((line) => `<p>${escape(line)}</p>`)
    .join('');
}

export function RichEditor({
  html,
  text,
  labelledBy,
  onChange,
}: {
  /** The body when the composer opened; later edits come from the editor itself. */
  html: string | null;
  text: string;
  labelledBy: string;
  onChange: (body: { html: string; text: string }) => void;
}) {
  const changed = useRef(onChange);
  useEffect(() => {
    changed.current = onChange;
  }, [onChange]);
  const editor = useEditor({
    extensions: [StarterKit.configure({ link: { openOnClick: false } })],
    content: html ?? textToHtml(text),
    editorProps: {
      attributes: { class: 'compose-body', role: 'textbox', 'aria-multiline': 'true', 'aria-labelledby': labelledBy },
    },
    onUpdate: ({ editor: e }) => changed.current({ html: e.getHTML(), text: editorText(e.getJSON()) }),
  });

  const act = (name: string, run: () => void, active: boolean) => (
    <button
      type="button"
      className={active ? 'format-button active' : 'format-button'}
      aria-pressed={active}
      // A click keeps the focus (and the selection) in the text: otherwise the button holds it
      // until the editor's own focus() lands a frame later, and what is typed at once is lost,
      // or taken as a window shortcut. The keyboard reaches the buttons by Tab as before.
      onMouseDown={(e) => e.preventDefault()}
      onClick={run}
    >
      {name}
    </button>
  );

  return (
    <div className="compose-editor">
      {editor ? (
        <div className="compose-format" role="toolbar" aria-label="Formatting">
          {act('Bold', () => editor.chain().focus().toggleBold().run(), editor.isActive('bold'))}
          {act('Italic', () => editor.chain().focus().toggleItalic().run(), editor.isActive('italic'))}
          {act('List', () => editor.chain().focus().toggleBulletList().run(), editor.isActive('bulletList'))}
          {act('Numbered', () => editor.chain().focus().toggleOrderedList().run(), editor.isActive('orderedList'))}
          {act('Quote', () => editor.chain().focus().toggleBlockquote().run(), editor.isActive('blockquote'))}
        </div>
      ) : null}
      <EditorContent editor={editor} />
    </div>
  );
}
