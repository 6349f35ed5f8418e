// diagnostics.get: the diagnostics view of one account — the diagnosis with its evidence, the
// last 24 hours of sessions for the timeline, the redacted transcript of the failed session,
// and the same report `poplar diagnose` prints, for "copy report".
import type { DiagnosticsView } from '../../shared/contract.ts';
import { mailboxReport } from '../diagnostics/mailbox.ts';
import { reportText } from '../diagnostics/report.ts';
import { DAY_MS } from '../diagnostics/session-facts.ts';
import { requireAccount, type EngineContext } from './context.ts';
import { demoHolds } from './demo.ts';
import { sessionView } from './views.ts';

export function diagnosticsView(ctx: EngineContext, accountId: number): DiagnosticsView {
  const account = requireAccount(ctx, accountId);
  const now = ctx.clock.now();
  const report = mailboxReport(ctx.profile.db, account, now, demoHolds(ctx.demo, account));
  const d = report.diagnosis;
  const failed = d.failedSessionId === null ? undefined : report.sessions.find((s) => s.id === d.failedSessionId);
  return {
    cause: d.cause,
    title: d.title,
    explanation: d.explanation,
    evidence: d.evidence,
    poplarWillDo: d.poplarWillDo,
    youCanDo: d.youCanDo,
    pattern: d.pattern,
    nextCheckAt: report.nextCheckAt,
    sessions: report.sessions.filter((s) => now - s.startedAt < DAY_MS).map(sessionView),
    // Redacted when it was recorded (pop3/transcript.ts): no password, no message bodies.
    transcript: (failed?.transcript ?? []).map((t) => ({ at: t.at, dir: t.dir, line: t.line })),
    report: reportText(report, now),
  };
}
