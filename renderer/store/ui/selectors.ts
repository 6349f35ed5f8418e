import type { AppState } from '../app.ts';

export function selectRoute(s: AppState) {
  return s.route;
}

export function selectDialog(s: AppState) {
  return s.dialog;
}

export function selectToasts(s: AppState) {
  return s.toasts;
}

/** The welcome screen shows on a first run: accounts loaded, none there, nothing else asked for. */
export function selectShowWelcome(s: AppState): boolean {
  return s.accountsLoaded && s.accounts.length === 0 && s.route.name === 'mail';
}
