// The application menu (logic/menu-template.ts) with our actions bound.
import { Menu, type MenuItemConstructorOptions } from 'electron';
import { menuTemplate, type MenuAction, type MenuEntry } from './logic/menu-template.ts';

export function installMenu(
  isMac: boolean,
  appName: string,
  state: { readonly keepChecking: boolean; readonly emailLinks: boolean },
  act: (action: MenuAction) => void,
): void {
  const item = (entry: MenuEntry): MenuItemConstructorOptions => {
    if ('type' in entry) return { type: 'separator' };
    if ('role' in entry) return entry.label === undefined ? { role: entry.role } : { role: entry.role, label: entry.label };
    return {
      label: entry.label,
      ...(entry.accelerator ? { accelerator: entry.accelerator } : {}),
      ...(entry.checked !== undefined ? { type: 'checkbox' as const, checked: entry.checked } : {}),
      click: () => act(entry.action),
    };
  };
  const template: MenuItemConstructorOptions[] = menuTemplate(isMac, appName, state.keepChecking, state.emailLinks).map((section) => ({
    label: section.label,
    submenu: section.items.map(item),
  }));
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
