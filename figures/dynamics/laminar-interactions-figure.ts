/**
 * Laminar interactions of the resting state (Schmidt et al. 2018b, Fig. 9; upstream
 * Fig9_laminar_interactions.py, Fig9_significant_channels.py, Fig9_path_analysis.py): A the significant
 * Granger-causal channels (source population -> target population, counted over area pairs) for each
 * structural gradient HL (to a less differentiated area), HZ (same type), LH; B the channels of the
 * shortest paths of the gain matrix between areas; C the percentage of significant connections per
 * gradient; D the proportions of excitatory and inhibitory targets among the significant channels;
 * E histograms of the relative indegree of all and of significant connections, cortico-cortical and
 * local. Upstream's panels C and D draw HL twice (its loop lists 'HL', 'HZ', 'HL'); here it is HL, HZ, LH.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ChannelCount, StructuralGradient } from '../../analysis/index.ts';
import type { Rule } from '../rules.ts';
import { renderVegaLite } from '../plot/index.ts';
import { writeFigurePanel, type FigureInfo } from '../paper/index.ts';
import { captioned, COLORS, populationName, POPULATIONS, writeDynamicsFigureData } from './figure-parts.ts';
import { readGranger, type StateGranger } from './granger-rule.ts';
import type { RunInfo } from './run-source.ts';

export const LAMINAR_INTERACTIONS_FIGURE: FigureInfo = {
  name: 'laminar-interactions',
  paperFigure: 'Schmidt et al. 2018b (PLOS Comput Biol), Fig. 9',
  description:
    'Resting state: significant Granger-causal channels and shortest-path channels between populations per structural gradient ' +
    '(HL, HZ, LH); share of significant connections; E/I targets; relative indegrees of significant connections.',
};

const GRADIENTS = ['HL', 'HZ', 'LH'] as const;

export interface LaminarInteractionsConfig {
  granger: string;
}

export interface LaminarInteractionsData {
  alpha: number;
  /** counts[gradient][source population][target population], POPULATIONS order. */
  grangerChannels: Record<(typeof GRADIENTS)[number], number[][]>;
  pathChannels: Record<(typeof GRADIENTS)[number], number[][]>;
  /** Connections tested and significant per gradient ('same-area' = local), and over all. */
  significance: { gradient: string; tested: number; significant: number }[];
  /** Significant channels onto excitatory and inhibitory targets per gradient and over all. */
  targets: { gradient: string; excitatory: number; inhibitory: number }[];
  /** Relative indegrees of tested connections: cortico-cortical / local, all / significant. */
  relativeIndegree: { corticocortical: number[]; corticocorticalSignificant: number[]; local: number[]; localSignificant: number[] };
}

function channelMatrix(channels: readonly ChannelCount[]): number[][] {
  const m = POPULATIONS.map(() => POPULATIONS.map(() => 0));
  for (const c of channels) {
    const s = POPULATIONS.indexOf(c.source as (typeof POPULATIONS)[number]);
    const t = POPULATIONS.indexOf(c.target as (typeof POPULATIONS)[number]);
    if (s >= 0 && t >= 0) m[s][t] += c.count;
  }
  return m;
}

export function laminarInteractionsData(granger: StateGranger): LaminarInteractionsData {
  const tested = new Map<string, { tested: number; significant: number }>();
  const relativeIndegree: LaminarInteractionsData['relativeIndegree'] = { corticocortical: [], corticocorticalSignificant: [], local: [], localSignificant: [] };
  for (const t of granger.targets) {
    t.sources.forEach((_, k) => {
      const gradient: StructuralGradient = t.gradient[k];
      const significant = t.pValue[k] < granger.alpha;
      const entry = tested.get(gradient) ?? { tested: 0, significant: 0 };
      entry.tested++;
      if (significant) entry.significant++;
      tested.set(gradient, entry);
      const local = gradient === 'same-area';
      (local ? relativeIndegree.local : relativeIndegree.corticocortical).push(t.relativeIndegree[k]);
      if (significant) (local ? relativeIndegree.localSignificant : relativeIndegree.corticocorticalSignificant).push(t.relativeIndegree[k]);
    });
  }
  const all = [...tested.values()].reduce((a, b) => ({ tested: a.tested + b.tested, significant: a.significant + b.significant }), { tested: 0, significant: 0 });
  const significance = [
    { gradient: 'all', ...all },
    ...(['HL', 'HZ', 'LH', 'same-area'] as const).map((g) => ({ gradient: g === 'same-area' ? 'local' : g, ...(tested.get(g) ?? { tested: 0, significant: 0 }) })),
  ];
  const targetsOf = (channels: readonly ChannelCount[]) => ({
    excitatory: channels.filter((c) => c.target.endsWith('E')).reduce((a, c) => a + c.count, 0),
    inhibitory: channels.filter((c) => c.target.endsWith('I')).reduce((a, c) => a + c.count, 0),
  });
  const interArea = GRADIENTS.flatMap((g) => granger.channels[g]);
  return {
    alpha: granger.alpha,
    grangerChannels: Object.fromEntries(GRADIENTS.map((g) => [g, channelMatrix(granger.channels[g])])) as LaminarInteractionsData['grangerChannels'],
    pathChannels: Object.fromEntries(GRADIENTS.map((g) => [g, channelMatrix(granger.paths.channels[g])])) as LaminarInteractionsData['pathChannels'],
    significance,
    targets: [{ gradient: 'all', ...targetsOf(interArea) }, ...GRADIENTS.map((g) => ({ gradient: g, ...targetsOf(granger.channels[g]) }))],
    relativeIndegree,
  };
}

async function channelsSvg(title: string, counts: LaminarInteractionsData['grangerChannels'], run: RunInfo, subtitles: Record<string, string>): Promise<string> {
  const names = POPULATIONS.map(populationName);
  const max = Math.max(1, ...GRADIENTS.flatMap((g) => counts[g].flat()));
  const charts = GRADIENTS.map((g) => ({
    title: { text: g, subtitle: subtitles[g], anchor: 'middle' },
    width: 8 * 16,
    height: 8 * 16,
    data: { values: counts[g].flatMap((row, s) => row.map((count, t) => ({ source: names[s], target: names[t], count }))).filter((c) => c.count > 0) },
    // A grey outline keeps cells with a count of 1 visible on the pale end of the scale.
    mark: { type: 'rect', stroke: '#999999', strokeWidth: 0.5 },
    encoding: {
      x: { field: 'target', type: 'nominal', sort: names, scale: { domain: names }, title: 'Target population', axis: { labelAngle: -90 } },
      y: { field: 'source', type: 'nominal', sort: names, scale: { domain: names }, title: g === 'HL' ? 'Source population' : null },
      color: { field: 'count', type: 'quantitative', title: 'area pairs', scale: { scheme: 'inferno', reverse: true, domain: [0, max] } },
    },
  }));
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: captioned(title, [run]),
    hconcat: charts,
    resolve: { scale: { color: 'shared' } },
  } as TopLevelSpec;
  return renderVegaLite(spec);
}

async function barsSvg(title: string, rows: { group: string; part: string; value: number }[], yTitle: string, colors: Record<string, string>, run: RunInfo): Promise<string> {
  const parts = Object.keys(colors);
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: captioned(title, [run]),
    width: 260,
    height: 160,
    data: { values: rows },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'group', type: 'nominal', sort: [...new Set(rows.map((r) => r.group))], title: 'Structural gradient', axis: { labelAngle: 0, labelExpr: "split(datum.label, ' ')" } },
      xOffset: { field: 'part', type: 'nominal', sort: parts },
      y: { field: 'value', type: 'quantitative', title: yTitle },
      color: { field: 'part', type: 'nominal', title: null, scale: { domain: parts, range: parts.map((p) => colors[p]) }, legend: parts.length > 1 ? {} : null },
    },
  } as TopLevelSpec;
  return renderVegaLite(spec);
}

async function indegreeSvg(data: LaminarInteractionsData, run: RunInfo): Promise<string> {
  const all = [...data.relativeIndegree.corticocortical, ...data.relativeIndegree.local].filter((v) => v > 0);
  // Tenth-decade bins as upstream (10^-5 .. 1), starting at the decade of the smallest value.
  const lowest = Math.min(-1, Math.max(-5, Math.floor(Math.log10(Math.min(1, ...all)))));
  const edges = Array.from({ length: -lowest * 10 + 1 }, (_, k) => 10 ** (lowest + k / 10));
  const groups: [string, number[], string][] = [
    ['cortico-cortical, all', data.relativeIndegree.corticocortical, '#b0b0b0'],
    ['cortico-cortical, significant', data.relativeIndegree.corticocorticalSignificant, '#1a1a1a'],
    ['local, all', data.relativeIndegree.local, COLORS.lightRed],
    ['local, significant', data.relativeIndegree.localSignificant, COLORS.purple],
  ];
  const rows = groups.flatMap(([group, values]) => {
    const counts = new Array<number>(edges.length - 1).fill(0);
    for (const v of values) {
      const k = Math.min(counts.length - 1, Math.floor((Math.log10(v) - lowest) * 10));
      if (k >= 0 && k < counts.length) counts[k]++;
    }
    return counts.map((count, k) => ({ group, x: Math.sqrt(edges[k] * edges[k + 1]), count }));
  });
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: captioned('Relative indegree of tested connections', [run]),
    width: 300,
    height: 180,
    data: { values: rows },
    mark: { type: 'line', interpolate: 'step', strokeWidth: 1.5 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: 'Relative indegree', scale: { type: 'log', domain: [edges[0], 1] }, axis: { format: '~g' } },
      y: { field: 'count', type: 'quantitative', title: 'Connections' },
      color: { field: 'group', type: 'nominal', title: null, scale: { domain: groups.map((g) => g[0]), range: groups.map((g) => g[2]) }, legend: { labelLimit: 300 } },
    },
  } as TopLevelSpec;
  return renderVegaLite(spec);
}

export async function writeLaminarInteractionsFigure(outDir: string, config: LaminarInteractionsConfig, run: RunInfo, data: LaminarInteractionsData): Promise<void> {
  writeDynamicsFigureData(outDir, LAMINAR_INTERACTIONS_FIGURE, config, [run], data);
  const name = LAMINAR_INTERACTIONS_FIGURE.name;
  const tested = Object.fromEntries(data.significance.map((s) => [s.gradient, `${s.significant} of ${s.tested} connections significant`]));
  const pairs = Object.fromEntries(GRADIENTS.map((g) => [g, `${data.pathChannels[g].flat().reduce((a, b) => a + b, 0)} area pairs`]));
  writeFigurePanel(outDir, name, 'granger-channels', await channelsSvg(`Significant Granger-causal channels between areas (p < ${data.alpha})`, data.grangerChannels, run, tested));
  writeFigurePanel(outDir, name, 'path-channels', await channelsSvg('Channels of the shortest paths between areas', data.pathChannels, run, pairs));
  writeFigurePanel(
    outDir,
    name,
    'significant-share',
    await barsSvg(
      'Significant connections (significant/tested below)',
      data.significance.map((s) => ({ group: `${s.gradient} ${s.significant}/${s.tested}`, part: 'significant', value: s.tested > 0 ? (100 * s.significant) / s.tested : 0 })),
      'Significant connections (%)',
      { significant: '#333333' },
      run,
    ),
  );
  writeFigurePanel(
    outDir,
    name,
    'target-types',
    await barsSvg(
      'Targets of significant inter-area channels',
      data.targets.flatMap((t) => {
        const total = t.excitatory + t.inhibitory;
        const group = `${t.gradient} n=${total}`;
        return [
          { group, part: '→ E', value: total > 0 ? t.excitatory / total : 0 },
          { group, part: '→ I', value: total > 0 ? t.inhibitory / total : 0 },
        ];
      }),
      'Relative proportion',
      { '→ E': COLORS.excitatory, '→ I': COLORS.inhibitory },
      run,
    ),
  );
  writeFigurePanel(outDir, name, 'relative-indegree', await indegreeSvg(data, run));
}

export function laminarInteractionsRule(config: LaminarInteractionsConfig): Rule<LaminarInteractionsConfig> {
  return {
    name: LAMINAR_INTERACTIONS_FIGURE.name,
    config,
    needs: [config.granger],
    version: 1,
    run: async ({ config: c, inputs, outDir }) => {
      const granger = readGranger(inputs[c.granger]);
      await writeLaminarInteractionsFigure(outDir, c, granger.run, laminarInteractionsData(granger));
    },
  };
}
