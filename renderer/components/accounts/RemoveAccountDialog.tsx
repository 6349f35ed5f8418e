import { useState } from 'react';
import { selectAccount } from '../../store/accounts/selectors.ts';
import { useActions, useApp } from '../../store/context.tsx';
import { messageOf } from '../../store/deps.ts';
import { Modal } from '../common/Modal.tsx';

export function RemoveAccountDialog({ accountId, onClose }: { accountId: number; onClose: () => void }) {
  const account = useApp(selectAccount(accountId));
  const { removeAccount } = useActions();
  const [error, setError] = useState<string | null>(null);
  if (!account) return null;
  return (
    <Modal
      title={`Remove ${account.name}?`}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose} autoFocus>
            Cancel
          </button>
          <button
            type="button"
            className="button danger"
            onClick={() => void removeAccount(accountId).then(onClose, (e: unknown) => setError(messageOf(e)))}
          >
            Remove account
          </button>
        </>
      }
    >
      <p>The account and the mail Poplar downloaded for it are removed from this computer. Mail on the server is not touched.</p>
      {error ? <p className="notice error">{error}</p> : null}
    </Modal>
  );
}
