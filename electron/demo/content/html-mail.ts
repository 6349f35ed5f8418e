// HTML mail with a plain-text alternative (multipart/alternative, RFC 2046 §5.1.4) and nothing
// remote in it: the reader shows these in full without asking, unlike the newsletters.
import type { DemoMail } from './mail.ts';
import { multipart, textPart } from './mime.ts';
import { CHOIR, HARBOUR_BOOKS, RUN_CLUB, SOLARA } from './people.ts';
import { ago, plain } from './text.ts';

const page = (title: string, body: string): string =>
  `<!DOCTYPE html>\n<html>\n<head><meta charset="utf-8"><title>${title}</title></head>\n<body style="font-family:sans-serif;line-height:1.5;color:#222;">\n${body}\n</body>\n</html>`;

export const HTML_MAIL: readonly DemoMail[] = [
  {
    key: 'harbour-order',
    minutesAgo: ago(2, 8, 50),
    from: HARBOUR_BOOKS,
    subject: 'Order HB-10442 confirmed',
    body: multipart(
      'alternative',
      plain(
        'Thank you for your order!',
        '',
        'Order HB-10442',
        '  Small Engines (paperback) ......... 10.99',
        '  North of the River (hardback) ..... 18.50',
        '  Delivery .......................... 2.95',
        '  Total ............................. 32.44',
        '',
        'We will email you when it ships.',
        'Harbour Books',
      ),
      textPart(
        'html',
        page(
          'Order HB-10442',
          `<h2>Thank you for your order!</h2>
<p>Order <strong>HB-10442</strong></p>
<table cellpadding="6" style="border-collapse:collapse;">
<tr style="border-bottom:1px solid #ccc;"><th align="left">Item</th><th align="right">Price</th></tr>
<tr><td>Small Engines (paperback)</td><td align="right">10.99</td></tr>
<tr><td>North of the River (hardback)</td><td align="right">18.50</td></tr>
<tr><td>Delivery</td><td align="right">2.95</td></tr>
<tr style="border-top:1px solid #ccc;"><td><strong>Total</strong></td><td align="right"><strong>32.44</strong></td></tr>
</table>
<p>We will email you when it ships.<br>Harbour Books</p>`,
        ),
      ),
    ),
  },
  {
    key: 'choir-concert',
    minutesAgo: ago(5, 11, 0),
    from: CHOIR,
    subject: "You're invited: our spring concert",
    body: multipart(
      'alternative',
      plain(
        'You are invited to our spring concert!',
        '',
        "Saturday, 7:30pm, St Anne's Church. Music by Rutter, Vaughan Williams and a few surprises. Tickets 8 at the door, children free.",
        '',
        'Riverside Community Choir',
      ),
      textPart(
        'html',
        page(
          'Spring concert',
          `<h1 style="color:#6a1b9a;">Spring concert</h1>
<p><strong>Saturday, 7:30pm</strong> &middot; St Anne&rsquo;s Church</p>
<p>Music by Rutter, Vaughan Williams and a few surprises.</p>
<p>Tickets 8 at the door, <em>children free</em>.</p>
<p>Riverside Community Choir</p>`,
        ),
      ),
    ),
  },
  {
    key: 'runclub-results',
    minutesAgo: ago(11, 19, 10),
    from: RUN_CLUB,
    subject: "Results: last weekend's 10k",
    body: multipart(
      'alternative',
      plain(
        "Last weekend's 10k - club results",
        '',
        '  Jo Harper ......... 41:12 (club record!)',
        '  Leo Martins ....... 47:55',
        '  Demo User ......... 55:03 (first 10k - well done!)',
        '',
        'Parkside Runners',
      ),
      textPart(
        'html',
        page(
          'Results',
          `<h2>Last weekend&rsquo;s 10k &ndash; club results</h2>
<ol>
<li>Jo Harper &ndash; 41:12 <strong>(club record!)</strong></li>
<li>Leo Martins &ndash; 47:55</li>
<li>Demo User &ndash; 55:03 <em>(first 10k &ndash; well done!)</em></li>
</ol>
<p>Parkside Runners</p>`,
        ),
      ),
    ),
  },
  {
    key: 'solara-meter',
    minutesAgo: ago(12, 9, 0),
    from: SOLARA,
    subject: 'Time for a meter reading',
    body: multipart(
      'alternative',
      plain(
        'Hello Demo User,',
        '',
        'It is time to send us a meter reading, so your next bill is exact rather than estimated. It takes a minute: reply to this message with the number on your meter.',
        '',
        'Solara Energy',
      ),
      textPart(
        'html',
        page(
          'Meter reading',
          `<p>Hello Demo User,</p>
<p>It is time to send us a <strong>meter reading</strong>, so your next bill is exact rather than estimated.</p>
<p>It takes a minute: reply to this message with the number on your meter.</p>
<p>Solara Energy</p>`,
        ),
      ),
    ),
  },
];
