/**
 * Interactions between areas (Schmidt et al. 2018b, Fig. 8; upstream Fig8_interactions.py): A the
 * functional connectivity (FC) of the resting state from synaptic input, B from its BOLD signal, C the
 * experimental resting-state FC, all with zero diagonal and areas sorted by the Louvain communities of
 * the simulated FC; D the Pearson correlation of simulated and experimental FC for every chi (BOLD in
 * red, the structural connectivity's as dashed line); E-F (alluvial diagrams) as a table of the
 * communities of the structural connectivity, the simulated and the experimental FC.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { LabelledSquareMatrix } from '../../analysis/index.ts';
import type { Rule } from '../rules.ts';
import { heatmapSvg, renderVegaLite } from '../plot/index.ts';
import { writeFigurePanel, type FigureInfo } from '../paper/index.ts';
import { captioned, COLORS, writeDynamicsFigureData } from './figure-parts.ts';
import { loadInteractions, type StateRoles, type StateRules } from './state-comparison.ts';
import type { RunInfo } from './run-source.ts';

export const INTERACTIONS_FIGURE: FigureInfo = {
  name: 'interactions',
  paperFigure: 'Schmidt et al. 2018b (PLOS Comput Biol), Fig. 8 (E-F as a community table)',
  description:
    'Functional connectivity of the resting state from synaptic input and BOLD, and the experimental FC, sorted by communities; ' +
    'similarity of simulated and experimental FC per chi; communities of structural, simulated and experimental connectivity.',
};

export interface InteractionsFigureConfig extends StateRoles {
  states: Pick<StateRules, 'state' | 'chi' | 'chi_I' | 'interactions'>[];
}

export interface InteractionsFigureData {
  /** Area order of the matrices: by community of the simulated FC, then model order. */
  order: string[];
  fc: (number | null)[][];
  boldFc: (number | null)[][] | null;
  boldSkipped: string | null;
  experimentalFc: (number | null)[][];
  similarity: { state: string; chi: number; chi_I: number; run: string; synapticInput: number; bold: number | null }[];
  structuralSimilarity: number;
  communities: { areas: string[]; structural: number[]; simulated: number[]; experimental: number[] };
}

/** A square matrix in another label order, with zero diagonal (as upstream's zero_diagonal). */
export function reorderZeroDiagonal(matrix: LabelledSquareMatrix, order: readonly string[]): number[][] {
  const index = order.map((a) => {
    const i = matrix.labels.indexOf(a);
    if (i < 0) throw new Error(`interactions figure: area '${a}' is not in the matrix (${matrix.labels.join(', ')})`);
    return i;
  });
  return index.map((i, r) => index.map((j, c) => (r === c ? 0 : matrix.values[i][j])));
}

export function interactionsFigureData(config: InteractionsFigureConfig, inputs: Record<string, string>): { runs: RunInfo[]; data: InteractionsFigureData } {
  const loaded = loadInteractions(config.states, inputs);
  const resting = loaded.find((s) => s.rules.chi === config.restingChi);
  if (!resting) throw new Error(`interactions figure: no state with chi = ${config.restingChi} among its inputs`);
  const r = resting.interactions;
  const sim = r.communities.simulated;
  const order = sim.labels.map((area, i) => ({ area, i, c: sim.community[i] })).sort((a, b) => a.c - b.c || a.i - b.i).map((x) => x.area);
  const bold = r.bold && 'fc' in r.bold ? r.bold : null;
  const communityOf = (c: { labels: string[]; community: number[] }) => r.fc.labels.map((a) => c.community[c.labels.indexOf(a)]);
  return {
    runs: loaded.map((s) => s.run),
    data: {
      order,
      fc: reorderZeroDiagonal(r.fc, order),
      boldFc: bold ? reorderZeroDiagonal(bold.fc, order) : null,
      boldSkipped: r.bold && 'skipped' in r.bold ? r.bold.skipped : r.bold === null ? 'not computed' : null,
      experimentalFc: reorderZeroDiagonal(r.experimentalFc, order),
      similarity: loaded.map((s) => ({
        state: s.rules.state,
        chi: s.rules.chi,
        chi_I: s.rules.chi_I,
        run: s.run.label,
        synapticInput: s.interactions.similarity,
        bold: s.interactions.bold && 'fc' in s.interactions.bold ? s.interactions.bold.similarity : null,
      })),
      structuralSimilarity: r.structuralSimilarity,
      communities: {
        areas: [...r.fc.labels],
        structural: communityOf(r.communities.structural),
        simulated: communityOf(r.communities.simulated),
        experimental: communityOf(r.communities.experimental),
      },
    },
  };
}

/** Symmetric colour range of a correlation matrix: its largest |r| off the diagonal, rounded up to 0.1 (at most 1). */
export function symmetricRange(values: readonly (readonly (number | null)[])[]): number {
  const offDiagonal = values.flatMap((row, i) => row.filter((v, j) => i !== j && v !== null && Number.isFinite(v)) as number[]);
  return Math.min(1, Math.max(0.1, Math.ceil(Math.max(0, ...offDiagonal.map(Math.abs)) * 10) / 10));
}

async function fcSvg(title: string, order: string[], values: (number | null)[][], run: RunInfo): Promise<string> {
  const limit = symmetricRange(values);
  return heatmapSvg({
    title: captioned(title, [run]),
    rows: order,
    columns: order,
    values: values.map((row) => row.map((v) => v ?? Number.NaN)),
    scale: 'linear',
    scheme: 'blueorange',
    domain: [-limit, limit],
    xTitle: 'Cortical area',
    yTitle: 'Cortical area',
    colorTitle: 'FC (Pearson r)',
    cellSize: 11,
  });
}

async function similaritySvg(data: InteractionsFigureData, runs: RunInfo[]): Promise<string> {
  const points = data.similarity.flatMap((s) => [
    { chi: s.chi, r: s.synapticInput, signal: 'synaptic input' },
    ...(s.bold !== null ? [{ chi: s.chi, r: s.bold, signal: 'BOLD' }] : []),
  ]);
  const color = { field: 'signal', type: 'nominal', title: 'simulated FC from', scale: { domain: ['synaptic input', 'BOLD'], range: ['black', COLORS.inhibitory] } };
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: captioned('Similarity of simulated and experimental FC (dashed: structural connectivity)', runs),
    width: 300,
    height: 200,
    layer: [
      { data: { values: points }, mark: { type: 'point', filled: true, size: 70 }, encoding: {
        x: { field: 'chi', type: 'quantitative', title: 'Cortico-cortical weight factor χ', scale: { zero: false, padding: 10 } },
        y: { field: 'r', type: 'quantitative', title: 'r (Pearson) with experimental FC' },
        color,
      } },
      { data: { values: [{ r: data.structuralSimilarity }] }, mark: { type: 'rule', strokeDash: [5, 3], color: 'grey' }, encoding: { y: { field: 'r', type: 'quantitative' } } },
    ],
  } as TopLevelSpec;
  return renderVegaLite(spec);
}

async function communitiesSvg(data: InteractionsFigureData, run: RunInfo): Promise<string> {
  const columns = ['structural', 'simulated FC', 'experimental FC'];
  const c = data.communities;
  const cells = c.areas.flatMap((area, i) => [
    { area, kind: columns[0], community: String(c.structural[i] + 1) },
    { area, kind: columns[1], community: String(c.simulated[i] + 1) },
    { area, kind: columns[2], community: String(c.experimental[i] + 1) },
  ]);
  const communities = [...new Set(cells.map((x) => Number(x.community)))].sort((a, b) => a - b).map(String);
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: captioned('Louvain communities (structural connectivity: directed)', [run]),
    width: 3 * 115,
    height: Math.max(60, 12 * data.order.length),
    data: { values: cells },
    encoding: {
      x: { field: 'kind', type: 'nominal', sort: columns, title: null, axis: { labelAngle: 0, orient: 'top' } },
      y: { field: 'area', type: 'nominal', sort: data.order, title: 'Cortical area (order of panel A)', axis: { labelFontSize: 8 } },
    },
    layer: [
      { mark: { type: 'rect', stroke: 'white' }, encoding: { color: { field: 'community', type: 'nominal', title: 'community', scale: { domain: communities, scheme: 'tableau10' } } } },
      { mark: { type: 'text', fontSize: 8 }, encoding: { text: { field: 'community' } } },
    ],
  } as TopLevelSpec;
  return renderVegaLite(spec);
}

export async function writeInteractionsFigure(outDir: string, config: InteractionsFigureConfig, runs: RunInfo[], data: InteractionsFigureData): Promise<void> {
  writeDynamicsFigureData(outDir, INTERACTIONS_FIGURE, config, runs, data);
  const name = INTERACTIONS_FIGURE.name;
  const resting = runs.find((r) => r.chi === config.restingChi) ?? runs[0];
  writeFigurePanel(outDir, name, 'fc-synaptic-input', await fcSvg('Simulated FC (synaptic input)', data.order, data.fc, resting));
  if (data.boldFc) writeFigurePanel(outDir, name, 'fc-bold', await fcSvg('Simulated FC (BOLD)', data.order, data.boldFc, resting));
  writeFigurePanel(outDir, name, 'fc-experimental', await fcSvg('Experimental FC (Babapoor-Farrokhran et al. 2013), areas as in the simulated FC', data.order, data.experimentalFc, resting));
  writeFigurePanel(outDir, name, 'similarity', await similaritySvg(data, runs));
  writeFigurePanel(outDir, name, 'communities', await communitiesSvg(data, resting));
}

export function interactionsFigureRule(config: InteractionsFigureConfig): Rule<InteractionsFigureConfig> {
  return {
    name: INTERACTIONS_FIGURE.name,
    config,
    needs: config.states.map((s) => s.interactions),
    version: 1,
    run: async ({ config: c, inputs, outDir }) => {
      const { runs, data } = interactionsFigureData(c, inputs);
      await writeInteractionsFigure(outDir, c, runs, data);
    },
  };
}
