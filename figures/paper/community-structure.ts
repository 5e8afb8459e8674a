/**
 * Schmidt et al. 2018a (Brain Struct Funct), Fig. 7: community structure of the area-level connectivity.
 * The matrix is upstream's (Fig7_community_structure.py): relative outdegrees, i.e. the synapses from
 * source area s onto target area t per source neuron, normalised over all sources of t (itself
 * included), the diagonal then left out; edges run source -> target. Upstream clusters it with the map
 * equation (Infomap, an external program); we use Louvain's directed modularity (analysis/stats,
 * graphology), seeded, so the partition can differ from the published one. Its significance is checked as
 * upstream does: against null models that shuffle each source's outgoing weights over the other targets
 * (keeping every area's total outdegree).
 */
import { louvainCommunities } from '../../analysis/index.ts';
import { uniformGenerator } from '../../core/index.ts';
import type { Rule } from '../rules.ts';
import { histogramEdges, histogramSvg, renderVegaLite } from '../plot/index.ts';
import { STRUCTURE_2018A, modelFor, stabilizationNote, writeFigureData, writeFigurePanel, type FigureInfo, type ModelParams } from './figure-common.ts';

export const COMMUNITY_STRUCTURE_FIGURE: FigureInfo = {
  name: 'community-structure',
  paperFigure: 'Schmidt et al. 2018a (Brain Struct Funct), Fig. 7',
  description:
    'A: relative area-level outdegrees (per source neuron, normalised over the sources of each target) ordered by ' +
    'Louvain communities (directed modularity), communities outlined. B: modularity of the partition against ' +
    'null models that shuffle each source area\'s outgoing weights.',
};

export interface CommunityStructureConfig {
  model: ModelParams;
  /** Seed of Louvain's node order (and of the null models). */
  seed: number;
  resolution: number;
  /** Number of shuffled null models (0: none). */
  nullModels: number;
}

export const DEFAULT_COMMUNITY_STRUCTURE_CONFIG: CommunityStructureConfig = { model: STRUCTURE_2018A, seed: 1, resolution: 1, nullModels: 200 };

export interface CommunityStructureData {
  areas: string[];
  /** [target][source] relative outdegree, model area order; diagonal 0. */
  relativeOutdegree: number[][];
  /** Community (0-based) of each area, model area order. */
  community: number[];
  communities: string[][];
  modularity: number;
  /** Areas ordered by community (then model order): the order of panel A. */
  order: string[];
  /** Modularities of the Louvain partitions of the null models. */
  nullModularity: number[];
}

/** Upstream's relative outdegree matrix from area-level indegrees K_areas[t][s] and area sizes N_s. */
export function relativeOutdegrees(areas: readonly string[], K_areas: Readonly<Record<string, Readonly<Record<string, number>>>>, N: Readonly<Record<string, Readonly<Record<string, number>>>>): number[][] {
  return areas.map((t) => {
    // Synapses s -> t per source neuron: K_areas[t][s] N_t / N_s (N.total); N_t cancels in the normalisation.
    const out = areas.map((s) => K_areas[t][s] / N[s].total);
    const total = out.reduce((a, b) => a + b, 0);
    return out.map((v, j) => (areas[j] === t || !(total > 0) ? 0 : v / total));
  });
}

/** The null model: in every column (source), the off-diagonal entries permuted over the other targets. */
export function shuffleTargets(matrix: readonly (readonly number[])[], rand: () => number): number[][] {
  const n = matrix.length;
  const out = matrix.map((row) => [...row]);
  for (let j = 0; j < n; j++) {
    const rows = Array.from({ length: n }, (_, i) => i).filter((i) => i !== j);
    const values = rows.map((i) => matrix[i][j]);
    for (let k = values.length - 1; k > 0; k--) {
      const r = Math.floor(rand() * (k + 1));
      [values[k], values[r]] = [values[r], values[k]];
    }
    rows.forEach((i, k) => (out[i][j] = values[k]));
  }
  return out;
}

export function communityStructureData(config: CommunityStructureConfig = DEFAULT_COMMUNITY_STRUCTURE_CONFIG): CommunityStructureData {
  if (!(Number.isInteger(config.nullModels) && config.nullModels >= 0)) {
    throw new Error(`community-structure nullModels: got ${config.nullModels}; expected a whole number >= 0`);
  }
  const model = modelFor(config.model);
  const areas = [...model.areaList];
  const relativeOutdegree = relativeOutdegrees(areas, model.K_areas, model.N);
  const options = { directed: true, seed: config.seed, resolution: config.resolution };
  const result = louvainCommunities({ labels: areas, values: relativeOutdegree }, options);
  const communities = Array.from({ length: result.count }, (_, c) => areas.filter((_, i) => result.community[i] === c));
  const rand = uniformGenerator(config.seed);
  const nullModularity = Array.from(
    { length: config.nullModels },
    () => louvainCommunities({ labels: areas, values: shuffleTargets(relativeOutdegree, rand) }, options).modularity,
  );
  return { areas, relativeOutdegree, community: result.community, communities, modularity: result.modularity, order: communities.flat(), nullModularity };
}

const COMMUNITY_COLORS = ['#4c72b0', '#c44e52', '#55a868', '#8172b2', '#ccb974', '#64b5cd', '#dd8452', '#937860', '#da8bc3', '#8c8c8c'];

/** Panel A: the matrix in community order on index axes, each community outlined in its colour. */
async function matrixPanel(data: CommunityStructureData, note: string): Promise<string> {
  const index = new Map(data.order.map((a, k) => [a, k]));
  const at = new Map(data.areas.map((a, i) => [a, i]));
  const cells = data.order.flatMap((t) =>
    data.order.flatMap((s) => {
      const v = data.relativeOutdegree[at.get(t)!][at.get(s)!];
      return v > 0 ? [{ t: index.get(t)!, s: index.get(s)!, target: t, source: s, value: v }] : [];
    }),
  );
  let start = 0;
  const blocks = data.communities.map((members, c) => {
    const block = { from: start, to: start + members.length, community: `${c + 1}: ${members.length} areas` };
    start += members.length;
    return block;
  });
  const cell = 14;
  const size = cell * data.order.length;
  const labelExpr = `${JSON.stringify(data.order)}[floor(datum.value)]`;
  const axis = (title: string, angle: number) => ({
    title,
    values: data.order.map((_, k) => k + 0.5),
    labelExpr,
    labelAngle: angle,
    labelOverlap: false,
    labelFontSize: 9,
    ticks: false,
    grid: false,
  });
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'A  Community structure of the area-level connectivity',
      subtitle: [`Louvain, directed modularity Q = ${data.modularity.toFixed(3)}; rows: target area, columns: source area`, note],
    },
    width: size,
    height: size,
    layer: [
      {
        data: { values: cells },
        mark: { type: 'rect' },
        encoding: {
          x: { field: 's', type: 'quantitative', scale: { domain: [0, data.order.length], nice: false, zero: false }, axis: axis('Source area', -90) },
          x2: { field: 's2' },
          y: { field: 't', type: 'quantitative', scale: { domain: [data.order.length, 0], nice: false, zero: false }, axis: axis('Target area', 0) },
          y2: { field: 't2' },
          color: {
            field: 'value',
            type: 'quantitative',
            title: 'Relative outdegree',
            scale: { type: 'log', domain: [1e-5, 1], clamp: true, scheme: 'inferno' },
            legend: { format: '.0e', titleLimit: 300 },
          },
          tooltip: [{ field: 'target' }, { field: 'source' }, { field: 'value', type: 'quantitative' }],
        },
        transform: [{ calculate: 'datum.s + 1', as: 's2' }, { calculate: 'datum.t + 1', as: 't2' }],
      },
      {
        data: { values: blocks },
        mark: { type: 'rect', fillOpacity: 0, strokeWidth: 2.5 },
        encoding: {
          x: { field: 'from', type: 'quantitative', axis: axis('Source area', -90) },
          x2: { field: 'to' },
          y: { field: 'from', type: 'quantitative', axis: axis('Target area', 0) },
          y2: { field: 'to' },
          stroke: {
            field: 'community',
            type: 'nominal',
            title: 'Community',
            scale: { domain: blocks.map((b) => b.community), range: blocks.map((_, c) => COMMUNITY_COLORS[c % COMMUNITY_COLORS.length]) },
            legend: { symbolType: 'square' },
          },
        },
      },
    ],
    resolve: { scale: { color: 'independent' } },
  };
  return renderVegaLite(spec as never);
}

export async function writeCommunityStructureFigure(outDir: string, config: CommunityStructureConfig): Promise<void> {
  const data = communityStructureData(config);
  writeFigureData(outDir, COMMUNITY_STRUCTURE_FIGURE, config, data);
  const note = stabilizationNote(config.model);
  writeFigurePanel(outDir, COMMUNITY_STRUCTURE_FIGURE.name, 'A', await matrixPanel(data, note));
  if (data.nullModularity.length > 0) {
    const above = data.nullModularity.filter((q) => q >= data.modularity).length;
    writeFigurePanel(
      outDir,
      COMMUNITY_STRUCTURE_FIGURE.name,
      'B',
      await histogramSvg({
        title: 'B  Modularity of shuffled networks',
        subtitle: [`model: Q = ${data.modularity.toFixed(3)}; ${above} of ${data.nullModularity.length} null models reach it`, 'null model: each source area\'s outgoing weights shuffled over the targets'],
        series: [{ name: 'null models', values: data.nullModularity }],
        bins: histogramEdges(Math.min(...data.nullModularity), Math.max(data.modularity, ...data.nullModularity) * 1.02, 24),
        markers: [{ value: data.modularity, label: 'model' }],
        xTitle: 'Modularity Q of the Louvain partition',
        yTitle: 'Null models',
        colors: ['#8c8c8c'],
      }),
    );
  }
}

export function communityStructureRule(config: CommunityStructureConfig = DEFAULT_COMMUNITY_STRUCTURE_CONFIG): Rule<CommunityStructureConfig> {
  return { name: COMMUNITY_STRUCTURE_FIGURE.name, config, version: 1, run: ({ config: c, outDir }) => writeCommunityStructureFigure(outDir, c) };
}
