// Attachments as chips: the name opens the preview (AttachmentPreview.tsx), the arrow saves the
// file (the download route streams it to disk), and "Save all" downloads every file as one .zip.
// Inline parts that the HTML shows are not listed: they are part of the body, not files (the
// archive route leaves out the same ones, engine/attachments.ts messageFiles).
import { useState } from 'react';
import type { MessageView } from '../../../shared/contract.ts';
import { formatSize } from '../../format/size.ts';
import { useRoutes } from '../../store/context.tsx';
import { Icon } from '../common/Icon.tsx';
import { AttachmentPreview, fileName } from './AttachmentPreview.tsx';

export function AttachmentList({ message }: { message: MessageView }) {
  const routes = useRoutes();
  const [previewing, setPreviewing] = useState<number | null>(null);
  const files = message.attachments.filter((a) => !(a.inline && a.contentId && message.html));
  if (files.length === 0) return null;
  const total = files.reduce((sum, a) => sum + a.size, 0);
  return (
    <section className="attachments" aria-label={`${files.length} attachment${files.length === 1 ? '' : 's'}`}>
      {files.map((a, i) => {
        const name = fileName(a);
        return (
          <div className="attachment" key={a.id}>
            <Icon name={a.contentType.startsWith('image/') ? 'image' : 'paperclip'} className="attachment-icon" />
            <button
              type="button"
              className="attachment-text"
              aria-label={`Preview ${name}`}
              title={`Preview ${name}`}
              onClick={() => setPreviewing(i)}
            >
              <span className="attachment-name">{name}</span>
              <span className="attachment-meta">
                {formatSize(a.size)} · {a.contentType}
              </span>
            </button>
            <a
              className="icon-button"
              href={routes.attachmentUrl(message.id, a.id)}
              download={name}
              aria-label={`Save ${name}`}
              title="Save"
            >
              <Icon name="download" />
            </a>
          </div>
        );
      })}
      {files.length > 1 ? (
        <a className="button save-all" href={routes.archiveUrl(message.id)} download title={`All ${files.length} files as one .zip`}>
          <Icon name="download" /> Save all ({formatSize(total)})
        </a>
      ) : null}
      {previewing !== null ? (
        <AttachmentPreview
          messageId={message.id}
          files={files}
          index={previewing}
          onIndex={setPreviewing}
          onClose={() => setPreviewing(null)}
        />
      ) : null}
    </section>
  );
}
