// The Content-Security-Policy of the mail frame: the first element of its document, so it
// governs everything the mail's markup asks for. The sanitiser already removed what it
// could; this is the backstop for whatever it missed (escaped CSS, new HTML features).

export interface FrameCspOptions {
  /** Where inline parts load from (MailRoutes.partsSource). */
  readonly partsSource: string;
  readonly remoteAllowed: boolean;
}

export function frameCsp({ partsSource, remoteAllowed }: FrameCspOptions): string {
  const images = ['data:', 'cid:', partsSource, ...(remoteAllowed ? ['https:', 'http:'] : [])];
  return [`default-src 'none'`, `img-src ${images.join(' ')}`, `style-src 'unsafe-inline'`].join('; ');
}
