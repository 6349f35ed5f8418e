// An attachment shown over the window: its name and size, Download, Close (Esc), and the arrows
// (buttons and ← →) for the message's other attachments. What is previewed, and as what, is
// shared/attachment-preview.ts; the route serves each kind under its own fixed type:
//   - an image in an <img> (raster types only: an SVG is shown as its text);
//   - a PDF in Chromium's viewer, in a frame without a sandbox attribute (Chromium runs no viewer
//     inside one) whose document the response's own CSP sandboxes (serving/csp.ts PREVIEW_CSP):
//     an opaque origin, so nothing in it can script this page;
//   - text read by fetch() and put in a <pre> as text, never parsed as HTML.
// The native <dialog> gives the focus trap and Esc; focus returns to what opened it.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { MAX_TEXT_PREVIEW_BYTES, previewOf } from '../../../shared/attachment-preview.ts';
import type { MessageView } from '../../../shared/contract.ts';
import { formatSize } from '../../format/size.ts';
import { useRoutes } from '../../store/context.tsx';
import { Icon } from '../common/Icon.tsx';
import { Spinner } from '../common/Spinner.tsx';

export type AttachmentFile = MessageView['attachments'][number];

export function fileName(a: AttachmentFile): string {
  return a.filename ?? `attachment-${a.id}`;
}

export function AttachmentPreview({
  messageId,
  files,
  index,
  onIndex,
  onClose,
}: {
  messageId: number;
  files: readonly AttachmentFile[];
  index: number;
  onIndex: (index: number) => void;
  onClose: () => void;
}) {
  const routes = useRoutes();
  const ref = useRef<HTMLDialogElement>(null);
  const file = files[index];
  useLayoutEffect(() => {
    const dialog = ref.current;
    const opener =
      document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  if (!file) return null;
  const name = fileName(file);
  const many = files.length > 1;
  const go = (step: number) => onIndex((index + step + files.length) % files.length);
  return (
    <dialog
      ref={ref}
      className="preview-overlay"
      aria-labelledby="preview-title"
      onCancel={(e) => {
        e.preventDefault(); // React owns whether it is open
        onClose();
      }}
      onKeyDown={(e) => {
        if (!many || e.altKey || e.ctrlKey || e.metaKey) return;
        if (e.key === 'ArrowRight') go(1);
        else if (e.key === 'ArrowLeft') go(-1);
        else return;
        e.preventDefault();
      }}
    >
      <header className="preview-header">
        <div className="preview-title-block">
          <h2 id="preview-title" className="preview-title" title={name}>
            {name}
          </h2>
          <span className="preview-meta">
            {formatSize(file.size)} · {file.contentType.split(';', 1)[0]}
            {many ? ` · ${index + 1} of ${files.length}` : ''}
          </span>
        </div>
        {many ? (
          <>
            <button type="button" className="icon-button" aria-label="Previous attachment" title="Previous (←)" onClick={() => go(-1)}>
              <Icon name="chevronLeft" />
            </button>
            <button type="button" className="icon-button" aria-label="Next attachment" title="Next (→)" onClick={() => go(1)}>
              <Icon name="chevronRight" />
            </button>
          </>
        ) : null}
        <a className="button" href={routes.attachmentUrl(messageId, file.id)} download={name}>
          <Icon name="download" /> Download
        </a>
        <button type="button" className="icon-button" aria-label="Close preview" title="Close (Esc)" onClick={onClose}>
          <Icon name="x" />
        </button>
      </header>
      <div className="preview-body">
        <PreviewContent key={file.id} file={file} url={routes.previewUrl(messageId, file.id)} name={name} />
      </div>
    </dialog>
  );
}

function PreviewContent({ file, url, name }: { file: AttachmentFile; url: string; name: string }) {
  const preview = previewOf(file.contentType, file.filename);
  const [broken, setBroken] = useState(false);
  if (!preview) return <NoPreview reason="No preview for this type." />;
  if (preview.kind === 'image') {
    return broken ? (
      <NoPreview reason="This image could not be shown: it may be damaged, or not the type it claims." />
    ) : (
      <img className="preview-image" src={url} alt={name} onError={() => setBroken(true)} />
    );
  }
  if (preview.kind === 'pdf') return <iframe className="preview-frame" src={url} title={`PDF: ${name}`} referrerPolicy="no-referrer" />;
  if (file.size > MAX_TEXT_PREVIEW_BYTES) return <NoPreview reason={`This file is too large to preview (${formatSize(file.size)}).`} />;
  return <TextPreview url={url} note={preview.note} />;
}

function NoPreview({ reason }: { reason: string }) {
  return (
    <div className="preview-none">
      <Icon name="paperclip" size={32} />
      <p>{reason}</p>
      <p className="muted">Download it to open it with another program.</p>
    </div>
  );
}

type TextState = { readonly status: 'loading' } | { readonly status: 'ready'; readonly text: string } | { readonly status: 'error' };

function TextPreview({ url, note }: { url: string; note: string | null }) {
  const [state, setState] = useState<TextState>({ status: 'loading' });
  useEffect(() => {
    const abort = new AbortController();
    void (async () => {
      try {
        const res = await fetch(url, { signal: abort.signal, credentials: 'omit' });
        if (!res.ok) throw new Error(String(res.status));
        const bytes = await res.arrayBuffer();
        setState({ status: 'ready', text: decode(bytes, res.headers.get('Content-Type')) });
      } catch {
        if (!abort.signal.aborted) setState({ status: 'error' });
      }
    })();
    return () => abort.abort();
  }, [url]);
  if (state.status === 'loading') return <Spinner label="Reading the file" />;
  if (state.status === 'error') return <NoPreview reason="This file could not be read." />;
  return (
    <div className="preview-text-wrap">
      {note ? <p className="notice">{note}</p> : null}
      <pre className="preview-text">{state.text}</pre>
    </div>
  );
}

/** The served charset (the one the message declared, when sane), else UTF-8; an unknown label falls back to UTF-8 too. */
function decode(bytes: ArrayBuffer, contentType: string | null): string {
  const label = /charset=([^;\s]+)/i.exec(contentType ?? '')?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}
