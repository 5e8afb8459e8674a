/** `mam analyze`: spike statistics of a simulation run (rates, CV, LvR, synchrony per population and area). */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { analysisOfRun, type AnalysisSummary } from '../../analysis/index.ts';
import { writeFileAtomic } from '../../core/index.ts';
import { nonNegativeMs } from './command-options.ts';

interface AnalyzeOptions {
  run: string;
  tMin?: number;
  tMax?: number;
  out?: string;
}

export function analyzeCommand(): Command {
  return new Command('analyze')
    .description('Spike statistics of a simulation run: rates (spikes/s), CV of ISIs, LvR and synchrony per population and area')
    .requiredOption('-r, --run <dir>', 'run folder (<data_path>/<label>)')
    .option('--t-min <ms>', 'start of the window (default 500 ms, or half the run if shorter)', nonNegativeMs('--t-min'))
    .option('--t-max <ms>', 'end of the window (default: end of the run)', nonNegativeMs('--t-max'))
    .option('-o, --out <file>', 'write the full summary (populations and areas) as JSON')
    .addHelpText('after', '\nExample:\n  npx mam analyze --run simulations/<label> --t-min 500 --t-max 1000 --out analysis.json')
    .action((opts: AnalyzeOptions) => {
      try {
        analyze(opts);
      } catch (err) {
        console.error(`mam analyze: ${(err as Error).message}`);
        process.exitCode = 1;
      }
    });
}

function analyze(opts: AnalyzeOptions): void {
  const analysis = analysisOfRun(resolve(opts.run), { window: { t_min_ms: opts.tMin, t_max_ms: opts.tMax } });
  const summary = analysis.summary();
  console.log(formatAreaTable(summary));
  if (opts.out) {
    writeFileAtomic(resolve(opts.out), JSON.stringify(summary, null, 1) + '\n');
    console.log(`Wrote the summary of ${Object.keys(summary.rates_spikes_per_s.populations).length} populations to ${resolve(opts.out)}`);
  }
}

function formatAreaTable(summary: AnalysisSummary): string {
  const fmt = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(3));
  const { t_min_ms, t_max_ms } = summary.window;
  const lines = [`window [${t_min_ms}, ${t_max_ms}] ms`, `${'area'.padStart(6)} ${'rate'.padStart(9)} ${'CV'.padStart(9)} ${'LvR'.padStart(9)} ${'synchrony'.padStart(9)}`];
  for (const area of Object.keys(summary.rates_spikes_per_s.areas)) {
    lines.push(
      [area.padStart(6), ...[summary.rates_spikes_per_s, summary.cvIsi, summary.lvr, summary.synchrony].map((v) => fmt(v.areas[area]).padStart(9))].join(' '),
    );
  }
  return lines.join('\n');
}
