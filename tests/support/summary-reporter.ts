// Prints one plain closing line after Vitest's own summary, per tier and in total:
//   unit: 120 passed, 0 failed, 2 skipped
//   tests: 140 passed, 0 failed, 2 skipped
// CI tooling that does not parse Vitest's output reads that last line to count tests.
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const perProject = new Map<string, { passed: number; failed: number; skipped: number }>();
    const total = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      const name = module.project.name || 'tests';
      const counts = perProject.get(name) ?? { passed: 0, failed: 0, skipped: 0 };
      perProject.set(name, counts);
      // A file that failed to load has no tests: count it as a failure, never as nothing.
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) {
        counts.failed += 1;
        total.failed += 1;
      }
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        const key = state === 'passed' ? 'passed' : state === 'failed' ? 'failed' : 'skipped';
        counts[key] += 1;
        total[key] += 1;
      }
    }
    const line = (c: typeof total) => `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`;
    const out = ['', ...[...perProject].map(([name, c]) => `${name}: ${line(c)}`), `tests: ${line(total)}`];
    process.stdout.write(out.join('\n') + '\n');
  }
}
