// "Links in this message": the mail frame runs no script and cannot navigate, so its links
// are inert; they are opened from here, through the confirmation that shows the real target.
import { useState } from 'react';
import type { MessageLink } from '../../mail/sanitize.ts';
import { useActions } from '../../store/context.tsx';
import { Icon } from '../common/Icon.tsx';

export function LinkList({ links }: { links: readonly MessageLink[] }) {
  const { openDialog } = useActions();
  const [open, setOpen] = useState(false);
  if (links.length === 0) return null;
  return (
    <section className={open ? 'link-list open' : 'link-list'}>
      <button type="button" className="link-list-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        <Icon name="link" size={14} />
        {links.length} link{links.length === 1 ? '' : 's'} in this message
        <Icon name="chevronDown" size={14} className="chevron" />
      </button>
      {open ? (
        <ol className="link-items">
          {links.map((link) => (
            <li key={link.n}>
              <span className="link-n">{link.n}</span>
              <button
                type="button"
                className="link-target"
                onClick={() => openDialog({ kind: 'open-link', url: link.url, text: link.text || null })}
              >
                {link.text ? <span className="link-text">{link.text}</span> : null}
                <span className="link-url">{link.url}</span>
              </button>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
