/**
 * Population rates of a simulation run against the mean-field theory of the same network (the network
 * rebuilt from the run's params.json, so scaled networks are compared with their own theory): log-log
 * scatter with the identity line, labelled with the run's network, scale and analysed window, and with the
 * theory's convergence report. Skipped without a run folder.
 */
import { modelOfRun, pearson } from '../../analysis/index.ts';
import { openSpikeSourceSync, populationRates } from '../../simulation/index.ts';
import { Theory } from '../../theory/index.ts';
import type { Rule } from '../rules.ts';
import { scatterLineSvg } from '../plot/index.ts';
import { NO_RUN_MESSAGE, RATE_FLOOR_HZ, convergenceText, writeFigureData, writeFigurePanel, writeSkippedFigure, type FigureInfo, type RunInput } from '../paper/index.ts';

export const RATES_VS_THEORY_FIGURE: FigureInfo = {
  name: 'rates-vs-theory',
  paperFigure: 'Schmidt et al. 2018b (PLOS Comput Biol), simulated vs mean-field rates (cf. Fig. 5, S-figures); any run',
  description:
    'Population rates of a simulation run (spikes/s, over the analysed window) against the rates of the mean-field ' +
    'theory of the same network, log-log with the identity line. Skipped without a run folder.',
};

export interface RatesVsTheoryConfig {
  run: RunInput | null;
  /** Start of the analysed window (ms); it ends where the run ends. */
  t_min_ms: number;
  /** Theory parameters (default dt = 0.01 ms: the pseudo-time step of 0.1 ms cannot settle on some fixed points). */
  theory: Record<string, unknown>;
}

export interface RatesVsTheoryData {
  network: string;
  N_scaling: number;
  K_scaling: number;
  t_sim_ms: number;
  window_ms: [number, number];
  labels: string[];
  simulated_Hz: number[];
  theory_Hz: number[];
  theory: { converged: boolean; lastChange_Hz: number; convergenceWindow_ms: number; convergenceTol_Hz: number; T_ms: number; fixedPointResidual_Hz: number | null };
  /** Pearson r of log10 rates over the populations with both rates above the floor. */
  logCorrelation: number;
}

export function ratesVsTheoryData(run: RunInput, config: Omit<RatesVsTheoryConfig, 'run'>): RatesVsTheoryData {
  const model = modelOfRun(run.dir);
  // One spike source for the window and the rates (opening one checks the whole run).
  const source = openSpikeSourceSync(run.dir);
  const tEnd = source.window.t_max_ms;
  if (!(config.t_min_ms >= 0 && config.t_min_ms < tEnd)) {
    throw new Error(`rates-vs-theory t_min_ms: got ${config.t_min_ms} ms; expected 0 <= t_min < ${tEnd} ms (the time the run covers)`);
  }
  const simulated = populationRates(source, config.t_min_ms, tEnd);
  const theory = Theory.fromModel(model, config.theory);
  const traj = theory.integrateSiegert().runs[0];
  let rates = traj.final;
  let residual: number | null = null;
  if (traj.converged) {
    const fp = theory.fixedPoint(traj.final);
    residual = fp.residual;
    if (fp.converged) rates = fp.rates;
  }
  const labels = Object.keys(simulated).filter((l) => model.structureVec.includes(l));
  const simulated_Hz = labels.map((l) => simulated[l]);
  const theory_Hz = labels.map((l) => rates[model.structureVec.indexOf(l)]);
  const both = labels.map((_, k) => simulated_Hz[k] >= RATE_FLOOR_HZ && theory_Hz[k] >= RATE_FLOOR_HZ);
  const lx = theory_Hz.filter((_, k) => both[k]).map(Math.log10);
  const ly = simulated_Hz.filter((_, k) => both[k]).map(Math.log10);
  return {
    network: model.label,
    N_scaling: model.params.N_scaling,
    K_scaling: model.params.K_scaling,
    t_sim_ms: source.info.t_sim_ms,
    window_ms: [config.t_min_ms, tEnd],
    labels,
    simulated_Hz,
    theory_Hz,
    theory: {
      converged: traj.converged,
      lastChange_Hz: traj.lastChange_Hz,
      convergenceWindow_ms: traj.convergenceWindow_ms,
      convergenceTol_Hz: traj.convergenceTol_Hz,
      T_ms: theory.params.T,
      fixedPointResidual_Hz: residual,
    },
    logCorrelation: lx.length >= 2 ? pearson(lx, ly) : Number.NaN,
  };
}

export function ratesVsTheoryRule(config: RatesVsTheoryConfig): Rule<RatesVsTheoryConfig> {
  return {
    name: RATES_VS_THEORY_FIGURE.name,
    config,
    version: 1,
    run: async ({ config: c, outDir }) => {
      if (c.run === null) {
        writeSkippedFigure(outDir, RATES_VS_THEORY_FIGURE, c, NO_RUN_MESSAGE);
        return;
      }
      const data = ratesVsTheoryData(c.run, c);
      writeFigureData(outDir, RATES_VS_THEORY_FIGURE, c, data);
      const floor = RATE_FLOOR_HZ;
      const pick = (exc: boolean, atFloor: boolean) => {
        const idx = data.labels.flatMap((l, k) => (l.endsWith('E') === exc && (data.simulated_Hz[k] < floor) === atFloor ? [k] : []));
        return { x: idx.map((k) => Math.max(floor, data.theory_Hz[k])), y: idx.map((k) => Math.max(floor, data.simulated_Hz[k])) };
      };
      const all = [...data.simulated_Hz, ...data.theory_Hz];
      const hi = Math.max(10, ...all) * 1.5;
      // From the decade of the smallest rate (or the floor, when some rate is below it).
      const lo = Math.max(floor, 10 ** Math.floor(Math.log10(Math.max(floor, Math.min(...all)))));
      writeFigurePanel(
        outDir,
        RATES_VS_THEORY_FIGURE.name,
        undefined,
        await scatterLineSvg({
          title: 'Population rates: simulation vs mean-field theory',
          subtitle: [
            `network ${data.network.slice(0, 12)}…, N_scaling ${data.N_scaling}, K_scaling ${data.K_scaling}, t_sim ${data.t_sim_ms} ms, rates over ${data.window_ms[0]}-${data.window_ms[1]} ms`,
            `theory of the whole network of params.json (areas not simulated included): ${convergenceText(data.theory).join(' ')}`,
            `r(log10 rates) = ${data.logCorrelation.toFixed(3)} over ${data.labels.length} populations; rates < ${floor} spikes/s drawn at ${floor} (hollow)`,
          ],
          series: [
            { name: 'excitatory', kind: 'points', ...pick(true, false) },
            { name: 'inhibitory', kind: 'points', ...pick(false, false) },
            { name: `excitatory, simulated < ${floor}`, kind: 'points', hollow: true, ...pick(true, true) },
            { name: `inhibitory, simulated < ${floor}`, kind: 'points', hollow: true, ...pick(false, true) },
            { name: 'identity', kind: 'line', dashed: true, strokeWidth: 1.5, x: [lo, hi], y: [lo, hi] },
          ],
          colors: ['#4c72b0', '#c44e52', '#4c72b0', '#c44e52', '#000000'],
          xScale: 'log',
          yScale: 'log',
          xDomain: [lo, hi],
          yDomain: [lo, hi],
          xTitle: 'Mean-field theory (spikes/s)',
          yTitle: 'Simulation (spikes/s)',
          pointSize: 40,
          width: 300,
          height: 300,
        }),
      );
    },
  };
}
