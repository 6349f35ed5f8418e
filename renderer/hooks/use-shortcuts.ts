// The window's keyboard shortcuts, in one place (the "?" dialog lists the same table).
// They are ignored while the user types in a field or a dialog is open, so "u" in the
// search box is a letter, not "toggle read".
import { useEffect } from 'react';
import { useGetState } from '../store/context.tsx';

export const SHORTCUTS: ReadonlyArray<{ keys: string[]; does: string }> = [
  { keys: ['↑', '↓'], does: 'Previous / next message' },
  { keys: ['k', 'j'], does: 'Previous / next message' },
  { keys: ['Shift', '↑ / ↓'], does: 'Extend the selection' },
  { keys: ['Enter'], does: 'Open the message' },
  { keys: ['Delete'], does: 'Move to Trash (in the Trash: delete permanently)' },
  { keys: ['#'], does: 'Move to Trash' },
  { keys: ['Shift', 'Delete'], does: 'Delete permanently' },
  { keys: ['e'], does: 'Archive' },
  { keys: ['v'], does: 'Move to a folder' },
  { keys: ['s'], does: 'Flag / remove the flag' },
  { keys: ['z'], does: 'Undo the last change' },
  { keys: ['Ctrl', 'Z'], does: 'Undo the last change' },
  { keys: ['u'], does: 'Mark read / unread' },
  { keys: ['r'], does: 'Reply' },
  { keys: ['a'], does: 'Reply all' },
  { keys: ['f'], does: 'Forward' },
  { keys: ['n'], does: 'New message' },
  { keys: ['c'], does: 'Check for mail now' },
  { keys: ['F5'], does: 'Check for mail now' },
  { keys: ['/'], does: 'Search' },
  { keys: ['Ctrl', 'A'], does: 'Select all loaded messages' },
  { keys: ['?'], does: 'Show these shortcuts' },
  { keys: ['Esc'], does: 'Close a dialog, clear the search or the selection' },
  { keys: ['Shift', 'F10'], does: 'Actions for the selected messages' },
];

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.closest('input, textarea, select, dialog') !== null;
}

export function useShortcuts(): void {
  const getState = useGetState();
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent): void {
      if (event.defaultPrevented || event.altKey) return;
      const s = getState();
      const mod = event.ctrlKey || event.metaKey;
      if (event.key === 'F5' && !mod) {
        // F5 would reload the page in browser mode; here it means "check now", as in desktop mail clients.
        event.preventDefault();
        void checkCurrent();
        return;
      }
      if (isTyping(event.target)) return;
      const onList = s.route.name === 'mail';
      const handled = ((): boolean => {
        if (mod) {
          if (event.key.toLowerCase() === 'a' && onList) {
            s.selectAll();
            return true;
          }
          if (event.key.toLowerCase() === 'z' && onList && !event.shiftKey) {
            void s.undoLast();
            return true;
          }
          return false;
        }
        switch (event.key) {
          case 'ArrowDown':
          case 'j':
            if (!onList || (event.key === 'ArrowDown' && !inList(event.target))) return false;
            s.moveCursor(1, event.shiftKey);
            return true;
          case 'ArrowUp':
          case 'k':
            if (!onList || (event.key === 'ArrowUp' && !inList(event.target))) return false;
            s.moveCursor(-1, event.shiftKey);
            return true;
          case 'J':
          case 'K':
            if (!onList) return false;
            s.moveCursor(event.key === 'J' ? 1 : -1, true);
            return true;
          case 'Enter': {
            if (!onList || !inList(event.target)) return false;
            const id = s.cursor?.id;
            if (id === undefined || id === null) return false;
            if (s.reader.id !== id || s.selectedIds.length !== 1) s.selectRow(s.cursor?.index ?? 0, 'only');
            document.getElementById('reading-pane')?.focus();
            return true;
          }
          case 'Delete':
            if (!onList) return false;
            if (event.shiftKey) s.askDeletePermanently(s.selectedIds);
            else void s.deleteMessages(s.selectedIds);
            return true;
          case '#':
            if (!onList) return false;
            void s.deleteMessages(s.selectedIds);
            return true;
          case 'e':
            if (!onList || s.view.folder === 'archive') return false;
            void s.archiveMessages(s.selectedIds);
            return true;
          case 'v':
            if (!onList) return false;
            s.askMoveTo(s.selectedIds);
            return true;
          case 's':
            if (!onList) return false;
            void s.toggleFlag(s.selectedIds);
            return true;
          case 'z':
            if (!onList) return false;
            void s.undoLast();
            return true;
          case 'u':
            if (!onList) return false;
            void s.toggleReadSelected();
            return true;
          case 'r':
          case 'a':
          case 'f': {
            const id = onList ? s.answerTarget() : null;
            if (id === null) return false;
            if (event.key === 'f') void s.forward(id, 'inline');
            else void s.reply(id, event.key === 'a');
            return true;
          }
          case 'n':
            if (s.route.name === 'compose') return false;
            void s.newMessageHere();
            return true;
          case 'c':
            void checkCurrent();
            return true;
          case '/':
            document.getElementById('search')?.focus();
            return true;
          case '?':
            s.openDialog({ kind: 'shortcuts' });
            return true;
          case 'Escape':
            // A multiple selection is let go (defect 10); a single open message stays open.
            if (!onList || s.selectedIds.length < 2) return false;
            s.clearSelection();
            return true;
          default:
            return false;
        }
      })();
      if (handled) event.preventDefault();
    }

    async function checkCurrent(): Promise<void> {
      const s = getState();
      const route = s.route;
      const accountId = 'accountId' in route ? route.accountId : s.view.accountId;
      if (accountId === null) await s.checkAll();
      else await s.checkNow(accountId);
    }

    /** Arrow keys scroll whatever has focus; they move the cursor only from the list or the page itself. */
    function inList(target: EventTarget | null): boolean {
      return !(target instanceof HTMLElement) || target === document.body || target.closest('[role="listbox"]') !== null;
    }

    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [getState]);
}
