// Whether new mail for an account gets a desktop notification. Plain Node: tested without Electron.

/**
 * `account`: the account the mail arrived for, as the engine lists it (undefined when the list
 * could not be read or the account is gone). Its own switch decides; without one to read, the
 * default (on) holds, so a failed lookup never silently swallows new mail.
 */
export function shouldNotify(account: { readonly notify: boolean } | undefined, count: number): boolean {
  if (!(count > 0)) return false;
  return account?.notify ?? true;
}
