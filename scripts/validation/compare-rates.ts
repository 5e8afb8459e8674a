/**
 * Compares population rates of two or more runs (ours, Brian2, NEST, mean-field theory):
 * mean and median |log ratio| over populations where both rates are > 0, Pearson correlation over
 * all common populations, mean rates, zero counts and the populations that differ most.
 *
 *   npx tsx scripts/validation/compare-rates.ts ours1=a.json ours2=b.json brian2=c.json \
 *     [theory=theory.json] [--pairs ours1:ours2,ours1:brian2] [--worst 10] [--json out.json]
 *   npx tsx scripts/validation/compare-rates.ts ours=a1.json,a2.json,a3.json brian2=b1.json,b2.json,b3.json
 *
 * Accepted files: `mam rates` / run_nest.py / brian2_network.py output ({"V1-23E": spikes/s, ...})
 * and `mam theory --out` output ({structure_vec, rates}). Without --pairs all pairs are compared.
 * A name given several comma-separated files (runs with different seeds) stands for their mean rate
 * in the pairwise table; two such groups are also compared by a permutation test (compareGroups).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mean, median, sampleCorrelation } from 'simple-statistics';
import { describeValue, writeFileAtomic } from '../../core/index.ts';

/** Population label ("area-pop") -> rate (spikes/s). */
export type RateMap = Record<string, number>;

export interface PopulationDifference {
  label: string;
  a: number;
  b: number;
  /** ln(a / b); Infinity / -Infinity when exactly one rate is 0. */
  logRatio: number;
}

export interface RateComparison {
  a: string;
  b: string;
  /** Populations present in both. */
  nCommon: number;
  /** Populations with both rates > 0: the ones entering the log-ratio statistics. */
  nPositive: number;
  /** Populations where exactly one of the two rates is 0 (excluded from the log ratios, listed in `worst` first). */
  zeroOneSide: string[];
  /** Populations where both rates are 0 (excluded from the log ratios). */
  zeroBoth: string[];
  meanAbsLogRatio: number;
  medianAbsLogRatio: number;
  /** Mean of ln(a / b) (signed): a systematic bias shows here, seed noise averages out. */
  meanLogRatio: number;
  /** Pearson correlation of the rates over all common populations (zeros included). */
  pearson: number;
  /** Unweighted mean over common populations (spikes/s). */
  meanRateA: number;
  meanRateB: number;
  /** Populations sorted by |log ratio|, largest first (one-sided zeros first). */
  worst: PopulationDifference[];
}

/** Reads a rate file: a label -> rate object, or a theory output with structure_vec and rates. */
export function parseRates(data: unknown, file: string): RateMap {
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new Error(`rates file ${file}: holds ${describeValue(data)}; expected an object "area-pop" -> spikes/s or {structure_vec, rates}`);
  }
  const obj = data as Record<string, unknown>;
  let entries: [string, unknown][];
  if (Array.isArray(obj.structure_vec) && Array.isArray(obj.rates)) {
    const labels = obj.structure_vec as unknown[];
    const rates = obj.rates as unknown[];
    if (labels.length !== rates.length) {
      throw new Error(`rates file ${file}: structure_vec has ${labels.length} labels but rates has ${rates.length} values; expected equal lengths`);
    }
    entries = labels.map((l, i) => [String(l), rates[i]]);
  } else {
    entries = Object.entries(obj);
  }
  const out: RateMap = {};
  for (const [label, rate] of entries) {
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0) {
      throw new Error(`rates file ${file}: rate of ${label} is ${describeValue(rate)}; expected a finite number >= 0 (spikes/s)`);
    }
    out[label] = rate;
  }
  if (Object.keys(out).length === 0) throw new Error(`rates file ${file}: no populations; expected at least one "area-pop" rate`);
  return out;
}

export function readRates(file: string): RateMap {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`rates file ${file}: cannot be read (${(e as Error).message}); expected a JSON file`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`rates file ${file}: not valid JSON (${(e as Error).message})`);
  }
  return parseRates(data, file);
}

/** Compares rates b against a on the populations both contain. */
export function compareRates(a: RateMap, b: RateMap, names: [string, string] = ['a', 'b'], worstCount = 10): RateComparison {
  const common = Object.keys(a).filter((l) => l in b);
  if (common.length < 2) {
    throw new Error(`compare ${names[0]} vs ${names[1]}: ${common.length} common populations; expected at least 2`);
  }
  const diffs: PopulationDifference[] = [];
  const zeroOneSide: string[] = [];
  const zeroBoth: string[] = [];
  for (const label of common) {
    const x = a[label];
    const y = b[label];
    if (x > 0 && y > 0) diffs.push({ label, a: x, b: y, logRatio: Math.log(x / y) });
    else if (x === 0 && y === 0) zeroBoth.push(label);
    else {
      zeroOneSide.push(label);
      diffs.push({ label, a: x, b: y, logRatio: x > 0 ? Infinity : -Infinity });
    }
  }
  const signed = diffs.filter((d) => Number.isFinite(d.logRatio)).map((d) => d.logRatio);
  const finite = signed.map(Math.abs);
  const xs = common.map((l) => a[l]);
  const ys = common.map((l) => b[l]);
  const worst = [...diffs].sort((p, q) => Math.abs(q.logRatio) - Math.abs(p.logRatio)).slice(0, worstCount);
  return {
    a: names[0],
    b: names[1],
    nCommon: common.length,
    nPositive: finite.length,
    zeroOneSide,
    zeroBoth,
    meanAbsLogRatio: finite.length > 0 ? mean(finite) : NaN,
    medianAbsLogRatio: finite.length > 0 ? median(finite) : NaN,
    meanLogRatio: signed.length > 0 ? mean(signed) : NaN,
    pearson: sampleCorrelation(xs, ys),
    meanRateA: mean(xs),
    meanRateB: mean(ys),
    worst,
  };
}

export interface GroupTestPopulation {
  label: string;
  /** Mean ln(rate) of group a minus that of group b. */
  logDiff: number;
  /** Two-sample t statistic (pooled variance) of the log rates. */
  t: number;
}

export interface GroupComparison {
  a: string;
  b: string;
  runsA: number;
  runsB: number;
  /** Populations with rates > 0 in every run of both groups (the others are excluded). */
  nTested: number;
  excluded: string[];
  /** Mean over populations of t^2: about (n - 2) / (n - 4) for n runs when the simulators agree. */
  meanT2: number;
  /** Mean over populations of logDiff: a systematic bias between the groups. */
  meanLogDiff: number;
  /** Fraction of the labelings of the pooled runs into groups of the same sizes whose mean t^2 is >= the observed one. */
  permutationP: number;
  nLabelings: number;
  worst: GroupTestPopulation[];
}

/** Mean ln(rate) difference and pooled-variance t statistic per population; t^2 averaged over populations. */
function groupStatistic(logs: Float64Array[], inA: boolean[], out?: GroupTestPopulation[], labels?: string[]): number {
  const nA = inA.filter(Boolean).length;
  const nB = inA.length - nA;
  const nPop = logs[0].length;
  let sumT2 = 0;
  for (let p = 0; p < nPop; p++) {
    let sa = 0;
    let sb = 0;
    for (let r = 0; r < logs.length; r++) (inA[r] ? (sa += logs[r][p]) : (sb += logs[r][p]));
    const ma = sa / nA;
    const mb = sb / nB;
    let ss = 0;
    for (let r = 0; r < logs.length; r++) {
      const d = logs[r][p] - (inA[r] ? ma : mb);
      ss += d * d;
    }
    const pooledVar = ss / (nA + nB - 2);
    const se = Math.sqrt(pooledVar * (1 / nA + 1 / nB));
    // Identical log rates in every run (se = 0) carry no evidence either way.
    const t = se > 0 ? (ma - mb) / se : 0;
    sumT2 += t * t;
    if (out && labels) out.push({ label: labels[p], logDiff: ma - mb, t });
  }
  return sumT2 / nPop;
}

function* subsetsOfSize(n: number, k: number): Generator<boolean[]> {
  const chosen: number[] = [];
  function* rec(start: number): Generator<boolean[]> {
    if (chosen.length === k) {
      const mask = new Array<boolean>(n).fill(false);
      for (const c of chosen) mask[c] = true;
      yield mask;
      return;
    }
    for (let i = start; i <= n - (k - chosen.length); i++) {
      chosen.push(i);
      yield* rec(i + 1);
      chosen.pop();
    }
  }
  yield* rec(0);
}

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

/**
 * Compares two groups of runs (e.g. our simulator and Brian2, several seeds each) population by
 * population on log rates, and tests whether the simulator label matters: the mean t^2 of the
 * actual grouping is ranked among all regroupings of the pooled runs (exact permutation test; it
 * needs no assumption on how rates scatter between seeds).
 */
export function compareGroups(runsA: RateMap[], runsB: RateMap[], names: [string, string] = ['a', 'b'], worstCount = 10): GroupComparison {
  if (runsA.length < 2 || runsB.length < 2) {
    throw new Error(`compare groups ${names[0]} (${runsA.length} runs) vs ${names[1]} (${runsB.length} runs): expected at least 2 runs in each`);
  }
  const runs = [...runsA, ...runsB];
  const nLabelings = binomial(runs.length, runsA.length);
  if (nLabelings > 200000) {
    throw new Error(`compare groups ${names[0]} vs ${names[1]}: ${runs.length} runs give ${nLabelings} labelings; expected at most 200000 (use fewer runs)`);
  }
  const common = Object.keys(runs[0]).filter((l) => runs.every((r) => l in r));
  const labels = common.filter((l) => runs.every((r) => r[l] > 0));
  const excluded = common.filter((l) => !labels.includes(l));
  if (labels.length < 1) throw new Error(`compare groups ${names[0]} vs ${names[1]}: no population with rates > 0 in every run`);
  const logs = runs.map((r) => Float64Array.from(labels, (l) => Math.log(r[l])));
  const actual = runs.map((_, i) => i < runsA.length);
  const perPop: GroupTestPopulation[] = [];
  const observed = groupStatistic(logs, actual, perPop, labels);
  let atLeast = 0;
  for (const mask of subsetsOfSize(runs.length, runsA.length)) {
    // A tolerance so that the observed labeling (and its mirror image) count despite rounding.
    if (groupStatistic(logs, mask) >= observed * (1 - 1e-12)) atLeast++;
  }
  return {
    a: names[0],
    b: names[1],
    runsA: runsA.length,
    runsB: runsB.length,
    nTested: labels.length,
    excluded,
    meanT2: observed,
    meanLogDiff: mean(perPop.map((p) => p.logDiff)),
    permutationP: atLeast / nLabelings,
    nLabelings,
    worst: [...perPop].sort((x, y) => Math.abs(y.t) - Math.abs(x.t)).slice(0, worstCount),
  };
}

/** Per-population mean rate over runs (populations present in all of them). */
export function meanRates(runs: RateMap[]): RateMap {
  const out: RateMap = {};
  for (const label of Object.keys(runs[0])) {
    if (runs.every((r) => label in r)) out[label] = mean(runs.map((r) => r[label]));
  }
  return out;
}

function fmt(x: number, digits = 3): string {
  return Number.isFinite(x) ? x.toFixed(digits) : String(x);
}

/** Markdown table of the comparisons, then the worst populations of each. */
export function formatComparisons(results: RateComparison[]): string {
  const lines = [
    '| comparison | populations (both > 0) | mean abs log ratio | median abs log ratio | mean log ratio | Pearson r | mean rate a | mean rate b | zeros (one side / both) |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    lines.push(
      `| ${r.a} vs ${r.b} | ${r.nCommon} (${r.nPositive}) | ${fmt(r.meanAbsLogRatio)} | ${fmt(r.medianAbsLogRatio)} | ${fmt(r.meanLogRatio)} | ${fmt(r.pearson)} | ${fmt(r.meanRateA, 2)} | ${fmt(r.meanRateB, 2)} | ${r.zeroOneSide.length} / ${r.zeroBoth.length} |`,
    );
  }
  for (const r of results) {
    lines.push('', `Worst populations, ${r.a} vs ${r.b} (rates in spikes/s, ln(a/b)):`);
    for (const d of r.worst) lines.push(`  ${d.label.padEnd(10)} ${fmt(d.a, 2).padStart(8)} ${fmt(d.b, 2).padStart(8)} ${fmt(d.logRatio).padStart(8)}`);
  }
  return lines.join('\n');
}

export function formatGroupComparisons(results: GroupComparison[]): string {
  const lines: string[] = [];
  for (const g of results) {
    const n = g.runsA + g.runsB;
    lines.push(
      '',
      `Group test ${g.a} (${g.runsA} runs) vs ${g.b} (${g.runsB} runs): ${g.nTested} populations (${g.excluded.length} excluded for a zero rate)`,
      `  mean t^2 = ${fmt(g.meanT2)} (${n > 4 ? `about ${fmt((n - 2) / (n - 4))}` : "large"} expected if the simulators agree), mean log difference = ${fmt(g.meanLogDiff, 4)}`,
      `  permutation p = ${fmt(g.permutationP)} (${g.nLabelings} labelings)`,
      '  largest |t| (label, mean ln a - mean ln b, t):',
    );
    for (const p of g.worst) lines.push(`  ${p.label.padEnd(10)} ${fmt(p.logDiff).padStart(8)} ${fmt(p.t, 2).padStart(8)}`);
  }
  return lines.join('\n');
}

interface CliArgs {
  inputs: { name: string; files: string[] }[];
  pairs: [string, string][] | null;
  worst: number;
  json: string | null;
}

function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { inputs: [], pairs: null, worst: 10, json: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg}: missing value`);
      return v;
    };
    if (arg === '--pairs') {
      args.pairs = value().split(',').map((p) => {
        const [x, y, ...rest] = p.split(':');
        if (!x || !y || rest.length > 0) throw new Error(`--pairs: got ${describeValue(p)}; expected name:name[,name:name...]`);
        return [x, y];
      });
    } else if (arg === '--worst') {
      const v = value();
      args.worst = Number(v);
      if (!Number.isInteger(args.worst) || args.worst < 0) throw new Error(`--worst: got ${describeValue(v)}; expected an integer >= 0`);
    } else if (arg === '--json') {
      args.json = value();
    } else if (arg.startsWith('--')) {
      throw new Error(`unknown option ${arg}; expected --pairs, --worst or --json`);
    } else {
      const eq = arg.indexOf('=');
      const files = (eq > 0 ? arg.slice(eq + 1) : arg).split(',').filter((f) => f.length > 0);
      if (files.length === 0) throw new Error(`input ${describeValue(arg)}: no file; expected name=file[,file...]`);
      const name = eq > 0 ? arg.slice(0, eq) : basename(files[0]).replace(/\.json$/, '');
      if (args.inputs.some((x) => x.name === name)) throw new Error(`input name ${describeValue(name)} used twice; expected distinct names (name=file)`);
      args.inputs.push({ name, files });
    }
  }
  if (args.inputs.length < 2) throw new Error(`inputs: got ${args.inputs.length} named input(s); expected at least 2 (name=file[,file...] ...)`);
  return args;
}

export function main(argv: string[]): void {
  const args = parseArgs(argv);
  const runs = new Map(args.inputs.map(({ name, files }) => [name, files.map(readRates)]));
  const rates = new Map([...runs].map(([name, r]) => [name, r.length === 1 ? r[0] : meanRates(r)]));
  const pairs: [string, string][] = args.pairs ?? [];
  if (!args.pairs) {
    const names = [...rates.keys()];
    for (let i = 0; i < names.length; i++) for (let j = i + 1; j < names.length; j++) pairs.push([names[i], names[j]]);
  }
  const results = pairs.map(([x, y]) => {
    for (const n of [x, y]) {
      if (!rates.has(n)) throw new Error(`--pairs: unknown name ${describeValue(n)}; expected one of ${[...rates.keys()].join(', ')}`);
    }
    return compareRates(rates.get(x)!, rates.get(y)!, [x, y], args.worst);
  });
  const groups = pairs
    .filter(([x, y]) => runs.get(x)!.length >= 2 && runs.get(y)!.length >= 2)
    .map(([x, y]) => compareGroups(runs.get(x)!, runs.get(y)!, [x, y], args.worst));
  console.log(formatComparisons(results) + formatGroupComparisons(groups));
  if (args.json) {
    // JSON has no infinities: one-sided zeros are written with logRatio null.
    const doc = { pairs: results, groups };
    writeFileAtomic(args.json, JSON.stringify(doc, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 1) + '\n');
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(`compare-rates: ${(e as Error).message}`);
    process.exit(1);
  }
}
