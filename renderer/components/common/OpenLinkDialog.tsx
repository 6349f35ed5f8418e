// The one way a link in a message leaves Poplar: the user sees the real target (with the
// host in its ASCII form, so a look-alike domain shows as xn--…) and confirms. Only http,
// https and mailto reach this dialog (mail/urls.ts safeLinkTarget). The new window is opened
// without an opener or referrer; the Electron shell turns it into the system browser.
import { Icon } from './Icon.tsx';
import { Modal } from './Modal.tsx';

function hostOf(text: string): string | null {
  const candidate = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : /^[\w-]+(\.[\w-]+)+(\/|$)/.test(text) ? `https://${text}` : null;
  if (candidate === null) return null;
  try {
    return new URL(candidate).hostname;
  } catch {
    return null;
  }
}

export function OpenLinkDialog({ url, text, onClose }: { url: string; text: string | null; onClose: () => void }) {
  const target = new URL(url);
  const isMail = target.protocol === 'mailto:';
  const shownHost = text ? hostOf(text.trim()) : null;
  const mismatch = shownHost !== null && !isMail && shownHost.replace(/^www\./, '') !== target.hostname.replace(/^www\./, '');
  const open = () => {
    window.open(url, '_blank', 'noopener,noreferrer');
    onClose();
  };
  return (
    <Modal
      title={isMail ? 'Write to this address?' : 'Open this link?'}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button primary" onClick={open} autoFocus>
            <Icon name="external" /> {isMail ? 'Open mail program' : 'Open in browser'}
          </button>
        </>
      }
    >
      {text ? (
        <p className="muted">
          The link says: <q>{text}</q>
        </p>
      ) : null}
      <p className="dialog-label">It goes to</p>
      <div className="link-target-box">
        {isMail ? (
          <span className="link-host">{target.pathname}</span>
        ) : (
          <>
            <span className="muted">{target.protocol}//</span>
            <span className="link-host">{target.host}</span>
            <span className="muted">{`${target.pathname}${target.search}${target.hash}`}</span>
          </>
        )}
      </div>
      {mismatch ? (
        <p className="notice warning">
          <Icon name="alert" />
          <span>
            The link’s text shows <strong>{shownHost}</strong>, but it goes to <strong>{target.hostname}</strong>.
          </span>
        </p>
      ) : null}
      {target.protocol === 'http:' ? <p className="muted small">This link is not encrypted (http).</p> : null}
    </Modal>
  );
}
