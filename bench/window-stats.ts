// Figures for bench:window's table: percentiles by nearest rank, and the rows of the table.

/** Nearest-rank percentile of `xs` (0 < q ≤ 1); NaN when empty. */
export function percentile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

/** p95 is only printed from this many samples on; below it the table shows the maximum. */
export const P95_SAMPLES = 10;

export interface Row {
  readonly measure: string;
  readonly samples: readonly number[];
  /** Samples that never settled (timed out), shown beside the count. */
  readonly failed?: number;
  readonly target?: string;
  readonly note?: string;
}

const ms = (x: number): string => (Number.isFinite(x) ? x.toFixed(0) : '—');

export function table(rows: readonly Row[]): string {
  const head = ['measure', 'n', 'p50 ms', 'p95 ms', 'max ms', 'target', 'note'];
  const body = rows.map((r) => [
    r.measure,
    r.failed ? `${r.samples.length} (+${r.failed} timed out)` : String(r.samples.length),
    ms(percentile(r.samples, 0.5)),
    r.samples.length >= P95_SAMPLES ? ms(percentile(r.samples, 0.95)) : '—',
    ms(r.samples.length ? Math.max(...r.samples) : Number.NaN),
    r.target ?? '',
    r.note ?? '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 || i >= 5 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
