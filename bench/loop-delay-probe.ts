// Loaded into `poplar sync` with `node --import bench/loop-delay-probe.ts` by bench/sync.ts: measures
// the event-loop delay of the process's main thread (where the CLI runs the engine) and, at exit,
// writes one JSON line to the file named by POPLAR_BENCH_LOOP_DELAY, apart from `--json` on stdout.
//
// The histogram samples with a 10 ms timer, so each value is that interval plus the delay; the
// figures written are the delay alone (value − 10 ms). CPU and peak RSS come along for when
// /usr/bin/time is missing.
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';

const RESOLUTION_MS = 10;
const file = process.env.POPLAR_BENCH_LOOP_DELAY;
if (isMainThread && file) {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  const delayMs = (ns: number): number => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  // Peak memory of this thread's heap and of memory outside it (Buffers), beside the process's RSS.
  const peak = { heapMB: 0, externalMB: 0 };
  setInterval(() => {
    const m = process.memoryUsage();
    peak.heapMB = Math.max(peak.heapMB, m.heapTotal / 2 ** 20);
    peak.externalMB = Math.max(peak.externalMB, m.external / 2 ** 20);
  }, 100).unref();
  process.on('exit', () => {
    histogram.disable();
    const usage = process.resourceUsage();
    const line = {
      p50: delayMs(histogram.percentile(50)),
      p99: delayMs(histogram.percentile(99)),
      max: delayMs(histogram.max),
      samples: histogram.count,
      userS: usage.userCPUTime / 1e6,
      sysS: usage.systemCPUTime / 1e6,
      maxRssKiB: usage.maxRSS,
      // How long the main thread was busy (not waiting in the event loop): the engine's own cost.
      busyS: performance.eventLoopUtilization().active / 1000,
      heapMB: Math.round(peak.heapMB),
      externalMB: Math.round(peak.externalMB),
    };
    writeFileSync(file, JSON.stringify(line) + '\n');
  });
}
