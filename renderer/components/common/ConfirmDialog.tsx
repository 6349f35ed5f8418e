// A question before something that cannot be undone (delete permanently, empty the Trash) or
// that moves many messages (remove a folder). Cancel has the focus: Enter does not destroy.
import { useState } from 'react';
import type { Confirm } from '../../store/ui/slice.ts';
import { Modal } from './Modal.tsx';

export function ConfirmDialog({ confirm, onClose }: { confirm: Confirm; onClose: () => void }) {
  const [busy, setBusy] = useState(false);
  const [remember, setRemember] = useState(true);
  return (
    <Modal
      title={confirm.title}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose} autoFocus>
            Cancel
          </button>
          <button
            type="button"
            className={confirm.danger ? 'button danger' : 'button primary'}
            disabled={busy}
            onClick={() => {
              setBusy(true);
              void confirm.run(remember).finally(onClose);
            }}
          >
            {confirm.confirmLabel}
          </button>
        </>
      }
    >
      {confirm.body.map((line) => (
        <p key={line}>{line}</p>
      ))}
      {confirm.remember !== undefined && (
        <label className="checkbox">
          <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} /> {confirm.remember}
        </label>
      )}
    </Modal>
  );
}
