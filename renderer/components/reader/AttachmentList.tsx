// Attachments as chips with a save link (the download route streams the file to disk).
// Inline parts that the HTML shows are not listed: they are part of the body, not files.
import type { MessageView } from '../../../shared/contract.ts';
import { formatSize } from '../../format/size.ts';
import { useRoutes } from '../../store/context.tsx';
import { Icon } from '../common/Icon.tsx';

export function AttachmentList({ message }: { message: MessageView }) {
  const routes = useRoutes();
  const files = message.attachments.filter((a) => !(a.inline && a.contentId && message.html));
  if (files.length === 0) return null;
  return (
    <section className="attachments" aria-label={`${files.length} attachment${files.length === 1 ? '' : 's'}`}>
      {files.map((a) => {
        const name = a.filename ?? `attachment-${a.id}`;
        return (
          <div className="attachment" key={a.id}>
            <Icon name={a.contentType.startsWith('image/') ? 'image' : 'paperclip'} className="attachment-icon" />
            <span className="attachment-text">
              <span className="attachment-name" title={name}>
                {name}
              </span>
              <span className="attachment-meta">
                {formatSize(a.size)} · {a.contentType}
              </span>
            </span>
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
    </section>
  );
}
