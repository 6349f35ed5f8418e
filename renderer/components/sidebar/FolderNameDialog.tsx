// "New folder…" and "Rename…": one field, checked as it is typed (empty, too long, or the name
// of another folder in the same place).
import { useState, type FormEvent } from 'react';
import { selectAccount, selectAccounts } from '../../store/accounts/selectors.ts';
import { useActions, useApp, useGetState } from '../../store/context.tsx';
import { messageOf } from '../../store/deps.ts';
import { nameTaken, selectFolder } from '../../store/folders/selectors.ts';
import { Modal } from '../common/Modal.tsx';

/** As shared/contract.ts's folderName. */
const MAX_NAME = 120;

export function FolderNameDialog({
  accountId,
  folderId,
  onClose,
}: {
  accountId: number | null;
  folderId: number | null;
  onClose: () => void;
}) {
  const folder = useApp(selectFolder(folderId));

  const getState = useGetState();
  const { createFolder, renameFolder, showMailbox } = useActions();
  const accounts = useApp(selectAccounts);
  const [name, setName] = useState(folder?.name ?? '');
  /** Where a new folder goes: an account, or null for the local folders. */
  const [target, setTarget] = useState<number | null>(accountId);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const renaming = folderId !== null;
  const place = folder ? folder.accountId : target;
  const account = useApp(selectAccount(place));

  const trimmed = name.trim();
  const problem =
    trimmed === ''
      ? null
      : trimmed.length > MAX_NAME
        ? `A folder name can have at most ${MAX_NAME} characters.`
        : nameTaken(getState(), place, trimmed, folderId)
          ? `There is already a folder called “${trimmed}” ${place === null ? 'among the local folders' : 'in this account'}.`
          : null;

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (trimmed === '' || problem || busy) return;
    setBusy(true);
    try {
      if (folderId !== null) await renameFolder(folderId, trimmed);
      else {
        const created = await createFolder(target, trimmed);
        showMailbox(created.accountId, created.id);
      }
      onClose();
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  }

  const where = place === null ? 'A local folder: mail of any account can be moved to it.' : `In ${account?.name ?? 'this account'}.`;
  return (
    <Modal
      title={renaming ? `Rename “${folder?.name ?? 'folder'}”` : 'New folder'}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="folder-name-form" className="button primary" disabled={trimmed === '' || problem !== null || busy}>
            {renaming ? 'Rename' : 'Create folder'}
          </button>
        </>
      }
    >
      <form id="folder-name-form" className="folder-form" onSubmit={(e) => void submit(e)}>
        {renaming ? null : (
          <div className="field">
            <label className="label" htmlFor="folder-place">
              Where
            </label>
            <select
              id="folder-place"
              value={target ?? ''}
              onChange={(e) => setTarget(e.target.value === '' ? null : Number(e.target.value))}
            >
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
              <option value="">Local folders (any account’s mail)</option>
            </select>
          </div>
        )}
        <div className="field">
          <label className="label" htmlFor="folder-name">
            Folder name
          </label>
          <input
            id="folder-name"
            type="text"
            value={name}
            autoFocus
            maxLength={MAX_NAME + 20}
            aria-invalid={problem ? true : undefined}
            aria-describedby="folder-name-hint"
            onChange={(e) => {
              setName(e.target.value);
              setError(null);
            }}
          />
          <span id="folder-name-hint" className={problem ? 'field-error' : 'muted'}>
            {problem ?? where}
          </span>
        </div>
      </form>
      {error ? <p className="notice error">{error}</p> : null}
    </Modal>
  );
}
