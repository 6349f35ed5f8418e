// The demo maildrop's contents: every message, rendered for a given "now", oldest first as a
// real maildrop holds them. The same `now` always gives the same bytes; UIDLs and Message-IDs
// do not depend on `now` at all, so the same message keeps its identity across launches.
import type { MaildropMessage } from '../../pop3-server/maildrop.ts';
import { WITH_ATTACHMENTS } from './attachments.ts';
import { deliveryMail } from './deliveries.ts';
import { HTML_MAIL } from './html-mail.ts';
import { INTERNATIONAL } from './international.ts';
import { messageIdOf, renderMail, uidlOf, type DemoMail } from './mail.ts';
import { NEWSLETTERS } from './newsletters.ts';
import { NOTES } from './notes.ts';
import { threadMails } from './threads.ts';
import { WELCOME } from './welcome.ts';

/** Every demo message, oldest first. */
export function demoMails(now: number): DemoMail[] {
  const all = [WELCOME, ...threadMails(now), ...NEWSLETTERS, ...HTML_MAIL, ...WITH_ATTACHMENTS, ...INTERNATIONAL, ...NOTES];
  return all.sort((a, b) => b.minutesAgo - a.minutesAgo);
}

function render(mail: DemoMail, now: number, ids: ReadonlyMap<string, string>): MaildropMessage {
  const idOf = (key: string): string => {
    const id = ids.get(key);
    if (id === undefined) throw new Error(`demo message ${mail.key} refers to unknown message ${key}`);
    return id;
  };
  return { uidl: uidlOf(mail.key), bytes: renderMail(mail, now, idOf) };
}

/** The initial maildrop, as of `now`. */
export function demoMessages(now: number): MaildropMessage[] {
  const mails = demoMails(now);
  const ids = new Map(mails.map((mail) => [mail.key, messageIdOf(mail)]));
  return mails.map((mail) => render(mail, now, ids));
}

/** The `n`th newly delivered message (from 1), sent at `now`, with its subject. */
export function deliveredMessage(n: number, now: number): { message: MaildropMessage; subject: string } {
  const mail = deliveryMail(n, now);
  return { message: render(mail, now, new Map()), subject: mail.subject };
}
