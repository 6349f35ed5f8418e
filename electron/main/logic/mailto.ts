// mailto: links from other programs (RFC 6068), once the user has made Poplar the system's mail
// app (the Mail menu asks first; nothing registers by itself). They arrive as a command-line
// argument on Windows and Linux (a second instance's argv, or the first start's) and as
// 'open-url' on macOS; each opens the composer with a draft made by 'compose.mailto'.
// Plain Node: tested without Electron.

/** The longest mailto: URL taken, the same bound as the 'compose.mailto' channel's. */
export const MAILTO_MAX = 8000;

/** The menu item's label; checked while Poplar is the handler. */
export const EMAIL_LINKS_LABEL = 'Use Poplar for Email Links';

/** The mailto: URL among a process's arguments (the last one, as the system appends it), or null. */
export function mailtoInArgs(argv: readonly string[]): string | null {
  for (let i = argv.length - 1; i >= 0; i--) {
    const arg = argv[i] ?? '';
    if (/^mailto:/i.test(arg)) return acceptMailto(arg);
  }
  return null;
}

/** The URL when it is a mailto: URL Poplar takes: parseable, and no longer than MAILTO_MAX. */
export function acceptMailto(url: string): string | null {
  if (url.length > MAILTO_MAX || !/^mailto:/i.test(url)) return null;
  try {
    new URL(url);
  } catch {
    return null;
  }
  return url;
}

/**
 * The account a link from outside writes from: the first one with an outgoing server (a draft
 * from it can be sent), else the first one (the draft waits for one); null without accounts.
 */
export function accountForMailto(accounts: readonly { readonly id: number; readonly smtp?: unknown }[]): number | null {
  const withSmtp = accounts.find((a) => a.smtp !== undefined && a.smtp !== null);
  return (withSmtp ?? accounts[0])?.id ?? null;
}
