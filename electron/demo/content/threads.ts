// Conversations: each reply names its parent in In-Reply-To and the whole chain in References
// (RFC 5322 §3.6.4), and quotes the message before it under an attribution line, the way mail
// programs write replies.
import { attributionDate } from './dates.ts';
import type { DemoMail } from './mail.ts';
import type { Header } from './mime.ts';
import { ALLOTMENT_LIST, DEV, LEO, MAYA, PRIYA, ROSA, SAM, TOM, YOU, type Person } from './people.ts';
import { ago, plain, quote, signature, wrap } from './text.ts';

interface Step {
  readonly key: string;
  readonly minutesAgo: number;
  readonly from: Person;
  /** What the writer wrote, before wrapping; the quotation is added for every step but the first. */
  readonly lines: readonly string[];
}

interface Conversation {
  readonly subject: string;
  readonly to: readonly Person[];
  readonly cc?: readonly Person[];
  readonly headers?: readonly Header[];
  readonly steps: readonly Step[];
}

function conversationMails(now: number, conversation: Conversation): DemoMail[] {
  const mails: DemoMail[] = [];
  let previous: { step: Step; own: string[] } | null = null;
  const keys: string[] = [];
  for (const step of conversation.steps) {
    const own = wrap(step.lines);
    let lines = own;
    if (previous !== null) {
      const sent = now - previous.step.minutesAgo * 60_000;
      const attribution = `On ${attributionDate(sent, step.from.zone)}, ${previous.step.from.name} wrote:`;
      // Only what the previous writer wrote is quoted, not the quotes they carried along:
      // the thread's history is one click away, and seven levels of ">" help nobody.
      lines = [...wrap([attribution]), ...quote(withoutSignature(previous.own)), '', ...lines];
    }
    mails.push({
      key: step.key,
      minutesAgo: step.minutesAgo,
      from: step.from,
      to: conversation.to,
      ...(conversation.cc === undefined ? {} : { cc: conversation.cc.filter((p) => p !== step.from) }),
      subject: previous === null ? conversation.subject : `Re: ${conversation.subject}`,
      ...(previous === null ? {} : { inReplyTo: previous.step.key, references: [...keys] }),
      ...(conversation.headers === undefined ? {} : { headers: conversation.headers }),
      body: plain(...lines),
    });
    keys.push(step.key);
    previous = { step, own };
  }
  return mails;
}

function withoutSignature(lines: readonly string[]): string[] {
  const separator = lines.indexOf('-- ');
  return separator < 0 ? [...lines] : lines.slice(0, separator);
}

/** The allotment society's summer party: seven messages on a mailing list. */
function summerParty(): Conversation {
  const list = 'Riverside Allotments <allotments.lists.example.org>';
  return {
    subject: 'Summer party at the allotments',
    to: [ALLOTMENT_LIST],
    headers: [
      ['List-Id', list],
      ['List-Post', '<mailto:allotments@lists.example.org>'],
      ['List-Unsubscribe', '<mailto:allotments-leave@lists.example.org>'],
    ],
    steps: [
      {
        key: 'party-1',
        minutesAgo: ago(9, 20, 12),
        from: MAYA,
        lines: [
          'Hi all,',
          '',
          'It is that time of year again! The committee would like to hold the summer party on the last Saturday of the month, on the lawn by the water tanks. Nothing fancy: a barbecue, whatever everyone grows, and some games for the children.',
          '',
          'Could you reply to the list with what you could bring or help with? We especially need a gazebo, someone on the grill, and a few cakes.',
          '',
          'Best wishes,',
          'Maya',
          ...signature('Maya Okafor, secretary', 'Riverside Allotments Society'),
        ],
      },
      {
        key: 'party-2',
        minutesAgo: ago(9, 18, 40),
        from: TOM,
        lines: [
          'Count me in for the grill. I can bring the big gazebo from plot 14 as well, it needs two people to put up though.',
          '',
          'What time were you thinking? Earlier is better for the little ones.',
          '',
          'Tom (plot 14)',
        ],
      },
      {
        key: 'party-3',
        minutesAgo: ago(9, 12, 5),
        from: ROSA,
        lines: [
          'Happy to help Tom with the gazebo, and I will bake two cakes: lemon and a rhubarb one, since the rhubarb is taking over my plot again.',
          '',
          'Do we have a plan if it rains? Last year we all squeezed into the shed...',
          '',
          'Rosa',
        ],
      },
      {
        key: 'party-4',
        minutesAgo: ago(8, 22, 30),
        from: MAYA,
        lines: [
          'Thank you both! Rain plan: the community hall next door is free that afternoon and they said we can move in if needed.',
          '',
          'Let us say 2pm until the light goes. So far:',
          '',
          '  - grill and gazebo: Tom',
          '  - gazebo help, lemon and rhubarb cakes: Rosa',
          '  - drinks and cups: committee',
          '',
          "Still looking for music and children's games.",
          '',
          'Maya',
        ],
      },
      {
        key: 'party-5',
        minutesAgo: ago(8, 6, 15),
        from: DEV,
        lines: [
          'I have a battery speaker that will last the afternoon, so music is sorted (requests welcome, within reason).',
          '',
          'For games: a sack race and a "guess the weight of the marrow" competition? My marrow is already enormous.',
          '',
          'Dev, plot 3',
        ],
      },
      {
        key: 'party-6',
        minutesAgo: ago(7, 15, 50),
        from: LEO,
        lines: [
          'Ha, I will enter the marrow contest just to lose to Dev.',
          '',
          'I can bring the bike-powered smoothie blender from the repair cafe: the kids pedal, they get a smoothie. Needs a table and some fruit.',
          '',
          'Leo',
        ],
      },
      {
        key: 'party-7',
        minutesAgo: ago(6, 20, 25),
        from: MAYA,
        lines: [
          'Wonderful, thank you everyone. Final plan:',
          '',
          '  - 2pm, lawn by the water tanks (community hall if it rains)',
          '  - grill and gazebo: Tom, with Rosa',
          '  - cakes: Rosa (and anyone else who wants to bake!)',
          '  - music: Dev',
          '  - marrow contest: Dev, judged by the committee',
          '  - smoothie bike: Leo, committee brings fruit',
          '',
          'Please bring your own plates if you can, we are trying to avoid disposables this year.',
          '',
          'See you there,',
          'Maya',
        ],
      },
    ],
  };
}

/** A three-message book club exchange, addressed to the demo user with others in copy. */
function bookClub(): Conversation {
  return {
    subject: 'Book club: next pick',
    to: [YOU],
    cc: [SAM, MAYA, PRIYA],
    steps: [
      {
        key: 'books-1',
        minutesAgo: ago(3, 9, 10),
        from: PRIYA,
        lines: [
          'Hi all,',
          '',
          'We finished the lighthouse one (I am still not over the ending). Three candidates for next month:',
          '',
          '  1. "The Orchard Keeper\'s Daughter" - family saga, 400 pages',
          '  2. "Small Engines" - short stories, very funny apparently',
          '  3. "North of the River" - a mystery set in a ferry town',
          '',
          'Vote by Friday?',
          '',
          'Priya',
        ],
      },
      {
        key: 'books-2',
        minutesAgo: ago(3, 5, 45),
        from: SAM,
        lines: ['Number 2 gets my vote. After 400 pages of lighthouse I need something I can read on the bus.', '', 'Sam'],
      },
      {
        key: 'books-3',
        minutesAgo: ago(2, 23, 5),
        from: MAYA,
        lines: ['Agree with Sam, short stories it is. I can host this time - my place, usual Thursday?', '', 'M.'],
      },
    ],
  };
}

export function threadMails(now: number): DemoMail[] {
  return [...conversationMails(now, summerParty()), ...conversationMails(now, bookClub())];
}
