/**
 * Schmidt et al. 2018a (Brain Struct Funct), Fig. 5B and 5D: laminar patterns of cortico-cortical
 * connections by hierarchical relation (panel A is the SLN fit, figure `sln-fit`; panel C a sketch).
 * B: target layers of the CoCoMac termination patterns of the connections with SLN data, counted per SLN
 * class (SLN < 0.35, 0.35 <= SLN <= 0.65, SLN > 0.65). D: the model's resulting pattern, the relative
 * indegree of each target population from each source population (block of the population indegrees of an
 * area pair divided by its sum), averaged over the feedback (SLN < 0.35), lateral and feedforward
 * (SLN > 0.65) pairs of the completed SLN, for the projecting populations 2/3E, 5E and 6E. As in the
 * published figure, the model is the structural one, before the stabilization of Schuecker et al. 2017
 * (K_stable: null; the stabilized K' moves weight between cortico-cortical source layers).
 */
import { getProcessedData, splitPopulationLabel } from '../../multiarea/index.ts';
import type { Rule } from '../rules.ts';
import { facetBarSvg } from '../plot/index.ts';
import { STRUCTURE_2018A, modelFor, stabilizationNote, writeFigureData, writeFigurePanel, type FigureInfo, type ModelParams } from './figure-common.ts';
import { POPULATION_DISPLAY, hierarchicalRelation, type HierarchicalRelation } from './connection-classes.ts';

export const LAMINAR_PATTERNS_FIGURE: FigureInfo = {
  name: 'laminar-patterns',
  paperFigure: 'Schmidt et al. 2018a (Brain Struct Funct), Fig. 5B and 5D',
  description:
    'B: target layers of CoCoMac termination patterns, counted per SLN class of the connection. D: mean relative ' +
    'indegree of each target population from 2/3E, 5E and 6E over the feedback (SLN < 0.35), lateral and ' +
    'feedforward (SLN > 0.65) area pairs of the model.',
};

export interface LaminarPatternsConfig {
  model: ModelParams;
  /** SLN thresholds of the classes (the paper: 0.35 and 0.65). */
  thresholds: [number, number];
  /** Source populations shown in panel D. */
  sourcePopulations: string[];
}

export const DEFAULT_LAMINAR_PATTERNS_CONFIG: LaminarPatternsConfig = { model: STRUCTURE_2018A, thresholds: [0.35, 0.65], sourcePopulations: ['23E', '5E', '6E'] };

const LAYERS = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6'];
const RELATIONS: HierarchicalRelation[] = ['FB', 'lateral', 'FF'];

export interface LaminarPatternsData {
  layers: string[];
  /** Panel B, per SLN class (low, medium, high SLN): connections counted and, per target layer, how many of them terminate there. */
  targetPatterns: { sln: string; relation: HierarchicalRelation; connections: number; layerCounts: number[] }[];
  populations: string[];
  /** Panel D, per relation: area pairs averaged and mean relative indegree [target population][source population]. */
  modelPatterns: { relation: HierarchicalRelation; pairs: number; relativeIndegree: number[][] }[];
}

export function laminarPatternsData(config: LaminarPatternsConfig = DEFAULT_LAMINAR_PATTERNS_CONFIG): LaminarPatternsData {
  const model = modelFor(config.model);
  const processed = getProcessedData({ slnFit: model.params.connection_params.SLN_fit });
  const [low, high] = config.thresholds;
  if (!(low <= high)) throw new Error(`laminar-patterns thresholds: got [${low}, ${high}]; expected two SLN values, low <= high`);

  const targetPatterns = RELATIONS.map((relation) => ({
    sln: relation === 'FB' ? `SLN < ${low}` : relation === 'FF' ? `SLN > ${high}` : `${low} ≤ SLN ≤ ${high}`,
    relation,
    connections: 0,
    layerCounts: LAYERS.map(() => 0),
  }));
  for (const [target, bySource] of Object.entries(processed.SLN_Data_FV91)) {
    for (const [source, sln] of Object.entries(bySource)) {
      const pattern = processed.cocomac_completed[target]?.[source]?.target_pattern;
      if (!pattern) continue;
      const entry = targetPatterns[RELATIONS.indexOf(hierarchicalRelation(sln, config.thresholds))];
      entry.connections++;
      pattern.forEach((code, layer) => {
        // CoCoMac densities: 0 none, 1-3 sparse to dense, -1 unknown.
        if (Number(code) > 0) entry.layerCounts[layer]++;
      });
    }
  }

  const populations = [...model.populationList];
  const P = populations.length;
  const sums = RELATIONS.map(() => Array.from({ length: P }, () => new Array<number>(P).fill(0)));
  const pairs = RELATIONS.map(() => 0);
  const rowsOf = new Map<string, Map<string, number>>();
  model.structureVec.forEach((label, i) => {
    const { area, pop } = splitPopulationLabel(label);
    if (!rowsOf.has(area)) rowsOf.set(area, new Map());
    rowsOf.get(area)!.set(pop, i);
  });
  for (const target of model.areaList) {
    for (const source of model.areaList) {
      const sln = processed.SLN_completed[target]?.[source];
      if (source === target || sln === undefined) continue;
      const t = rowsOf.get(target)!;
      const s = rowsOf.get(source)!;
      // Populations an area lacks (TH: 4E, 4I) count as rows/columns of zeros, as upstream pads them.
      const block = populations.map((tp) => populations.map((sp) => (t.has(tp) && s.has(sp) ? model.K_matrix[t.get(tp)!][s.get(sp)!] : 0)));
      const total = block.flat().reduce((a, b) => a + b, 0);
      if (!(total > 0)) continue;
      const k = RELATIONS.indexOf(hierarchicalRelation(sln, config.thresholds));
      pairs[k]++;
      block.forEach((row, a) => row.forEach((v, b) => (sums[k][a][b] += v / total)));
    }
  }
  const modelPatterns = RELATIONS.map((relation, k) => ({
    relation,
    pairs: pairs[k],
    relativeIndegree: sums[k].map((row) => row.map((v) => (pairs[k] > 0 ? v / pairs[k] : Number.NaN))),
  }));
  return { layers: LAYERS, targetPatterns, populations, modelPatterns };
}

const RELATION_TITLE: Record<HierarchicalRelation, string> = { FB: 'Feedback', lateral: 'Lateral', FF: 'Feedforward' };

export async function writeLaminarPatternsFigure(outDir: string, config: LaminarPatternsConfig): Promise<void> {
  const data = laminarPatternsData(config);
  writeFigureData(outDir, LAMINAR_PATTERNS_FIGURE, config, data);
  const panelOf = (p: LaminarPatternsData['targetPatterns'][number]) => `${p.sln} (${p.connections} connections)`;
  writeFigurePanel(
    outDir,
    LAMINAR_PATTERNS_FIGURE.name,
    'B',
    await facetBarSvg({
      title: 'B  Target layers of CoCoMac patterns by SLN',
      subtitle: 'connections with SLN data (Markov et al. 2014) and a CoCoMac termination pattern',
      panels: data.targetPatterns.map(panelOf),
      categories: data.layers,
      bars: data.targetPatterns.flatMap((p) => data.layers.map((layer, k) => ({ panel: panelOf(p), category: layer, value: p.layerCounts[k] }))),
      xTitle: 'Connections terminating in the layer',
      yTitle: 'Target layer',
      panelWidth: 240,
      independentRows: true,
    }),
  );
  const panelOfModel = (p: LaminarPatternsData['modelPatterns'][number]) => `${RELATION_TITLE[p.relation]} (${p.pairs} area pairs)`;
  const display = (pop: string) => POPULATION_DISPLAY[pop] ?? pop;
  writeFigurePanel(
    outDir,
    LAMINAR_PATTERNS_FIGURE.name,
    'D',
    await facetBarSvg({
      title: 'D  Resulting patterns of the model',
      subtitle: ['mean relative indegree of each target population from the source population', stabilizationNote(config.model)],
      panels: data.modelPatterns.map(panelOfModel),
      columns: config.sourcePopulations.map((p) => `from ${display(p)}`),
      categories: data.populations.map(display),
      bars: data.modelPatterns.flatMap((p) =>
        config.sourcePopulations.flatMap((source) => {
          const b = data.populations.indexOf(source);
          if (b < 0) throw new Error(`laminar-patterns sourcePopulations: "${source}" is not a population; expected one of ${data.populations.join(', ')}`);
          return data.populations.map((target, a) => ({ panel: panelOfModel(p), column: `from ${display(source)}`, category: display(target), value: p.relativeIndegree[a][b] }));
        }),
      ),
      xTitle: 'Relative indegree',
      yTitle: 'Target population',
      panelWidth: 110,
      color: '#c44e52',
      independentRows: true,
    }),
  );
}

export function laminarPatternsRule(config: LaminarPatternsConfig = DEFAULT_LAMINAR_PATTERNS_CONFIG): Rule<LaminarPatternsConfig> {
  return { name: LAMINAR_PATTERNS_FIGURE.name, config, version: 1, run: ({ config: c, outDir }) => writeLaminarPatternsFigure(outDir, c) };
}
