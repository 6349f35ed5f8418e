// Short-lived notes ("3 new messages", "Moved to Trash"), announced politely to screen readers.
// A note with an action ("Undo") stays longer, so there is time to reach its button.
import { useEffect } from 'react';
import { useActions, useApp } from '../../store/context.tsx';
import { selectToasts } from '../../store/ui/selectors.ts';
import type { Toast } from '../../store/ui/slice.ts';
import { Icon } from './Icon.tsx';

const TOAST_MS = 5_000;
/** An undo toast: long enough to notice the mistake and reach the button (Gmail's is about 8 s too). */
const ACTION_TOAST_MS = 8_000;

export function toastMs(toast: Toast): number {
  if (toast.action) return toast.action.forMs ?? ACTION_TOAST_MS;
  return toast.tone === 'error' ? TOAST_MS * 2 : TOAST_MS;
}

export function Toasts() {
  const toasts = useApp(selectToasts);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </div>
  );
}

function ToastItem({ toast }: { toast: Toast }) {
  const { dismissToast } = useActions();
  useEffect(() => {
    const timer = setTimeout(() => dismissToast(toast.id), toastMs(toast));
    return () => clearTimeout(timer);
  }, [toast, dismissToast]);
  const action = toast.action;
  return (
    <div className={`toast ${toast.tone}`}>
      <span>{toast.text}</span>
      {action ? (
        <button
          type="button"
          className="toast-action"
          onClick={() => {
            dismissToast(toast.id);
            action.run();
          }}
        >
          {action.label}
        </button>
      ) : null}
      <button type="button" className="icon-button small" aria-label="Dismiss" onClick={() => dismissToast(toast.id)}>
        <Icon name="x" size={14} />
      </button>
    </div>
  );
}
