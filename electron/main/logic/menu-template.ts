// The application menu as plain data: roles (handled by Electron) and our own actions, with
// their keyboard shortcuts. electron/main/menu.ts turns it into a Menu. Plain Node: tested
// without Electron.
import { EMAIL_LINKS_LABEL } from './mailto.ts';

export type MenuAction = 'check-now' | 'quit' | 'show-window' | 'toggle-keep-checking' | 'toggle-email-links';

/** The label of the preference (logic/preferences.ts), the same in the tray and the application menu. */
export const KEEP_CHECKING_LABEL = 'Keep Checking When Window Is Closed';

export type MenuEntry =
  | { readonly type: 'separator' }
  | { readonly role: MenuRole; readonly label?: string }
  /** With `checked`, a checkbox item showing that state. */
  | { readonly label: string; readonly action: MenuAction; readonly accelerator?: string; readonly checked?: boolean };

export type MenuRole =
  | 'appMenu'
  | 'about'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'services'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'pasteAndMatchStyle'
  | 'delete'
  | 'selectAll'
  | 'reload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'minimize'
  | 'zoom'
  | 'close'
  | 'front';

export interface MenuSection {
  readonly label: string;
  readonly items: readonly MenuEntry[];
}

/**
 * `isMac`: macOS has the app menu and uses Cmd; elsewhere File carries Quit. `keepChecking`:
 * the current "keep checking when the window is closed" preference, shown as a checkbox.
 */
export function menuTemplate(isMac: boolean, appName: string, keepChecking = true, emailLinks = false): MenuSection[] {
  const sep = { type: 'separator' } as const;
  const sections: MenuSection[] = [];
  if (isMac) {
    sections.push({
      label: appName,
      items: [
        { role: 'about' },
        sep,
        { role: 'services' },
        sep,
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        sep,
        { label: `Quit ${appName}`, action: 'quit', accelerator: 'Cmd+Q' },
      ],
    });
  }
  sections.push({
    label: 'Mail',
    items: [
      { label: 'Check Now', action: 'check-now', accelerator: 'CmdOrCtrl+R' },
      sep,
      { label: KEEP_CHECKING_LABEL, action: 'toggle-keep-checking', checked: keepChecking },
      // Asks before registering (main.ts): becoming the system's mail app is the user's choice.
      { label: `${EMAIL_LINKS_LABEL}…`, action: 'toggle-email-links', checked: emailLinks },
      ...(isMac ? [] : [sep, { label: 'Quit', action: 'quit', accelerator: 'Ctrl+Q' } as const]),
    ],
  });
  sections.push({
    label: 'Edit',
    items: [{ role: 'undo' }, { role: 'redo' }, sep, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  });
  sections.push({
    label: 'View',
    items: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, sep, { role: 'togglefullscreen' }],
  });
  sections.push({
    label: 'Window',
    items: isMac ? [{ role: 'minimize' }, { role: 'zoom' }, sep, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
  });
  return sections;
}
