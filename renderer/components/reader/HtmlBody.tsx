// HTML mail in a frame that can do nothing but show it: sandbox="" with no allowances (no
// scripts, forms, popups, top navigation, or access to this page), and a document whose
// first element is its CSP (mail/sanitize.ts). The frame cannot size itself to its content
// without script, so it fills the space under the header and scrolls on its own.
import { useMemo } from 'react';
import type { MessageView } from '../../../shared/contract.ts';
import { prepareHtml } from '../../mail/sanitize.ts';
import { useApp, useRoutes } from '../../store/context.tsx';
import { selectOpenMessage, selectRemoteAllowed } from '../../store/reader/selectors.ts';
import { LinkList } from './LinkList.tsx';
import { RemoteContentBar } from './RemoteContentBar.tsx';

/**
 * `remoteAllowed` is given by the conversation stack, which shows messages other than the open
 * one: it offers the remote-content bar (whose buttons act on the open message) only for that one.
 */
export function HtmlBody({ message, html, remoteAllowed: given }: { message: MessageView; html: string; remoteAllowed?: boolean }) {
  const routes = useRoutes();
  const openAllowed = useApp(selectRemoteAllowed);
  const openId = useApp(selectOpenMessage)?.id;
  const remoteAllowed = given ?? openAllowed;
  const offerRemote = given === undefined || openId === message.id;
  const prepared = useMemo(
    () => prepareHtml(html, { messageId: message.id, routes, remoteAllowed }),
    [html, message.id, routes, remoteAllowed],
  );
  const sender = message.fromAddress || message.fromName;
  return (
    <>
      {offerRemote && !remoteAllowed && prepared.blocked > 0 ? <RemoteContentBar blocked={prepared.blocked} sender={sender} /> : null}
      <div className="html-frame-wrap">
        <iframe
          className="html-frame"
          title={`Message: ${message.subject || '(no subject)'}`}
          sandbox=""
          srcDoc={prepared.srcdoc}
          referrerPolicy="no-referrer"
        />
      </div>
      <LinkList links={prepared.links} />
    </>
  );
}
