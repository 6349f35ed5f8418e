// Short-lived notes ("3 new messages", "Moved to Trash"), announced politely to screen readers.
import { useEffect } from 'react';
import { useActions, useApp } from '../../store/context.tsx';
import { selectToasts } from '../../store/ui/selectors.ts';
import type { Toast } from '../../store/ui/slice.ts';
import { Icon } from './Icon.tsx';

const TOAST_MS = 5_000;

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
    const timer = setTimeout(() => dismissToast(toast.id), toast.tone === 'error' ? TOAST_MS * 2 : TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast, dismissToast]);
  return (
    <div className={`toast ${toast.tone}`}>
      <span>{toast.text}</span>
      <button type="button" className="icon-button small" aria-label="Dismiss" onClick={() => dismissToast(toast.id)}>
        <Icon name="x" size={14} />
      </button>
    </div>
  );
}
