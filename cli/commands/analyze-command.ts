/**
 * `mam analyze`: statistics of a simulation run (Schmidt et al. 2018, Figs. 5-9), chosen with --what.
 * Prints an area table; with --out DIR writes areas.csv / populations.csv (one column per scalar
 * statistic, unit in the column name), analysis.json (window, tables, matrices, results, and an index
 * of the arrays) and .npy arrays (unit in the file name, axes in analysis.json). The folder is written
 * under a temporary name and renamed when complete; an existing folder is replaced only with --overwrite.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { UsageError } from '../cli-errors.ts';
import { type Analysis, analysisOfRun, Labelled, type LabelledSquareMatrix, type SeriesTable, shortWindowWarning, SPIKE_TRAIN_STATISTICS, spikesPerNeuron } from '../../analysis/index.ts';
import { writeFileAtomic, writeFolderAtomic, writeNpy } from '../../core/index.ts';
import type { SpikeSource } from '../../simulation/index.ts';
import { nonNegativeMs, wholeNumber } from './command-options.ts';
import { addSourceOptions, openRunSource, printNotes, RUN_HELP, type SourceOptions, windowLine } from './source-options.ts';

/** The statistics --what accepts, cheap ones first. */
export const ANALYZE_WHAT = {
  rates: 'mean rates (spikes/s)',
  cv: 'mean CV of ISIs',
  lvr: 'LvR (R = 2 ms)',
  synchrony: 'CV of the population rate (1 ms bins)',
  fano: 'Fano factor of the population spike count',
  'isi-scc': 'ISI serial correlation coefficients, lags 1-5',
  corrcoef: 'mean pairwise correlation coefficient (populations)',
  'rate-histograms': 'single-neuron rate histograms (100 bins)',
  spectra: 'power spectra of the population rates',
  'rate-series': 'rate time series (1 ms bins)',
  'cross-correlation': 'cross-correlation functions between areas (|lag| <= 100 ms)',
  hierarchy: 'peak lags and temporal hierarchy of areas',
  timescales: 'intrinsic time scales (autocorrelation decay fit)',
  'synaptic-output': 'synaptic output time series (needs the network)',
  'synaptic-input': 'synaptic input time series (needs the network)',
  fc: 'FC from synaptic input, compared with experiment; Louvain communities of it, of the experimental FC and of the structural connectivity',
  bold: 'BOLD signals and FC from BOLD (runs longer than 5 s)',
  granger: 'Granger causality onto every population and its significant channels (slow)',
  paths: 'shortest-path channels of the gain matrix at the analysed rates',
} as const;
export type AnalyzeWhat = keyof typeof ANALYZE_WHAT;
export const DEFAULT_WHAT: AnalyzeWhat[] = ['rates', 'cv', 'lvr', 'synchrony'];

interface AnalyzeOptions extends SourceOptions {
  run: string;
  tMin?: number;
  tMax?: number;
  what: AnalyzeWhat[];
  out?: string;
  overwrite?: boolean;
  seed: number;
}

function parseWhat(value: string): AnalyzeWhat[] {
  const items = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 1 && items[0] === 'all') return Object.keys(ANALYZE_WHAT) as AnalyzeWhat[];
  for (const item of items) {
    if (!(item in ANALYZE_WHAT)) throw new UsageError(`--what: unknown statistic '${item}'; expected a comma-separated list of ${Object.keys(ANALYZE_WHAT).join(', ')} (or all)`);
  }
  if (items.length === 0) throw new UsageError(`--what: empty list; expected e.g. ${DEFAULT_WHAT.join(',')}`);
  return items as AnalyzeWhat[];
}

export function analyzeCommand(): Command {
  const cmd = new Command('analyze')
    .description('Statistics of a simulation run per population and area (rates, ISI statistics, synchrony, spectra, correlations, FC, BOLD, Granger causality, ...)')
    .requiredOption('-r, --run <path>', RUN_HELP)
    .option('--t-min <ms>', 'start of the window (default 500 ms, or half the valid data if shorter)', nonNegativeMs('--t-min'))
    .option('--t-max <ms>', 'end of the window (default: end of the valid data)', nonNegativeMs('--t-max'))
    .option('-w, --what <list>', `statistics, comma-separated, or all: ${Object.keys(ANALYZE_WHAT).join(', ')}`, parseWhat, DEFAULT_WHAT)
    .option('-o, --out <dir>', 'write tables (CSV, JSON) and arrays (npy) to this folder')
    .option('--overwrite', 'replace an existing --out folder')
    .option('--seed <n>', 'seed of the Louvain community detection', wholeNumber('--seed', 0), 1);
  return addSourceOptions(cmd)
    .addHelpText(
      'after',
      `\nThe first line gives the window used. CV, LvR and ISI correlations are flagged (stderr, analysis.json "warnings") for populations with fewer than 10 spikes per neuron in the window.\n\nStatistics:\n${Object.entries(ANALYZE_WHAT).map(([k, v]) => `  ${k.padEnd(18)} ${v}`).join('\n')}\n\nExample:\n  npx mam analyze --run simulations/<label> --what rates,cv,fc --out analysis/`,
    )
    .action((opts: AnalyzeOptions) => analyze(opts));
}

type Row = Record<string, string | number>;
interface NpyEntry {
  file: string;
  shape: number[];
  axes: string[];
  unit: string;
  data: Float64Array;
}

/** Results of one analysis, ready to print and write. */
interface Report {
  json: Record<string, unknown>;
  areas: Row[];
  populations: Row[];
  arrays: NpyEntry[];
}

function fmt(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return Number.isFinite(x) ? x.toPrecision(4) : '-';
}

function addColumn(rows: Row[], table: Labelled<number>, column: string): void {
  table.values.forEach((v, i) => (rows[i][column] = v));
}

function stack(rows: readonly ArrayLike<number>[]): Float64Array {
  const width = rows[0]?.length ?? 0;
  const out = new Float64Array(rows.length * width);
  rows.forEach((r, i) => out.set(Array.from(r), i * width));
  return out;
}

function matrixNpy(file: string, m: LabelledSquareMatrix, unit: string): NpyEntry {
  return { file, shape: [m.labels.length, m.labels.length], axes: ['area', 'area'], unit, data: stack(m.values) };
}

function seriesNpys(name: string, table: SeriesTable, unitSuffix: string): NpyEntry[] {
  const out: NpyEntry[] = [];
  if (table.areas.size > 0) {
    out.push({ file: `${name}_areas${unitSuffix}.npy`, shape: [table.areas.size, table.t_ms.length], axes: ['area', 'time'], unit: table.unit, data: stack(table.areas.values) });
  }
  if (table.populations.size > 0) {
    out.push({ file: `${name}_populations${unitSuffix}.npy`, shape: [table.populations.size, table.t_ms.length], axes: ['population', 'time'], unit: table.unit, data: stack(table.populations.values) });
  }
  return out;
}

/**
 * Runs each step; with `lenient` (--what all) a step that cannot be computed for this run (too short
 * for BOLD, no network, ...) is skipped with a warning instead of failing the whole analysis.
 */
function step(name: string, lenient: boolean, skipped: { what: string; reason: string }[], f: () => void): void {
  if (!lenient) return f();
  try {
    f();
  } catch (err) {
    skipped.push({ what: name, reason: (err as Error).message });
    console.error(`mam analyze: skipped ${name}: ${(err as Error).message}`);
  }
}

function buildReport(a: Analysis, what: ReadonlySet<AnalyzeWhat>, seed: number, lenient: boolean): Report {
  const areas: Row[] = a.areas.map((area) => ({ area }));
  const populations: Row[] = a.structureVec.map((population) => ({ population }));
  const json: Record<string, unknown> = { window_ms: a.window, areas: a.areas, populations: a.structureVec, network_label: a.network?.label ?? null };
  const warning = shortWindowWarning(a, [...what]);
  json.warnings = warning ? [warning] : [];
  if (SPIKE_TRAIN_STATISTICS.some((s) => what.has(s))) spikesPerNeuron(a).forEach((p, i) => (populations[i].spikes_per_neuron = p.spikesPerNeuron));
  const arrays: NpyEntry[] = [];
  const scalar = (key: string, column: string, t: { populations: Labelled<number>; areas: Labelled<number> }): void => {
    addColumn(populations, t.populations, column);
    addColumn(areas, t.areas, column);
    json[key] = t;
  };
  if (what.has('rates')) scalar('rates_spikes_per_s', 'rate_spikes_per_s', a.rates());
  if (what.has('cv')) scalar('cv_isi', 'cv_isi', a.cvIsi());
  if (what.has('lvr')) scalar('lvr', 'lvr', a.lvr());
  if (what.has('synchrony')) scalar('synchrony', 'synchrony', a.synchrony());
  if (what.has('fano')) scalar('fano_factor', 'fano_factor', a.fanoFactor());
  if (what.has('isi-scc')) {
    const scc = a.isiSerialCorrelation(5);
    for (const [rows, table] of [[populations, scc.populations], [areas, scc.areas]] as const) {
      table.values.forEach((r, i) => r.mean.forEach((v, k) => (rows[i][`isi_scc_lag${k + 1}`] = v)));
    }
    json.isi_scc = scc;
  }
  if (what.has('corrcoef')) {
    const cc = a.correlationCoefficients();
    addColumn(populations, cc, 'corrcoef');
    json.corrcoef = cc;
  }
  if (what.has('rate-histograms')) {
    const h = a.rateDistributions();
    for (const [kind, table] of [['areas', h.areas], ['populations', h.populations]] as const) {
      arrays.push({ file: `rate_histograms_${kind}_probability.npy`, shape: [table.size, 100], axes: [kind.slice(0, -1), 'bin'], unit: '1', data: stack(table.values.map((d) => d.probability)) });
      arrays.push({ file: `rate_histograms_${kind}_bin_left_spikes_per_s.npy`, shape: [table.size, 100], axes: [kind.slice(0, -1), 'bin'], unit: 'spikes/s', data: stack(table.values.map((d) => d.binLeft_spikes_per_s)) });
    }
  }
  if (what.has('spectra')) {
    const s = a.spectra();
    const nf = s.areas.values[0].frequency_Hz.length;
    arrays.push({ file: 'spectra_frequency_Hz.npy', shape: [nf], axes: ['frequency'], unit: 'Hz', data: Float64Array.from(s.areas.values[0].frequency_Hz) });
    arrays.push({ file: 'spectra_areas_spikes2_per_s2_per_Hz.npy', shape: [s.areas.size, nf], axes: ['area', 'frequency'], unit: '(spikes/s)^2/Hz', data: stack(s.areas.values.map((v) => v.power)) });
    arrays.push({ file: 'spectra_populations_spikes2_per_s2_per_Hz.npy', shape: [s.populations.size, nf], axes: ['population', 'frequency'], unit: '(spikes/s)^2/Hz', data: stack(s.populations.values.map((v) => (v.power.length === nf ? v.power : new Array(nf).fill(NaN)))) });
  }
  const timeAxis = (t: SeriesTable): void => {
    if (!arrays.some((e) => e.file === 't_ms.npy')) arrays.push({ file: 't_ms.npy', shape: [t.t_ms.length], axes: ['time'], unit: 'ms', data: Float64Array.from(t.t_ms) });
  };
  if (what.has('rate-series')) {
    const r = a.rateTimeSeries({ binOffset_ms: 0.5 });
    timeAxis(r);
    arrays.push(...seriesNpys('rate', r, '_spikes_per_s'));
  }
  if (what.has('cross-correlation')) {
    const cc = a.crossCorrelations();
    const n = cc.labels.length;
    arrays.push({ file: 'cross_correlation_lag_ms.npy', shape: [cc.lag_ms.length], axes: ['lag'], unit: 'ms', data: Float64Array.from(cc.lag_ms) });
    arrays.push({ file: 'cross_correlation_spikes2_per_s2.npy', shape: [n, n, cc.lag_ms.length], axes: ['area', 'area', 'lag'], unit: '(spikes/s)^2', data: stack(cc.values.flat()) });
  }
  const skipped: { what: string; reason: string }[] = [];
  json.skipped = skipped;
  if (what.has('hierarchy')) step('hierarchy', lenient, skipped, () => {
    const h = a.temporalHierarchy();
    json.temporal_hierarchy = { order: h.order, position: h.position, violations: h.violations, deviation_ms: h.deviation_ms, excluded: h.excluded };
    arrays.push(matrixNpy('peak_lag_ms.npy', h.peakLags, 'ms'));
    areas.forEach((r) => (r.hierarchy_position = h.position[h.order.indexOf(String(r.area))] ?? NaN));
  });
  if (what.has('timescales')) step('timescales', lenient, skipped, () => {
    const ts = a.intrinsicTimescales();
    addColumn(areas, ts.map((t) => t.tau_ms), 'intrinsic_timescale_ms');
    addColumn(areas, ts.map((t) => t.tauStdError_ms), 'intrinsic_timescale_se_ms');
    json.intrinsic_timescales = ts.map((t) => ({ tau_ms: t.tau_ms, tauStdError_ms: t.tauStdError_ms, fit: t.fit }));
  });
  if (what.has('synaptic-output')) step('synaptic-output', lenient, skipped, () => {
    const s = a.synapticOutput();
    timeAxis(s);
    arrays.push(...seriesNpys('synaptic_output', s, '_spikes_per_s'));
  });
  if (what.has('synaptic-input')) step('synaptic-input', lenient, skipped, () => {
    const s = a.synapticInput();
    timeAxis(s);
    arrays.push(...seriesNpys('synaptic_input', s, '_pA_spikes_per_s'));
  });
  const fcReport = (name: string, fc: LabelledSquareMatrix): void => {
    const comparison = a.compareWithExperimentalFc(fc);
    const communities = a.communities(fc, { seed });
    json[`fc_${name}`] = { matrix: fc, similarity_to_experiment: comparison.similarity, communities };
    json.fc_structural_similarity_to_experiment = comparison.structuralSimilarity;
    arrays.push(matrixNpy(`fc_${name}.npy`, fc, '1'));
    addColumn(areas, new Labelled(communities.labels, communities.community), `community_fc_${name}`);
    if (!arrays.some((e) => e.file === 'fc_experimental.npy')) {
      arrays.push(matrixNpy('fc_experimental.npy', comparison.experimental, '1'));
      const exp = a.communities(comparison.experimental, { seed });
      json.fc_experimental = { matrix: comparison.experimental, communities: exp };
      addColumn(areas, new Labelled(exp.labels, exp.community), 'community_fc_experimental');
    }
  };
  if (what.has('fc')) {
    step('fc', lenient, skipped, () => fcReport('synaptic_input', a.functionalConnectivity()));
    step('structural communities', lenient, skipped, () => {
      const sc = a.structuralConnectivity();
      const communities = a.communities(sc, { seed, directed: true });
      json.structural_connectivity = { matrix: sc, communities };
      addColumn(areas, new Labelled(communities.labels, communities.community), 'community_structural');
    });
  }
  if (what.has('bold')) {
    step('bold', lenient, skipped, () => {
      const b = a.boldSignal();
      timeAxis(b);
      arrays.push(...seriesNpys('bold', b, ''));
    });
    step('bold FC', lenient, skipped, () => fcReport('bold', a.functionalConnectivity({ signal: 'bold' })));
  }
  if (what.has('granger')) step('granger', lenient, skipped, () => {
    const gc = a.grangerCausality();
    json.granger_causality = gc;
    json.significant_channels = a.significantChannels(gc);
  });
  if (what.has('paths')) step('paths', lenient, skipped, () => (json.path_analysis = a.pathAnalysis()));
  json.arrays = arrays.map(({ file, shape, axes, unit }) => ({ file, shape, axes, unit }));
  return { json, areas, populations, arrays };
}

function toCsv(rows: readonly Row[]): string {
  const columns = Object.keys(rows[0] ?? {});
  const cell = (v: string | number | undefined): string => (typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : (v ?? ''));
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

function printTable(report: Report, a: Analysis, source: SpikeSource): void {
  const columns = Object.keys(report.areas[0]).filter((c) => c !== 'area');
  const width = Math.max(6, ...a.areas.map((x) => x.length));
  const w = columns.map((c) => Math.max(10, c.length));
  const lines = [windowLine(source, a.window), ['area'.padStart(width), ...columns.map((c, k) => c.padStart(w[k]))].join(' ')];
  for (const row of report.areas) lines.push([String(row.area).padStart(width), ...columns.map((c, k) => (typeof row[c] === 'number' ? fmt(row[c] as number) : String(row[c])).padStart(w[k]))].join(' '));
  for (const key of Object.keys(report.json).filter((k) => k.startsWith('fc_') && k !== 'fc_experimental' && k !== 'fc_structural_similarity_to_experiment')) {
    const fc = report.json[key] as { similarity_to_experiment: number };
    lines.push(`${key}: similarity to the experimental FC r = ${fmt(fc.similarity_to_experiment)}`);
  }
  const h = report.json.temporal_hierarchy as { order: string[] } | undefined;
  if (h) lines.push(`temporal hierarchy (low to high): ${h.order.join(' ')}`);
  console.log(lines.join('\n'));
}

async function analyze(opts: AnalyzeOptions): Promise<void> {
  const out = opts.out ? resolve(opts.out) : undefined;
  if (out && existsSync(out) && !opts.overwrite) throw new Error(`--out ${out} exists; choose a new folder or pass --overwrite to replace it`);
  const source = await openRunSource(resolve(opts.run), opts);
  const analysis = analysisOfRun(source, { window: { t_min_ms: opts.tMin, t_max_ms: opts.tMax } });
  const all = Object.keys(ANALYZE_WHAT).length === opts.what.length;
  const report = buildReport(analysis, new Set(opts.what), opts.seed, all);
  report.json.source = { path: source.info.path, format: source.info.format, simulator: source.info.simulator, end: source.info.end, complete: source.info.complete, valid_window_ms: source.window, notes: source.info.notes };
  printNotes('analyze', source);
  for (const warning of report.json.warnings as string[]) console.error(`mam analyze: warning: ${warning}`);
  printTable(report, analysis, source);
  if (!out) return;
  writeFolderAtomic(out, (dir) => {
    writeFileAtomic(join(dir, 'areas.csv'), toCsv(report.areas));
    writeFileAtomic(join(dir, 'populations.csv'), toCsv(report.populations));
    for (const e of report.arrays) writeNpy(join(dir, e.file), { shape: e.shape, data: e.data });
    writeFileAtomic(join(dir, 'analysis.json'), JSON.stringify({ run: resolve(opts.run), what: opts.what, ...report.json }, null, 1) + '\n');
  });
  console.log(`Wrote ${report.areas.length} areas, ${report.populations.length} populations, ${report.arrays.length} arrays to ${out}`);
}
