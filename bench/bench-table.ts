/** A side-by-side row of a benchmark: our figure, the reference figure measured on this machine, the target. */
export interface BenchRow {
  job: string;
  oursMs: number;
  referenceMs: number;
  reference: string;
  targetMs: number;
}

const seconds = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);

/** Formats rows as a fixed-width table with the speed-up and whether the target is met. */
export function formatBenchTable(rows: BenchRow[]): string {
  const header = ['job', 'multiarea', 'reference (this machine)', 'speed-up', 'target', 'met'];
  const cells = rows.map((r) => [
    r.job,
    seconds(r.oursMs),
    `${seconds(r.referenceMs)} ${r.reference}`,
    `${(r.referenceMs / r.oursMs).toFixed(0)}x`,
    `<= ${seconds(r.targetMs)}`,
    r.oursMs <= r.targetMs ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i])).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}
