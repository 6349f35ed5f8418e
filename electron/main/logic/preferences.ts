// The app's own preferences (not an account's), kept in <userData>/preferences.json: for now
// whether Poplar keeps checking in the tray after its window is closed. Whatever is saved is
// validated; a missing, unreadable or malformed file, or a wrong value, falls back to the
// default. Plain Node: tested without Electron.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Preferences {
  /** Closing the window hides Poplar in the tray (it keeps checking) rather than quitting it. */
  readonly keepCheckingWhenClosed: boolean;
}

/**
 * On every platform Poplar keeps running in the tray: on Windows and Linux that is what a mail
 * client in the notification area does, and on macOS an app usually stays running (in the
 * dock and the menu bar) after its last window closes.
 */
export const DEFAULT_PREFERENCES: Preferences = { keepCheckingWhenClosed: true };

export const PREFERENCES_FILE = 'preferences.json';

/** The preferences to use, from whatever was saved (possibly nothing, or garbage). Unknown keys are dropped. */
export function parsePreferences(saved: unknown): Preferences {
  if (typeof saved !== 'object' || saved === null || Array.isArray(saved)) return DEFAULT_PREFERENCES;
  const s = saved as Record<string, unknown>;
  return {
    keepCheckingWhenClosed:
      typeof s.keepCheckingWhenClosed === 'boolean' ? s.keepCheckingWhenClosed : DEFAULT_PREFERENCES.keepCheckingWhenClosed,
  };
}

export function preferencesFile(userData: string): string {
  return path.join(userData, PREFERENCES_FILE);
}

/** The saved preferences, or the defaults when there are none (or they cannot be read). */
export function loadPreferences(userData: string): Preferences {
  let text: string;
  try {
    text = readFileSync(preferencesFile(userData), 'utf8');
  } catch {
    return DEFAULT_PREFERENCES;
  }
  try {
    return parsePreferences(JSON.parse(text));
  } catch {
    return DEFAULT_PREFERENCES;
  }
}

/** Saves the preferences (whole file replaced, so a crash never leaves half of it). */
export function savePreferences(userData: string, preferences: Preferences): void {
  const file = preferencesFile(userData);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(parsePreferences(preferences), null, 2)}\n`);
  renameSync(temp, file);
}

/** What happens when the last window closes: stay in the tray and keep checking, or quit. */
export function afterWindowClosed(preferences: Preferences): 'stay-in-tray' | 'quit' {
  return preferences.keepCheckingWhenClosed ? 'stay-in-tray' : 'quit';
}
