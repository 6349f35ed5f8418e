// The draft's attachments: added by the file picker or by dropping files on the composer,
// each with its size and a Remove button. Bytes go by 'drafts.attach', once per file.
import { useRef } from 'react';
import type { AttachmentInput, DraftAttachmentView } from '../../../shared/compose-contract.ts';
import { formatSize } from '../../format/size.ts';
import { Icon } from '../common/Icon.tsx';

/** A File as 'drafts.attach' takes it (base64 in chunks: String.fromCharCode on megabytes at once overflows the stack). */
export async function attachmentOf(file: File): Promise<AttachmentInput> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { filename: file.name || 'attachment', contentType: file.type || 'application/octet-stream', base64: btoa(binary) };
}

export function Attachments({
  items,
  onAdd,
  onRemove,
}: {
  items: readonly DraftAttachmentView[];
  onAdd: (files: File[]) => void;
  onRemove: (index: number) => void;
}) {
  const picker = useRef<HTMLInputElement>(null);
  return (
    <div className="compose-attachments">
      <input
        ref={picker}
        type="file"
        multiple
        hidden
        aria-label="Files to attach"
        onChange={(e) => {
          onAdd([...(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
      <button type="button" className="button" onClick={() => picker.current?.click()}>
        <Icon name="paperclip" /> Attach files…
      </button>
      {items.length > 0 ? (
        <ul aria-label="Attachments" className="attachment-chips">
          {items.map((a, i) => (
            <li key={`${a.filename}-${i}`} className="chip">
              <span>{a.filename}</span> <span className="size">{formatSize(a.size)}</span>
              <button type="button" aria-label={`Remove ${a.filename}`} onClick={() => onRemove(i)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <span className="hint">or drop files here</span>
      )}
    </div>
  );
}
