// Explains the newest failed check of a mailbox (DESIGN.md "Lock diagnostics"): the cause,
// the evidence from Poplar's own session history and the server's words, what Poplar will
// do and what the user can do. A pure function of its input, so the app, the browser-mode
// host and `poplar diagnose` give the same answer, and tests build histories by hand.
import { explainConnectionLimit, explainLockRefusal, explainLoginDelay, explainLoginStalled } from './lock-causes.ts';
import { willCheck, type CauseContext, type Explained } from './cause-context.ts';
import type { DiagnoseInput, Diagnosis } from './diagnosis.ts';
import { explainFailure } from './failure-causes.ts';
import { refusalPattern } from './pattern.ts';
import { serverEvidence } from './server-words.ts';
import { isFinished, lockRefusalTimes, previousConnected, type Finished } from './session-facts.ts';
import { timeOfDay } from './when.ts';

export function diagnose(input: DiagnoseInput): Diagnosis {
  const pattern = refusalPattern(input.sessions, input.now);
  // A check in progress has no outcome yet: the newest finished one is what there is to explain.
  const newest = input.sessions.find(isFinished);
  if (!newest || !newest.error) return { ...noProblem(input, newest ?? null, pattern), pattern, failedSessionId: null };
  const ctx: CauseContext = {
    input,
    failed: newest,
    previous: previousConnected(input.sessions, newest),
    serverEvidence: serverEvidence(newest.error, timeOfDay(newest.startedAt)),
    refusals24h: lockRefusalTimes(input.sessions, input.now).length,
    pattern,
  };
  return { ...explain(ctx, newest.error.code), pattern, failedSessionId: newest.id };
}

function explain(ctx: CauseContext, code: string): Explained {
  switch (code) {
    case 'mailbox-locked':
      return explainLockRefusal(ctx);
    case 'login-delay':
      return explainLoginDelay(ctx);
    case 'too-many-connections':
      return explainConnectionLimit(ctx);
    case 'login-stalled':
      return explainLoginStalled(ctx);
    default:
      return explainFailure(ctx, code);
  }
}

function noProblem(input: DiagnoseInput, last: Finished | null, pattern: string | null): Explained {
  if (!last) {
    return {
      cause: 'none',
      title: 'This mailbox has not been checked yet',
      explanation: 'Poplar has no record of a check of this mailbox, so there is nothing to explain yet.',
      evidence: [],
      poplarWillDo: willCheck(input, 'Poplar checks it'),
      youCanDo: ['Nothing needs doing.'],
    };
  }
  const got = last.downloaded ? `${last.downloaded} new message${last.downloaded === 1 ? '' : 's'}` : 'no new messages';
  const evidence = [
    `The last check, at ${timeOfDay(last.startedAt)}, ended ${last.endedBy === 'quit' ? 'normally with QUIT' : 'without a confirmed QUIT'}: ${got}.`,
  ];
  if (last.endedBy === 'quit-refused')
    evidence.push('The server did not confirm the end of that check, so any deletions it asked for are repeated at the next check.');
  return {
    cause: 'none',
    title: 'The last check worked',
    explanation:
      'Nothing is wrong: the last check of this mailbox worked.' +
      (pattern ? ' Earlier refusals followed a fixed schedule, though (see the pattern).' : ''),
    evidence,
    poplarWillDo: willCheck(input, 'Poplar checks again'),
    youCanDo: pattern
      ? ['Nothing needs doing now. If refusals come back, look for the program that checks on that schedule.']
      : ['Nothing needs doing.'],
  };
}
