/**
 * Figures of the stabilization of Schuecker, Schmidt et al. 2017 from a stabilization rule's output:
 * the spectra of the effective connectivity at the saddle before and after stabilization (their Fig. 5A:
 * complex plane, critical line Re(lambda) = 1), and the indegree change Delta K = K' - K (their Figs. 7B-C
 * and 8: area-level matrix, a population-level zoom, the distribution of the relative changes, and the
 * comparison with the published K' that the default model uses).
 */
import { pearson } from '../../analysis/index.ts';
import { areaLevelIndegrees, areaOfLabel, loadKPrimeOriginal, matrixToDict } from '../../multiarea/index.ts';
import type { Rule } from '../rules.ts';
import { heatmapSvg, histogramEdges, histogramSvg, scatterLineSvg } from '../plot/index.ts';
import { modelFor, writeFigureData, writeFigurePanel, type FigureInfo, type ModelParams } from '../paper/index.ts';
import { readStabilization } from './stabilization-run.ts';

export const STABILIZATION_SPECTRA_FIGURE: FigureInfo = {
  name: 'stabilization-spectra',
  paperFigure: 'Schuecker, Schmidt et al. 2017 (PLOS Comput Biol), Fig. 5A',
  description:
    'Eigenvalues of the effective connectivity (gain matrix) at the saddle near the low-to-high transition, ' +
    'before stabilization (round 1: indegrees K) and after each stabilization round (indegrees K\'), in the ' +
    'complex plane; the saddle is unstable where an eigenvalue lies right of the critical line Re = 1.',
};

export const STABILIZATION_INDEGREES_FIGURE: FigureInfo = {
  name: 'stabilization-indegrees',
  paperFigure: 'Schuecker, Schmidt et al. 2017 (PLOS Comput Biol), Figs. 7B-C and 8',
  description:
    "Indegree change Delta K = K' - K of the stabilization: A area-level change relative to the total indegree " +
    'of the target area; B population-level change of two areas relative to the total indegree of the target ' +
    "population; C distribution of these population-level changes; D our Delta K against the published K' - K.",
};

export interface StabilizationSpectraConfig {
  /** The stabilization rule whose output is plotted. */
  stabilization: string;
}

export function stabilizationSpectraRule(config: StabilizationSpectraConfig): Rule<StabilizationSpectraConfig> {
  return {
    name: STABILIZATION_SPECTRA_FIGURE.name,
    config,
    needs: [config.stabilization],
    version: 1,
    run: async ({ config: c, inputs, outDir }) => {
      const run = readStabilization(inputs[c.stabilization]);
      const rounds = run.rounds.map((r) => ({
        round: r.round,
        indegrees: r.round === 1 ? 'K (before stabilization)' : `K' after ${r.round - 1} round(s)`,
        kappaTransition: r.kappaLow,
        lambdaMax: r.lambdaMax,
        eigenvalues: r.eigenvalues,
      }));
      writeFigureData(outDir, STABILIZATION_SPECTRA_FIGURE, c, { rounds });
      const ys = rounds.flatMap((r) => r.eigenvalues.im.map(Math.abs));
      const yMax = Math.max(1, ...ys) * 1.05;
      const xs = rounds.flatMap((r) => r.eigenvalues.re);
      const xDomain: [number, number] = [Math.min(...xs) - 0.5, Math.max(1, ...xs) + 0.5];
      const palette = ['#4c72b0', '#c44e52', '#55a868', '#8172b2', '#ccb974'];
      writeFigurePanel(
        outDir,
        STABILIZATION_SPECTRA_FIGURE.name,
        undefined,
        await scatterLineSvg({
          title: 'Spectrum of the effective connectivity at the saddle',
          subtitle: rounds.map((r) => `${r.indegrees}: transition at κ = ${r.kappaTransition.toFixed(4)}, λmax = ${r.lambdaMax.toFixed(3)}`),
          series: [
            ...rounds.map((r) => ({ name: r.indegrees, kind: 'points' as const, x: r.eigenvalues.re, y: r.eigenvalues.im })),
            { name: 'critical line Re(λ) = 1', kind: 'line' as const, dashed: true, strokeWidth: 1.5, x: [1, 1], y: [-yMax, yMax] },
          ],
          colors: [...rounds.map((_, k) => palette[k % palette.length]), '#000000'],
          xTitle: 'Re(λ)',
          yTitle: 'Im(λ)',
          xDomain,
          yDomain: [-yMax, yMax],
          pointSize: 22,
          width: 380,
          height: 260,
        }),
      );
    },
  };
}

export interface StabilizationIndegreesConfig {
  stabilization: string;
  /** The network the stabilization started from (the one of the stabilization rule). */
  model: ModelParams;
  /** The two areas of the population-level zoom (the paper: FEF and 46). */
  zoomAreas: [string, string];
}

const DIVERGING = { scale: 'linear' as const, scheme: 'redblue', reverseScheme: true, domainMid: 0, legendFormat: '~g' };

export function stabilizationIndegreesRule(config: StabilizationIndegreesConfig): Rule<StabilizationIndegreesConfig> {
  return {
    name: STABILIZATION_INDEGREES_FIGURE.name,
    config,
    needs: [config.stabilization],
    version: 1,
    run: async ({ config: c, inputs, outDir }) => {
      const run = readStabilization(inputs[c.stabilization]);
      const model = modelFor(c.model);
      const labels = run.structureVec;
      if (labels.some((l, i) => l !== model.structureVec[i])) throw new Error('stabilization-indegrees: the stabilization run has another population order than the model');
      const K0 = run.K0;
      const Kp = run.K[run.K.length - 1];
      const n = labels.length;
      const deltaK = Kp.map((row, i) => row.map((k, j) => k - K0[i][j]));

      const areaLevel = (K: number[][]) =>
        areaLevelIndegrees(matrixToDict(K, model.areaList, model.structure, model.populationList), model.N, model.areaList, model.populationList);
      const before = areaLevel(K0);
      const after = areaLevel(Kp);
      const areas = model.areaList;
      const areaChange = areas.map((t) => {
        const total = areas.reduce((s, a) => s + after[t][a], 0);
        return areas.map((s) => (after[t][s] - before[t][s]) / total);
      });

      const zoomIdx = c.zoomAreas.flatMap((area) => {
        const idx = labels.flatMap((l, i) => (l.startsWith(`${area}-`) ? [i] : []));
        if (idx.length === 0) throw new Error(`stabilization-indegrees zoomAreas: "${area}" is not a model area; expected one of ${areas.join(', ')}`);
        return idx;
      });
      const zoomLabels = zoomIdx.map((i) => labels[i]);
      const zoom = zoomIdx.map((i) => {
        const total = K0[i].reduce((a, b) => a + b, 0);
        return zoomIdx.map((j) => deltaK[i][j] / total);
      });

      // Changes relative to the total indegree of the target population (bounded, unlike Delta K / K of tiny K).
      const relative: { intra: number[]; cc: number[] } = { intra: [], cc: [] };
      const areaOf = labels.map(areaOfLabel);
      for (let i = 0; i < n; i++) {
        const total = K0[i].reduce((a, b) => a + b, 0);
        for (let j = 0; j < n; j++) if (deltaK[i][j] !== 0) (areaOf[i] === areaOf[j] ? relative.intra : relative.cc).push(deltaK[i][j] / total);
      }

      const published = loadKPrimeOriginal();
      const ours: number[] = [];
      const theirs: number[] = [];
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          if (K0[i][j] === 0 && Kp[i][j] === 0) continue;
          ours.push(deltaK[i][j]);
          theirs.push(published.data[i * n + j] - K0[i][j]);
        }
      }
      const correlation = pearson(ours, theirs);
      const totalChange = deltaK.flat().reduce((a, b) => a + b, 0) / K0.flat().reduce((a, b) => a + b, 0);

      writeFigureData(outDir, STABILIZATION_INDEGREES_FIGURE, c, {
        rounds: run.rounds.length,
        labels,
        deltaK,
        totalRelativeChange: totalChange,
        areas,
        areaChange,
        zoomLabels,
        zoom,
        relativeChange: relative,
        published: { correlation, ours, theirs },
      });
      const roundsText = `after ${run.rounds.length} round(s) of the procedure; total change ${(100 * totalChange).toFixed(2)} % of all indegrees`;
      const sym = (m: number[][]) => Math.max(...m.flat().map(Math.abs)) || 1;
      // Unchanged (exactly zero) cells are drawn grey, apart from the small changes near the scale's white middle.
      const unchanged = { missing: { label: 'unchanged', color: '#c8c8c8' } };
      const markUnchanged = (m: number[][]) => m.map((row) => row.map((v) => (v === 0 ? Number.NaN : v)));
      const areaLim = sym(areaChange);
      writeFigurePanel(
        outDir,
        STABILIZATION_INDEGREES_FIGURE.name,
        'A',
        await heatmapSvg({
          title: 'A  Area-level indegree change',
          subtitle: [roundsText, "(K'area − Karea) / total indegree of the target area"],
          rows: areas,
          columns: areas,
          values: markUnchanged(areaChange),
          xTitle: 'Source area',
          yTitle: 'Target area',
          colorTitle: 'Relative change',
          domain: [-areaLim, areaLim],
          ...DIVERGING,
          ...unchanged,
        }),
      );
      const zoomLim = sym(zoom);
      writeFigurePanel(
        outDir,
        STABILIZATION_INDEGREES_FIGURE.name,
        'B',
        await heatmapSvg({
          title: `B  Population-level indegree change: ${c.zoomAreas.join(' and ')}`,
          subtitle: ['ΔK / total indegree of the target population', roundsText],
          rows: zoomLabels,
          columns: zoomLabels,
          values: markUnchanged(zoom),
          xTitle: 'Source population',
          yTitle: 'Target population',
          colorTitle: 'Relative change',
          domain: [-zoomLim, zoomLim],
          cellSize: 18,
          ...DIVERGING,
          ...unchanged,
        }),
      );
      const all = [...relative.intra, ...relative.cc];
      writeFigurePanel(
        outDir,
        STABILIZATION_INDEGREES_FIGURE.name,
        'C',
        await histogramSvg({
          title: 'C  Distribution of the indegree changes',
          subtitle: [`ΔK / total indegree of the target population, over the ${all.length} changed connections`, roundsText],
          series: [
            { name: 'within areas', values: relative.intra },
            { name: 'between areas', values: relative.cc },
          ],
          colors: ['#4c72b0', '#c44e52'],
          bins: histogramEdges(Math.min(...all), Math.max(...all), 40),
          yScale: 'log',
          xTitle: 'Relative indegree change',
          yTitle: 'Connections',
        }),
      );
      const lo = Math.min(...ours, ...theirs);
      const hi = Math.max(...ours, ...theirs);
      const span: [number, number] = [lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo)];
      writeFigurePanel(
        outDir,
        STABILIZATION_INDEGREES_FIGURE.name,
        'D',
        await scatterLineSvg({
          title: "D  Our ΔK against the published K' − K",
          subtitle: [`Pearson r = ${correlation.toFixed(3)} over ${ours.length} connections`, `ours: ${roundsText.split(';')[0]}; published: 4 rounds (K_prime_original)`],
          series: [
            { name: 'connections', kind: 'points', x: theirs, y: ours },
            { name: 'identity', kind: 'line', dashed: true, strokeWidth: 1.5, x: span, y: span },
          ],
          colors: ['#4c72b0', '#000000'],
          xDomain: span,
          yDomain: span,
          width: 300,
          height: 300,
          xTitle: "published K' − K (synapses/neuron)",
          yTitle: 'our ΔK (synapses/neuron)',
          pointSize: 12,
        }),
      );
    },
  };
}
