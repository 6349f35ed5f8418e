// The four causes of a lock-like refusal (DESIGN.md "Lock diagnostics"), chosen from the
// server's answer and Poplar's own session history, in this order:
//   1. Poplar's previous connection broke off without QUIT shortly before: its own stale
//      session (the strongest evidence, and the one case where waiting is all it takes);
//   2. the interval is below the server's LOGIN-DELAY, or the refusal came right after
//      Poplar's own session ended: checking too often;
//   3. otherwise another program or device held the mailbox.
// A connection limit and a [LOGIN-DELAY] refusal say what they are and skip the choice.
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, intervalProblem, MINUTE } from '../sync/policy.ts';
import { NOT_THE_PASSWORD, willCheck, type CauseContext, type Explained } from './cause-context.ts';
import { endedWithoutQuit, howItBroke } from './session-facts.ts';
import { plural, span, timeOfDay, timeWithSeconds } from './when.ts';

/**
 * How long after Poplar's connection broke a refusal is blamed on it. RFC 1939 §3: a
 * server's autologout timer is at least 10 minutes; servers commonly use 10 to 30. Past that
 * the old connection is gone and something else holds the mailbox.
 */
export const STALE_WINDOW_MS = 30 * MINUTE;
/**
 * A refusal this soon after Poplar's own session ended (with QUIT) is blamed on checking too
 * often: some servers release the mailbox a little after the session closes.
 */
export const RIGHT_AFTER_MS = MINUTE;

export function explainLockRefusal(ctx: CauseContext): Explained {
  const { failed, previous, input } = ctx;
  const gap = previous ? Math.max(0, failed.startedAt - previous.endedAt) : null;
  if (previous && gap !== null && endedWithoutQuit(previous) && gap <= STALE_WINDOW_MS) return ownStaleSession(ctx, gap);
  const delay = input.loginDelaySeconds;
  if (delay !== null && input.account.intervalMinutes * 60 < delay) return tooFrequent(ctx, 'interval');
  const hold = knownHoldAt(ctx);
  if (hold !== null) return otherClient(ctx, hold);
  if (previous && gap !== null && gap <= RIGHT_AFTER_MS) return tooFrequent(ctx, 'right-after');
  return otherClient(ctx);
}

/** The start of a known hold (DiagnoseInput.knownHolds) covering the refused login. */
function knownHoldAt(ctx: CauseContext): number | null {
  const at = ctx.failed.startedAt;
  const hold = (ctx.input.knownHolds ?? []).find((h) => h.from <= at && (h.to === null || h.to >= at));
  return hold ? hold.from : null;
}

/** "2, 4, 8 … up to 30 minutes": the backoff of sync/policy.ts in words. */
const BACKOFF_STEPS = `${[1, 2, 4].map((k) => (k * BACKOFF_BASE_MS) / MINUTE).join(', ')} … up to ${BACKOFF_CAP_MS / MINUTE} minutes`;

function countLine(ctx: CauseContext): string[] {
  return ctx.refusals24h >= 2 && ctx.pattern === null
    ? [`The server has turned Poplar away ${plural(ctx.refusals24h, 'time')} in the last 24 hours.`]
    : [];
}

function otherClient(ctx: CauseContext, heldSince: number | null = null): Explained {
  const { failed, previous } = ctx;
  let held: string;
  if (previous === null) {
    held = 'Poplar held no connection to this mailbox at that moment: there is no earlier connection in its history.';
  } else if (endedWithoutQuit(previous)) {
    held =
      `Poplar held no connection to this mailbox at that moment. Its previous one, at ${timeOfDay(previous.startedAt)}, ended without QUIT (${howItBroke(previous.endedBy)}), ` +
      `but that was ${span(failed.startedAt - previous.endedAt)} earlier, far longer than a server keeps a broken connection's lock.`;
  } else {
    const how =
      previous.endedBy === 'quit'
        ? 'with an acknowledged QUIT'
        : `after ${previous.error?.code ?? previous.endedBy}, closed by Poplar with QUIT`;
    held =
      `Poplar held no connection to this mailbox at that moment: its previous one ended at ${timeOfDay(previous.endedAt)} ${how}, ` +
      `${span(failed.startedAt - previous.endedAt)} before.`;
  }
  const youCanDo = [
    'Look for the other program. Likely ones: a phone or tablet mail app set up for this address, a second mail program on this or another computer, ' +
      'a spam or virus checker that scans your mailbox, or a webmail service (such as “check mail from other accounts”) that fetches from it.',
    'Let only one program download this mailbox, or set the others to check less often. On a phone, IMAP (if your provider offers it) usually does not block other programs.',
  ];
  if (ctx.pattern)
    youCanDo.push('The refusals follow a fixed schedule (see the pattern): look for a program or service set to check at those times.');
  return {
    cause: 'other-client',
    title: 'Another program or device is using this mailbox',
    explanation:
      'The mail server turned Poplar away because another connection was using your mailbox at that moment: a mailbox can be open in only one place at a time. ' +
      `Poplar had no connection open then, so something else did. ${NOT_THE_PASSWORD} No mail is lost; it waits on the server.`,
    evidence: [
      ...ctx.serverEvidence,
      held,
      ...(heldSince === null ? [] : [`The demo’s “another device” switch has held the mailbox since ${timeOfDay(heldSince)}.`]),
      ...countLine(ctx),
    ],
    poplarWillDo: willCheck(
      ctx.input,
      `Poplar does not keep knocking: it waits longer after each refusal (${BACKOFF_STEPS}) and checks again`,
    ),
    youCanDo,
  };
}

function ownStaleSession(ctx: CauseContext, gap: number, stalled = false): Explained {
  const previous = ctx.previous;
  if (!previous) throw new Error('ownStaleSession needs the previous session');
  const turnedAway = stalled
    ? 'it keeps the mailbox locked for it, and a new connection waits for the lock without an answer, as Poplar’s did.'
    : 'it keeps the mailbox locked for it and turns new connections away, Poplar’s included.';
  return {
    cause: 'own-stale-session',
    title: 'Poplar’s previous connection is still open on the server',
    explanation:
      'Poplar’s previous connection to this mailbox broke off without saying goodbye (the POP3 “QUIT”). ' +
      `Until the server notices that connection is gone, ${turnedAway} ` +
      `Servers notice by themselves, usually within 10 minutes. ${NOT_THE_PASSWORD} No mail is lost.`,
    evidence: [
      ...ctx.serverEvidence,
      `Poplar’s previous connection, at ${timeOfDay(previous.startedAt)}, ended without QUIT (${howItBroke(previous.endedBy)}) at ${timeOfDay(previous.endedAt)}.`,
      `This ${stalled ? 'check' : 'refusal'} came ${span(gap)} later, at ${timeOfDay(ctx.failed.startedAt)}: within the time a server may keep a broken connection’s lock (often up to 10 minutes).`,
      ...countLine(ctx),
    ],
    poplarWillDo: willCheck(ctx.input, 'Poplar waits for the server to let go of the old connection and checks again'),
    youCanDo: [
      'Nothing: this clears by itself.',
      'If it happens often, the connection to the mail server is unreliable: a Wi-Fi that sleeps, a VPN that reconnects, or a computer that goes to sleep during a check.',
    ],
  };
}

function tooFrequent(ctx: CauseContext, why: 'interval' | 'right-after' | 'login-delay'): Explained {
  const { input, failed, previous } = ctx;
  const delay = input.loginDelaySeconds;
  const evidence = [...ctx.serverEvidence];
  const youCanDo: string[] = [];
  const problem = intervalProblem(input.account.intervalMinutes, delay);
  const every = plural(input.account.intervalMinutes, 'minute');
  let explanation: string;
  if (why === 'right-after' && previous) {
    const gap = Math.max(0, failed.startedAt - previous.endedAt);
    evidence.push(
      `Poplar’s previous connection ended at ${timeWithSeconds(previous.endedAt)} with ${previous.endedBy === 'quit' ? 'an acknowledged QUIT' : 'QUIT'}; ` +
        `this login came ${span(gap)} later, at ${timeWithSeconds(failed.startedAt)}.`,
    );
    explanation =
      'This check came right after Poplar’s previous one. Some servers keep the mailbox locked for a short while after a connection closes, ' +
      `so a check straight after another one is turned away. ${NOT_THE_PASSWORD}`;
    youCanDo.push('Leave a minute between checks: pressing “Check now” right after a check can be refused.');
    youCanDo.push(`If the regular checks are refused too, set a longer check interval in the account settings (now every ${every}).`);
  } else {
    if (delay !== null)
      evidence.push(`The server allows one login every ${span(delay * 1000)} (it announced LOGIN-DELAY ${delay} in its capabilities).`);
    if (problem !== null && delay !== null) evidence.push(`This account is set to check every ${every}, which is more often than that.`);
    if (previous?.connectedAt != null)
      evidence.push(
        `Poplar’s previous login was at ${timeOfDay(previous.connectedAt)}, ${span(failed.startedAt - previous.connectedAt)} before this one.`,
      );
    explanation =
      why === 'login-delay'
        ? 'The mail server allows a login only every so often, and this one came too soon after the previous one. Nothing is wrong with the account.'
        : 'The mail server allows a login only every so often, and this account is set to check more often than that. ' +
          `Some servers turn a login that comes too soon away as “mailbox in use”. ${NOT_THE_PASSWORD}`;
    if (problem !== null && delay !== null) youCanDo.push(`Set a longer check interval in the account settings: ${problem}.`);
    else if (keptApart(ctx)) {
      youCanDo.push('Nothing needs changing in Poplar: it already keeps its checks at least the server’s minimum time apart.');
      youCanDo.push(
        'The server counts the logins of every program that uses this mailbox, so another program checking it (a phone, a second mail program) uses up the allowance too: set it to check less often.',
      );
    } else {
      // The refused login itself came sooner than LOGIN-DELAY after Poplar's previous one
      // (the delay was not known yet, or is not known at all): say what changes now.
      youCanDo.push(
        delay !== null
          ? `Nothing needs changing in Poplar: it has now learned the server’s minimum time between logins (${span(delay * 1000)}) and keeps its checks at least that far apart from now on.`
          : 'Nothing needs changing in Poplar: the server did not say how long to wait, so Poplar waits longer after each refusal.',
      );
    }
  }
  return {
    cause: 'too-frequent',
    title: 'This mailbox is checked more often than the server allows',
    explanation,
    evidence: [...evidence, ...countLine(ctx)],
    poplarWillDo: willCheck(
      input,
      why === 'right-after'
        ? 'Poplar waits a little and checks again'
        : 'Poplar keeps its checks at least the server’s minimum time apart and checks again',
    ),
    youCanDo,
  };
}

/**
 * Whether Poplar's own logins were at least the server's LOGIN-DELAY apart: only then may a
 * diagnosis say "it already keeps its checks at least the server's minimum time apart". The
 * caller's fact (DiagnoseInput.loginDelayKept) when given; otherwise worked out from the
 * history here — never assumed when the delay is unknown.
 */
function keptApart(ctx: CauseContext): boolean {
  const { input, failed, previous } = ctx;
  const delay = input.loginDelaySeconds;
  if (delay === null) return false;
  if (input.loginDelayKept !== undefined) return input.loginDelayKept;
  return previous?.connectedAt == null || failed.startedAt - previous.connectedAt >= delay * 1000;
}

export function explainLoginDelay(ctx: CauseContext): Explained {
  return tooFrequent(ctx, 'login-delay');
}

export function explainConnectionLimit(ctx: CauseContext): Explained {
  return {
    cause: 'connection-limit',
    title: 'Too many connections to the mail server at once',
    explanation:
      'The mail server limits how many connections one account (or one network) may have open at the same time, and that limit was reached. ' +
      'This happens when several programs or devices, often on the same network, use this account at once. ' +
      `It is not a lock held by one other session. ${NOT_THE_PASSWORD}`,
    evidence: [...ctx.serverEvidence, ...countLine(ctx)],
    poplarWillDo: willCheck(ctx.input, 'Poplar only ever opens one connection per mailbox; it waits and checks again'),
    youCanDo: [
      'Close some of the mail programs or devices that use this account, or set them to check less often.',
      'If many people share one network (an office, a school), the limit may count the whole network: ask your provider or administrator to raise it.',
    ],
  };
}

/**
 * The server answered the greeting and USER, then said nothing after PASS/APOP/AUTH until
 * Poplar gave up (pop3/commands/authenticate.ts 'login-stalled'): popa3d and solid-pop3d wait
 * like this on an fcntl lock of the mbox. Not a network problem — the server was answering —
 * and not a password problem: it never got as far as saying anything about the login.
 * A broken connection of Poplar's own shortly before is the likeliest holder, as for a
 * refusal; otherwise another program (a mail delivery, another mail program) holds it.
 */
export function explainLoginStalled(ctx: CauseContext): Explained {
  const { failed, previous } = ctx;
  const gap = previous ? Math.max(0, failed.startedAt - previous.endedAt) : null;
  if (previous && gap !== null && endedWithoutQuit(previous) && gap <= STALE_WINDOW_MS) return ownStaleSession(ctx, gap, true);
  return {
    cause: 'other-client',
    title: 'The server is waiting for another program to release your mailbox',
    explanation:
      'The mail server answered Poplar, then went silent after Poplar signed in: the server is waiting for another program to release your mailbox, ' +
      'and gives no answer until it does. Some servers (popa3d and solid-pop3d, for example) wait like this while mail is being delivered to the mailbox ' +
      `or while another mail program or device has it open. ${NOT_THE_PASSWORD} No mail is lost; it waits on the server.`,
    evidence: [
      ...ctx.serverEvidence,
      'The server answered the greeting and the user name, and went silent only after the sign-in step: it was reachable and answering, so the connection was fine.',
      ...countLine(ctx),
    ],
    poplarWillDo: willCheck(
      ctx.input,
      `Poplar does not keep knocking: it waits longer after each time (${BACKOFF_STEPS}) and checks again`,
    ),
    youCanDo: [
      'Usually nothing: a mail delivery holds the mailbox only for moments.',
      'If it keeps happening, look for another program that keeps this mailbox open: a phone or tablet mail app, a second mail program, or a filter on the server that scans it.',
    ],
  };
}
