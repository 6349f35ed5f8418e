// Commercial HTML mail as it really arrives: pictures on remote servers, a 1×1 tracking pixel,
// links through a click-tracking redirector, a List-Unsubscribe header (RFC 2369, RFC 8058).
// This is what Poplar's remote-content blocker is for; every host is under example.com/.net.
import type { DemoMail } from './mail.ts';
import { multipart, textPart } from './mime.ts';
import { GREENFIELD, HARBOUR_BOOKS, NORTHWIND } from './people.ts';
import { ago, plain } from './text.ts';

const IMAGES = 'https://images.example.com';
const CLICK = 'https://click.example.net/r';

/** A redirector link, the way mailing services rewrite every link to count clicks. */
const tracked = (campaign: string, target: string): string => `${CLICK}?c=${campaign}&amp;u=7f3a9c21&amp;url=${encodeURIComponent(target)}`;

const pixel = (campaign: string): string =>
  `<img src="https://track.example.net/open/${campaign}/7f3a9c21.gif" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px;">`;

const GARDEN_HTML = `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width">
<title>Greenfield Gardening Weekly</title>
<link rel="stylesheet" href="https://fonts.example.com/css?family=Merriweather">
</head>
<body style="margin:0;padding:0;background:#f3f1ea;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f1ea;">
<tr><td align="center">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="background:#ffffff;font-family:Georgia,serif;color:#33402f;">
<tr><td style="padding:16px 24px;font-size:12px;color:#7a8475;">Your weekly dose of dirt under the fingernails. <a href="${tracked('gf112', 'https://greenfield.example.net/newsletter/112')}" style="color:#7a8475;">View in your browser</a></td></tr>
<tr><td><a href="${tracked('gf112', 'https://greenfield.example.net/')}"><img src="${IMAGES}/greenfield/issue-112/header.jpg" width="600" height="160" alt="Greenfield Gardening Weekly" style="display:block;border:0;"></a></td></tr>
<tr><td style="padding:24px;background-image:url('${IMAGES}/greenfield/issue-112/leaf-pattern.png');">
<h1 style="font-size:26px;margin:0 0 12px;">Tomatoes: pinch out now, thank yourself later</h1>
<p style="font-size:16px;line-height:1.6;">Side shoots grow fast this time of year. Pinching them out while they are small sends the plant's energy into fruit instead of leaves, and lets air move through the plant, which keeps blight away.</p>
<p style="font-size:16px;line-height:1.6;">Our head gardener shows how in a two-minute video.</p>
<p><a href="${tracked('gf112', 'https://greenfield.example.net/videos/pinching-out')}"><img src="${IMAGES}/greenfield/issue-112/video-still.jpg" width="552" height="310" alt="Watch: pinching out tomatoes" style="display:block;border:0;"></a></p>
</td></tr>
<tr><td style="padding:0 24px 24px;">
<h2 style="font-size:20px;">This week's picks</h2>
<table role="presentation" width="100%" cellpadding="8" cellspacing="0">
<tr>
<td width="33%" valign="top"><img src="${IMAGES}/greenfield/products/twine.jpg" width="160" height="160" alt="Jute garden twine"><br><a href="${tracked('gf112', 'https://greenfield.example.net/shop/twine')}">Jute garden twine</a><br>3.50</td>
<td width="33%" valign="top"><img src="${IMAGES}/greenfield/products/kneeler.jpg" width="160" height="160" alt="Foam kneeler"><br><a href="${tracked('gf112', 'https://greenfield.example.net/shop/kneeler')}">Foam kneeler</a><br>8.95</td>
<td width="33%" valign="top"><img src="${IMAGES}/greenfield/products/seed-tin.jpg" width="160" height="160" alt="Seed tin"><br><a href="${tracked('gf112', 'https://greenfield.example.net/shop/seed-tin')}">Seed storage tin</a><br>12.00</td>
</tr>
</table>
</td></tr>
<tr><td style="padding:16px 24px;font-size:12px;color:#7a8475;">You are receiving this because you signed up at greenfield.example.net. <a href="${tracked('gf112', 'https://greenfield.example.net/unsubscribe?u=7f3a9c21')}" style="color:#7a8475;">Unsubscribe</a></td></tr>
</table>
${pixel('gf112')}
</td></tr>
</table>
</body>
</html>`;

const GARDEN_TEXT = [
  'GREENFIELD GARDENING WEEKLY - issue 112',
  '',
  'Tomatoes: pinch out now, thank yourself later',
  '',
  "Side shoots grow fast this time of year. Pinching them out while they are small sends the plant's energy into fruit instead of leaves, and lets air move through the plant, which keeps blight away.",
  '',
  'Watch the two-minute video: https://greenfield.example.net/videos/pinching-out',
  '',
  "This week's picks:",
  '  Jute garden twine ..... 3.50',
  '  Foam kneeler .......... 8.95',
  '  Seed storage tin ...... 12.00',
  '',
  'Unsubscribe: https://greenfield.example.net/unsubscribe?u=7f3a9c21',
];

const BOOKS_HTML = `<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>New arrivals at Harbour Books</title></head>
<body style="font-family:Helvetica,Arial,sans-serif;color:#222;background:#fff;">
<div style="max-width:560px;margin:0 auto;">
<p style="text-align:center;"><img src="${IMAGES}/harbourbooks/logo-wave.png" width="180" height="48" alt="Harbour Books"></p>
<h1 style="font-size:22px;">New on our shelves this week</h1>
<p>Hello reader! Spring is here, and so is a boatload of new books. A few the staff have been fighting over:</p>
<div style="overflow:hidden;margin:16px 0;">
<img src="${IMAGES}/harbourbooks/covers/small-engines.jpg" width="90" height="135" alt="Small Engines" style="float:left;margin-right:12px;">
<h3 style="margin:0;">Small Engines</h3>
<p>Twelve short stories about people fixing things that were never really broken. &ldquo;The funniest book I read this year&rdquo; &mdash; Jess, Harbour Books.</p>
<p><a href="${tracked('hb-spring', 'https://harbourbooks.example.com/books/small-engines')}">Reserve a copy</a></p>
</div>
<div style="overflow:hidden;margin:16px 0;">
<img src="${IMAGES}/harbourbooks/covers/north-of-the-river.jpg" width="90" height="135" alt="North of the River" style="float:left;margin-right:12px;">
<h3 style="margin:0;">North of the River</h3>
<p>A ferry town, a missing harbour master, and a detective who gets seasick. Perfect for the long evenings.</p>
<p><a href="${tracked('hb-spring', 'https://harbourbooks.example.com/books/north-of-the-river')}">Reserve a copy</a></p>
</div>
<p>Story time for little ones is every Saturday at 10:30. See you soon!</p>
<p style="font-size:11px;color:#888;">Harbour Books, 4 Quay Street. <a href="${tracked('hb-spring', 'https://harbourbooks.example.com/unsubscribe')}">Unsubscribe</a></p>
${pixel('hb-spring')}
</div>
</body>
</html>`;

const BOOKS_TEXT = [
  'New on our shelves this week',
  '',
  'Small Engines - twelve short stories about people fixing things that were never really broken.',
  'https://harbourbooks.example.com/books/small-engines',
  '',
  'North of the River - a ferry town, a missing harbour master, and a detective who gets seasick.',
  'https://harbourbooks.example.com/books/north-of-the-river',
  '',
  'Story time for little ones is every Saturday at 10:30.',
  '',
  'Harbour Books, 4 Quay Street. Unsubscribe: https://harbourbooks.example.com/unsubscribe',
];

// HTML only, no text/plain alternative: some senders send nothing else, and the reader then
// shows text derived from the HTML.
const TRAVEL_HTML = `<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>Weekend escapes</title></head>
<body style="margin:0;font-family:Arial,sans-serif;">
<table width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="background:#0b3d5c;padding:24px;">
<img src="${IMAGES}/northwind/banner-fjord.jpg" width="600" height="220" alt="Weekend escapes from Northwind Travel">
</td></tr>
<tr><td align="center" style="padding:24px;">
<h1 style="color:#0b3d5c;">Weekend escapes, from 89 per person</h1>
<p>Three nights by the sea, the mountains or the old town &ndash; trains included.</p>
<table cellpadding="12"><tr>
<td><a href="${tracked('nw-weekend', 'https://northwind.example.net/trips/coast')}"><img src="${IMAGES}/northwind/coast.jpg" width="180" height="120" alt="Coast"></a><br>Coast</td>
<td><a href="${tracked('nw-weekend', 'https://northwind.example.net/trips/mountains')}"><img src="${IMAGES}/northwind/mountains.jpg" width="180" height="120" alt="Mountains"></a><br>Mountains</td>
<td><a href="${tracked('nw-weekend', 'https://northwind.example.net/trips/old-town')}"><img src="${IMAGES}/northwind/old-town.jpg" width="180" height="120" alt="Old town"></a><br>Old town</td>
</tr></table>
<p style="font-size:11px;color:#777;">Prices per person sharing a double room. <a href="${tracked('nw-weekend', 'https://northwind.example.net/preferences')}">Email preferences</a></p>
${pixel('nw-weekend')}
<img src="https://ads.example.com/beacon?id=nw-weekend&amp;uid=7f3a9c21" width="1" height="1" alt="">
</td></tr></table>
</body>
</html>`;

const unsubscribe = (url: string): Array<readonly [string, string]> => [
  ['List-Unsubscribe', `<${url}>`],
  // RFC 8058: the link works as a one-click POST, without visiting a page.
  ['List-Unsubscribe-Post', 'List-Unsubscribe=One-Click'],
];

export const NEWSLETTERS: readonly DemoMail[] = [
  {
    key: 'greenfield-112',
    minutesAgo: ago(0, 7, 44),
    from: GREENFIELD,
    subject: 'Tomatoes: pinch out now, thank yourself later | Greenfield Weekly #112',
    headers: [
      ['List-Id', 'Greenfield Weekly <weekly.greenfield.example.net>'],
      ...unsubscribe('https://greenfield.example.net/unsubscribe?u=7f3a9c21'),
    ],
    body: multipart('alternative', plain(...GARDEN_TEXT), textPart('html', GARDEN_HTML)),
  },
  {
    key: 'harbour-spring',
    minutesAgo: ago(4, 10, 2),
    from: HARBOUR_BOOKS,
    subject: 'New arrivals: short stories, a seasick detective and more',
    headers: unsubscribe('https://harbourbooks.example.com/unsubscribe'),
    body: multipart('alternative', plain(...BOOKS_TEXT), textPart('html', BOOKS_HTML)),
  },
  {
    key: 'northwind-weekend',
    minutesAgo: ago(10, 14, 30),
    from: NORTHWIND,
    subject: 'Weekend escapes from 89 - this week only',
    headers: unsubscribe('https://northwind.example.net/unsubscribe?u=7f3a9c21'),
    body: textPart('html', TRAVEL_HTML),
  },
];
