// New mail on demand, so "Check now" has something to find: short notes that take turns.
import type { DemoMail } from './mail.ts';
import { LIBRARY, MAYA, PRIYA, SAM, TOM, type Person } from './people.ts';
import { plain } from './text.ts';

interface Template {
  readonly from: Person;
  readonly subject: string;
  readonly lines: readonly string[];
}

const TEMPLATES: readonly Template[] = [
  {
    from: MAYA,
    subject: 'Quick question about Saturday',
    lines: ['Are you still up for the seed swap on Saturday? I can pick you up at 10 if you like.', '', 'Maya'],
  },
  {
    from: LIBRARY,
    subject: 'A book you reserved is ready to collect',
    lines: ['Hello,', '', '"Small Engines" is waiting for you at the front desk. We keep it for 7 days.', '', 'Riverside Library'],
  },
  {
    from: TOM,
    subject: 'Your ladder',
    lines: ['Finished with the ladder, thank you! I will drop it round this evening if you are in.', '', 'Tom'],
  },
  {
    from: SAM,
    subject: 'Lunch tomorrow?',
    lines: ['The new noodle place opened round the corner. Tomorrow at 12:30? I will book.', '', 'Sam'],
  },
  {
    from: PRIYA,
    subject: 'The revised timeline',
    lines: ['Hi,', '', "As promised: the release moves by one week, everything else stays. Details at Thursday's meeting.", '', 'Priya'],
  },
];

/**
 * The `n`th delivered message (from 1), sent at `now`. Its key carries the time, so a message
 * delivered after a restart of the demo never reuses the UIDL of an earlier one (RFC 1939 §7:
 * a unique-id is never reused for a different message).
 */
export function deliveryMail(n: number, now: number): DemoMail {
  const template = TEMPLATES[(n - 1) % TEMPLATES.length];
  if (template === undefined) throw new Error(`no delivery template for message ${n}`);
  return {
    key: `new-${n}-${now.toString(36)}`,
    minutesAgo: 0,
    from: template.from,
    subject: template.subject,
    body: plain(...template.lines),
  };
}
