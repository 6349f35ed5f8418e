// Messages that carry files: a PDF bill, a text file, a photo, and an HTML message whose logo
// is embedded and shown through a cid: URL (multipart/related, RFC 2387; Content-ID, RFC 2392).
import type { DemoMail } from './mail.ts';
import { filePart, multipart, textPart } from './mime.ts';
import { CHOIR, LEO, PRIYA, SOLARA } from './people.ts';
import { makePdf } from './pdf.ts';
import { logoPng, sunsetPng } from './png.ts';
import { ago, plain, signature } from './text.ts';

const INVOICE_LINES = [
  'Invoice number: SE-48213',
  'Customer: Demo User, account 5521-0087',
  '',
  'Electricity, 1 month ........................ 41.20',
  'Standing charge ............................... 7.80',
  'Green tariff credit ........................... -2.00',
  '',
  'Total due ..................................... 47.00',
  '',
  'Paid by direct debit. Thank you for choosing Solara Energy.',
];

const MEETING_NOTES = [
  'Planning meeting - notes',
  '========================',
  '',
  'Present: Priya, Sam, Demo User',
  '',
  '1. Spring release',
  '   - Feature freeze moved by one week.',
  '   - Sam checks the translations.',
  '',
  '2. Office move',
  '   - Boxes arrive Monday; label everything with your desk number.',
  '',
  '3. Actions',
  '   [ ] Priya: send the revised timeline',
  '   [ ] Sam: book the meeting room for the retro',
  '   [ ] Demo User: review the onboarding checklist',
].join('\n');

const LOGO_CID = 'choir-logo.7b1e@riverside.example.org';

const LOGO_HTML = `<!DOCTYPE html>
<html>
<head><meta charset="utf-8"></head>
<body style="font-family:sans-serif;">
<p>Dear singers,</p>
<p>Here is the new logo for posters and programmes, designed by our very own alto section:</p>
<p style="text-align:center;"><img src="cid:${LOGO_CID}" width="64" height="64" alt="Riverside Community Choir logo"></p>
<p>If you have comments, bring them to Wednesday's rehearsal. We print the spring posters on Friday.</p>
<p>With best wishes,<br>Helen, for the committee</p>
</body>
</html>`;

export const WITH_ATTACHMENTS: readonly DemoMail[] = [
  {
    key: 'solara-bill',
    minutesAgo: ago(1, 9, 12),
    from: SOLARA,
    subject: 'Your Solara Energy bill is ready',
    body: multipart(
      'mixed',
      plain(
        'Hello Demo User,',
        '',
        'Your latest bill is attached as a PDF. The total of 47.00 will be collected by direct debit in about ten days; there is nothing you need to do.',
        '',
        'Your usage was 6% lower than the same month last year. Well done!',
        '',
        'Solara Energy customer service',
      ),
      filePart(makePdf('Solara Energy - Invoice SE-48213', INVOICE_LINES), {
        type: 'application/pdf',
        filename: 'Solara-invoice-SE-48213.pdf',
        disposition: 'attachment',
      }),
    ),
  },
  {
    key: 'planning-notes',
    minutesAgo: ago(5, 7, 33),
    from: PRIYA,
    subject: "Notes from Tuesday's planning meeting",
    body: multipart(
      'mixed',
      plain('Hi,', '', 'Notes from this morning attached, with the actions at the bottom. Shout if I missed anything.', '', 'Priya'),
      textPart('plain', MEETING_NOTES, { filename: 'planning-notes.txt' }),
    ),
  },
  {
    key: 'pier-sunset',
    minutesAgo: ago(6, 2, 18),
    from: LEO,
    subject: 'Sunset from the pier',
    body: multipart(
      'mixed',
      plain('Caught this on the ride home last night. Worth the detour!', '', 'Leo', ...signature('Sent from my phone')),
      filePart(sunsetPng(), { type: 'image/png', filename: 'pier-sunset.png', disposition: 'attachment' }),
    ),
  },
  {
    key: 'choir-logo',
    minutesAgo: ago(8, 3, 0),
    from: CHOIR,
    subject: 'Our new logo',
    body: multipart(
      'alternative',
      plain(
        'Dear singers,',
        '',
        'Here is the new logo for posters and programmes, designed by our very own alto section. (Your mail program shows it in the HTML version of this message.)',
        '',
        "If you have comments, bring them to Wednesday's rehearsal. We print the spring posters on Friday.",
        '',
        'With best wishes,',
        'Helen, for the committee',
      ),
      multipart(
        'related',
        textPart('html', LOGO_HTML),
        filePart(logoPng(), { type: 'image/png', filename: 'choir-logo.png', disposition: 'inline', contentId: LOGO_CID }),
      ),
    ),
  },
];
