// The first message a demo user reads: what the demo mailbox is and what to try in it.
import type { DemoMail } from './mail.ts';
import { multipart, textPart } from './mime.ts';
import { POPLAR_TEAM } from './people.ts';
import { ago, plain } from './text.ts';

const LOCKED = '-ERR [IN-USE] Mailbox is locked by another POP3 session.';

const TEXT = [
  'Hello, and welcome to Poplar!',
  '',
  'This is the demo mailbox. It is a small POP3 server built into Poplar, running on your own computer (127.0.0.1), so you can try everything without a mail account. Nothing you do here reaches the internet; every address in these messages is a made-up example.com, example.org or example.net one.',
  '',
  'Some things to try:',
  '',
  '* Check now. New messages arrive in the demo mailbox from time to time. Press "Check now" to fetch them straight away instead of waiting for the next scheduled check.',
  '',
  '* See a locked mailbox explained. A POP3 mailbox can only be open in one place at a time. Turn on the demo\'s "another device holds the mailbox" control, then check for mail: the demo server answers exactly like a real one does when your phone is connected:',
  '',
  `    ${LOCKED}`,
  '',
  'Poplar tells you what that means and why it probably happened, with evidence from its own session history, and waits before trying again instead of hammering the server. Turn the control off and the next check goes through.',
  '',
  '* Remote content stays blocked. Open the Greenfield Gardening newsletter: its pictures and its tracking pixel live on remote servers, and loading them would tell the sender that you read it. Poplar blocks them until you allow them for that message or that sender.',
  '',
  '* Attachments, pictures and languages. There is an electricity bill with a PDF, a photo, a message with an embedded logo, and notes in German, Russian, Japanese and French.',
  '',
  '* Threads. The Riverside Allotments summer party thread is a long conversation with quoted replies.',
  '',
  'The demo mailbox starts fresh each time Poplar starts. When you are ready, add your own account: Poplar never deletes a message from the server before its copy on your computer is safe.',
  '',
  'Enjoy!',
  'The Poplar team',
];

const HTML = `<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>Welcome to Poplar</title></head>
<body style="font-family: sans-serif; line-height: 1.5; max-width: 40em;">
<h1 style="color: #2e7d32;">Welcome to Poplar</h1>
<p>This is the <strong>demo mailbox</strong>: a small POP3 server built into Poplar, running on your own computer (127.0.0.1), so you can try everything without a mail account. Nothing you do here reaches the internet; every address in these messages is a made-up example.com, example.org or example.net one.</p>
<h2>Some things to try</h2>
<ul>
<li><p><strong>Check now.</strong> New messages arrive in the demo mailbox from time to time. Press <em>Check now</em> to fetch them straight away instead of waiting for the next scheduled check.</p></li>
<li><p><strong>See a locked mailbox explained.</strong> A POP3 mailbox can only be open in one place at a time. Turn on the demo's <em>another device holds the mailbox</em> control, then check for mail: the demo server answers exactly like a real one does when your phone is connected:</p>
<pre>${LOCKED}</pre>
<p>Poplar tells you what that means and why it probably happened, with evidence from its own session history, and waits before trying again instead of hammering the server. Turn the control off and the next check goes through.</p></li>
<li><p><strong>Remote content stays blocked.</strong> Open the Greenfield Gardening newsletter: its pictures and its tracking pixel live on remote servers, and loading them would tell the sender that you read it. Poplar blocks them until you allow them for that message or that sender.</p></li>
<li><p><strong>Attachments, pictures and languages.</strong> There is an electricity bill with a PDF, a photo, a message with an embedded logo, and notes in German, Russian, Japanese and French.</p></li>
<li><p><strong>Threads.</strong> The Riverside Allotments summer party thread is a long conversation with quoted replies.</p></li>
</ul>
<p>The demo mailbox starts fresh each time Poplar starts. When you are ready, add your own account: Poplar never deletes a message from the server before its copy on your computer is safe.</p>
<p>Enjoy!<br>The Poplar team</p>
</body>
</html>`;

export const WELCOME: DemoMail = {
  key: 'welcome',
  minutesAgo: ago(0, 0, 3),
  from: POPLAR_TEAM,
  subject: 'Welcome to Poplar - start here',
  body: multipart('alternative', plain(...TEXT), textPart('html', HTML)),
};
