// The app preferences file and the two decisions that read it: what closing the window does,
// and whether new mail for an account is announced.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { shouldNotify } from './notify-decision.ts';
import {
  DEFAULT_PREFERENCES,
  afterWindowClosed,
  loadPreferences,
  parsePreferences,
  preferencesFile,
  savePreferences,
} from './preferences.ts';

describe('parsePreferences', () => {
  it('keeps checking in the tray by default', () => {
    expect(DEFAULT_PREFERENCES).toEqual({ keepCheckingWhenClosed: true });
  });

  it.each([null, undefined, 'yes', 42, [], [false], {}])('falls back to the default for %j', (saved) => {
    expect(parsePreferences(saved)).toEqual(DEFAULT_PREFERENCES);
  });

  it('keeps a saved choice, refuses a value of the wrong type, and drops unknown keys', () => {
    expect(parsePreferences({ keepCheckingWhenClosed: false })).toEqual({ keepCheckingWhenClosed: false });
    expect(parsePreferences({ keepCheckingWhenClosed: true })).toEqual({ keepCheckingWhenClosed: true });
    expect(parsePreferences({ keepCheckingWhenClosed: 'false' })).toEqual(DEFAULT_PREFERENCES);
    expect(parsePreferences({ keepCheckingWhenClosed: 0 })).toEqual(DEFAULT_PREFERENCES);
    expect(parsePreferences({ keepCheckingWhenClosed: false, theme: 'dark' })).toEqual({ keepCheckingWhenClosed: false });
  });
});

describe('preferences.json', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = '';
  });

  it('is read back as saved, and a missing or broken file gives the defaults', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'poplar-prefs-'));
    expect(loadPreferences(dir)).toEqual(DEFAULT_PREFERENCES);
    savePreferences(dir, { keepCheckingWhenClosed: false });
    expect(loadPreferences(dir)).toEqual({ keepCheckingWhenClosed: false });
    expect(JSON.parse(await readFile(preferencesFile(dir), 'utf8'))).toEqual({ keepCheckingWhenClosed: false });
    savePreferences(dir, { keepCheckingWhenClosed: true });
    expect(loadPreferences(dir)).toEqual({ keepCheckingWhenClosed: true });
    await writeFile(preferencesFile(dir), '{"keepCheckingWhenClosed": fal');
    expect(loadPreferences(dir)).toEqual(DEFAULT_PREFERENCES);
    expect(loadPreferences(path.join(dir, 'missing'))).toEqual(DEFAULT_PREFERENCES);
  });

  it('leaves no temporary file behind', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'poplar-prefs-'));
    savePreferences(dir, { keepCheckingWhenClosed: false });
    expect(await readdir(dir)).toEqual(['preferences.json']);
  });

  it('a save into a folder that cannot be written throws (the app reports it and keeps the choice until it quits)', () => {
    expect(() => savePreferences(path.join(os.tmpdir(), 'poplar-no-such-folder', 'deeper'), DEFAULT_PREFERENCES)).toThrow();
  });
});

describe('afterWindowClosed', () => {
  it('stays in the tray when the user keeps checking, and quits otherwise', () => {
    expect(afterWindowClosed({ keepCheckingWhenClosed: true })).toBe('stay-in-tray');
    expect(afterWindowClosed({ keepCheckingWhenClosed: false })).toBe('quit');
    expect(afterWindowClosed(DEFAULT_PREFERENCES)).toBe('stay-in-tray');
  });
});

describe('shouldNotify', () => {
  it('follows the account switch', () => {
    expect(shouldNotify({ notify: true }, 1)).toBe(true);
    expect(shouldNotify({ notify: false }, 1)).toBe(false);
    expect(shouldNotify({ notify: false }, 40)).toBe(false);
  });

  it('announces mail for an account it cannot look up (the default is on), and never nothing', () => {
    expect(shouldNotify(undefined, 2)).toBe(true);
    expect(shouldNotify({ notify: true }, 0)).toBe(false);
    expect(shouldNotify(undefined, Number.NaN)).toBe(false);
  });
});
