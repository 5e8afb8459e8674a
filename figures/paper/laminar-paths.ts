/**
 * Schmidt et al. 2018a (Brain Struct Funct), Fig. 8: laminar paths between areas. On the population graph
 * of the gain K_ts |J_ts| (upstream Fig8_laminar_paths.py: g = -4, rescaled by the largest real
 * eigenvalue, distance log10(1 / weight)), the shortest path between every ordered pair of areas is the one
 * between the population pair with the shortest path (analysis/stats: populationShortestPaths,
 * shortestPathChannels). A: the (source population, target population) pairs of these paths counted by the
 * hierarchical relation of the area pair (SLN); B: by the structural gradient (architectural types);
 * C: the stages inside intermediate areas of the indirect paths (e.g. "5E": the path enters and leaves an
 * intermediate area at 5E; "4E+23E": it enters at 4E and leaves from 2/3E). The model is the structural
 * one of 2018a (see STRUCTURE_2018A).
 */
import { populationShortestPaths, shortestPathChannels, type AreaPairPath, type ChannelCount } from '../../analysis/index.ts';
import { getProcessedData, splitPopulationLabel } from '../../multiarea/index.ts';
import { nestedMerge } from '../../core/index.ts';
import type { Rule } from '../rules.ts';
import { facetBarSvg, pathDiagramSvg, type PathNode } from '../plot/index.ts';
import { STRUCTURE_2018A, modelFor, stabilizationNote, writeFigureData, writeFigurePanel, type FigureInfo, type ModelParams } from './figure-common.ts';
import { POPULATION_DISPLAY, SLN_THRESHOLDS, hierarchicalRelation, type HierarchicalRelation } from './connection-classes.ts';

export const LAMINAR_PATHS_FIGURE: FigureInfo = {
  name: 'laminar-paths',
  paperFigure: 'Schmidt et al. 2018a (Brain Struct Funct), Fig. 8',
  description:
    'Shortest paths between areas on the population graph of the gain K|J| (g = -4): the source and target ' +
    'populations of the shortest path of every area pair, counted by hierarchical relation (A, SLN) and by ' +
    'structural gradient (B, architectural types), and the stages of the indirect paths inside intermediate areas (C).',
};

export interface LaminarPathsConfig {
  model: ModelParams;
  thresholds: [number, number];
}

export const DEFAULT_LAMINAR_PATHS_CONFIG: LaminarPathsConfig = {
  model: nestedMerge(STRUCTURE_2018A, { connection_params: { g: -4 } }) as ModelParams,
  thresholds: SLN_THRESHOLDS,
};

type Gradient = 'HL' | 'HZ' | 'LH';
const GRADIENTS: Gradient[] = ['HL', 'HZ', 'LH'];
const RELATIONS: HierarchicalRelation[] = ['FF', 'lateral', 'FB'];

export interface LaminarPathsData {
  /** The shortest path of every ordered pair of different areas that has one, with its classes. */
  pairs: (AreaPairPath & { relation: HierarchicalRelation | null })[];
  /** Panel A: channel counts by hierarchical relation (pairs with an SLN value). */
  byRelation: Record<HierarchicalRelation, ChannelCount[]>;
  /** Panel B: channel counts by structural gradient. */
  byGradient: Record<Gradient, ChannelCount[]>;
  /** Panel C: how often each intermediate-area stage occurs in the paths of each gradient. */
  stages: Record<Gradient, { stage: string; count: number }[]>;
}

/**
 * The stages of a path inside its intermediate areas: consecutive populations of one area joined by "+",
 * the source and target areas left out (upstream's pattern strings split at the area changes).
 */
export function intermediateStages(path: readonly string[]): string[] {
  const segments: { area: string; pops: string[] }[] = [];
  for (const label of path) {
    const { area, pop } = splitPopulationLabel(label);
    const last = segments[segments.length - 1];
    if (last && last.area === area) last.pops.push(pop);
    else segments.push({ area, pops: [pop] });
  }
  return segments.slice(1, -1).map((s) => s.pops.join('+'));
}

function countChannels(pairs: readonly { source: string; target: string }[]): ChannelCount[] {
  const counts = new Map<string, ChannelCount>();
  for (const p of pairs) {
    const source = splitPopulationLabel(p.source).pop;
    const target = splitPopulationLabel(p.target).pop;
    const key = `${source}>${target}`;
    const c = counts.get(key) ?? { source, target, count: 0 };
    c.count++;
    counts.set(key, c);
  }
  return [...counts.values()];
}

export function laminarPathsData(config: LaminarPathsConfig = DEFAULT_LAMINAR_PATHS_CONFIG): LaminarPathsData {
  const model = modelFor(config.model);
  const processed = getProcessedData({ slnFit: model.params.connection_params.SLN_fit });
  const n = model.structureVec.length;
  const gain = model.K_matrix.map((row, t) => row.slice(0, n).map((k, s) => k * Math.abs(model.J_matrix[t][s])));
  const paths = populationShortestPaths(model.structureVec, gain);
  const found = shortestPathChannels(paths, processed.architecture_completed);
  const pairs = found.pairs.map((p) => {
    const sln = processed.SLN_completed[p.targetArea]?.[p.sourceArea];
    return { ...p, relation: sln === undefined ? null : hierarchicalRelation(sln, config.thresholds) };
  });
  const byRelation = Object.fromEntries(RELATIONS.map((r) => [r, countChannels(pairs.filter((p) => p.relation === r))])) as LaminarPathsData['byRelation'];
  const byGradient = Object.fromEntries(GRADIENTS.map((g) => [g, found.channels[g]])) as LaminarPathsData['byGradient'];
  const stages = Object.fromEntries(
    GRADIENTS.map((g) => {
      const counts = new Map<string, number>();
      for (const p of pairs) if (p.gradient === g) for (const s of intermediateStages(p.path)) counts.set(s, (counts.get(s) ?? 0) + 1);
      return [g, [...counts].map(([stage, count]) => ({ stage, count })).sort((a, b) => b.count - a.count)];
    }),
  ) as LaminarPathsData['stages'];
  return { pairs, byRelation, byGradient, stages };
}

const LAYER_Y: Record<string, number> = { '23': 3, '4': 2, '5': 1, '6': 0 };
const display = (stage: string) => stage.split('+').map((p) => POPULATION_DISPLAY[p] ?? p).join(' → ');

/** Source populations on the left, target populations (E, then I) on the right, layers top to bottom. */
function diagramNodes(): PathNode[] {
  const nodes: PathNode[] = [];
  for (const [layer, y] of Object.entries(LAYER_Y)) {
    const name = layer === '23' ? '2/3' : layer;
    nodes.push({ id: `s${layer}E`, x: 0, y, group: 'excitatory', label: `${name}E`, labelSide: 'left' });
    nodes.push({ id: `t${layer}E`, x: 1, y, group: 'excitatory' });
    nodes.push({ id: `t${layer}I`, x: 1.25, y, group: 'inhibitory', label: name, labelSide: 'right' });
  }
  return nodes;
}

const GROUPS = { excitatory: { shape: 'triangle-up', color: '#4c72b0' }, inhibitory: { shape: 'circle', color: '#c44e52' } };

function edgesOf(panel: string, channels: readonly ChannelCount[]) {
  return channels.map((c) => ({ panel, from: `s${c.source}`, to: `t${c.target}`, weight: c.count }));
}

export async function writeLaminarPathsFigure(outDir: string, config: LaminarPathsConfig): Promise<void> {
  const data = laminarPathsData(config);
  writeFigureData(outDir, LAMINAR_PATHS_FIGURE, config, data);
  const [low, high] = config.thresholds;
  const note = stabilizationNote(config.model);
  const relationPanel: Record<HierarchicalRelation, string> = { FF: `Feedforward (SLN > ${high})`, lateral: `Lateral (${low} ≤ SLN ≤ ${high})`, FB: `Feedback (SLN < ${low})` };
  writeFigurePanel(
    outDir,
    LAMINAR_PATHS_FIGURE.name,
    'A',
    await pathDiagramSvg({
      title: 'A  Shortest paths between areas by hierarchical relation',
      subtitle: ['source population (left) → target population (right) of the shortest path of each area pair', note],
      panels: RELATIONS.map((r) => relationPanel[r]),
      nodes: diagramNodes(),
      edges: RELATIONS.flatMap((r) => edgesOf(relationPanel[r], data.byRelation[r])),
      weightTitle: 'Area pairs',
      groups: GROUPS,
    }),
  );
  const gradientPanel: Record<Gradient, string> = { HL: 'High to low type', HZ: 'Horizontal (same type)', LH: 'Low to high type' };
  writeFigurePanel(
    outDir,
    LAMINAR_PATHS_FIGURE.name,
    'B',
    await pathDiagramSvg({
      title: 'B  Shortest paths between areas by architectural type',
      subtitle: ['source population (left) → target population (right); types of source → target area', note],
      panels: GRADIENTS.map((g) => gradientPanel[g]),
      nodes: diagramNodes(),
      edges: GRADIENTS.flatMap((g) => edgesOf(gradientPanel[g], data.byGradient[g])),
      weightTitle: 'Area pairs',
      groups: GROUPS,
    }),
  );
  // The paper's three single-population stages first, then the others.
  const order = [...new Set(['5E', '23E', '6E', ...GRADIENTS.flatMap((g) => data.stages[g].map((s) => s.stage))])];
  writeFigurePanel(
    outDir,
    LAMINAR_PATHS_FIGURE.name,
    'C',
    await facetBarSvg({
      title: 'C  Stages of indirect paths in intermediate areas',
      subtitle: ['population(s) a path passes in an intermediate area: entry → exit', note],
      panels: GRADIENTS.map((g) => gradientPanel[g]),
      categories: order.map(display),
      bars: GRADIENTS.flatMap((g) => order.map((stage) => ({ panel: gradientPanel[g], category: display(stage), value: data.stages[g].find((s) => s.stage === stage)?.count ?? 0 }))),
      xTitle: 'Occurrences in the shortest paths',
      yTitle: 'Stage',
      panelWidth: 220,
    }),
  );
}

export function laminarPathsRule(config: LaminarPathsConfig = DEFAULT_LAMINAR_PATHS_CONFIG): Rule<LaminarPathsConfig> {
  return { name: LAMINAR_PATHS_FIGURE.name, config, version: 1, run: ({ config: c, outDir }) => writeLaminarPathsFigure(outDir, c) };
}
