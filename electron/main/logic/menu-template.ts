// The application menu as plain data: roles (handled by Electron) and our own actions, with
// their keyboard shortcuts. electron/main/menu.ts turns it into a Menu. Plain Node: tested
// without Electron.

export type MenuAction = 'check-now' | 'quit' | 'show-window';

export type MenuEntry =
  | { readonly type: 'separator' }
  | { readonly role: MenuRole; readonly label?: string }
  | { readonly label: string; readonly action: MenuAction; readonly accelerator?: string };

export type MenuRole =
  | 'appMenu' | 'about' | 'hide' | 'hideOthers' | 'unhide' | 'services'
  | 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'pasteAndMatchStyle' | 'delete' | 'selectAll'
  | 'reload' | 'toggleDevTools' | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'togglefullscreen'
  | 'minimize' | 'zoom' | 'close' | 'front';

export interface MenuSection {
  readonly label: string;
  readonly items: readonly MenuEntry[];
}

/** `isMac`: macOS has the app menu and uses Cmd; elsewhere File carries Quit. */
export function menuTemplate(isMac: boolean, appName: string): MenuSection[] {
  const sep = { type: 'separator' } as const;
  const sections: MenuSection[] = [];
  if (isMac) {
    sections.push({ label: appName, items: [{ role: 'about' }, sep, { role: 'services' }, sep, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, sep, { label: `Quit ${appName}`, action: 'quit', accelerator: 'Cmd+Q' }] });
  }
  sections.push({
    label: 'Mail',
    items: [
      { label: 'Check Now', action: 'check-now', accelerator: 'CmdOrCtrl+R' },
      ...(isMac ? [] : [sep, { label: 'Quit', action: 'quit', accelerator: 'Ctrl+Q' } as const]),
    ],
  });
  sections.push({ label: 'Edit', items: [{ role: 'undo' }, { role: 'redo' }, sep, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] });
  sections.push({ label: 'View', items: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, sep, { role: 'togglefullscreen' }] });
  sections.push({ label: 'Window', items: isMac ? [{ role: 'minimize' }, { role: 'zoom' }, sep, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }] });
  return sections;
}
