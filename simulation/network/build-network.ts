/**
 * Builds the one description of a simulated network (network-types.ts) from a model and resolved
 * simulation parameters, with upstream's construction rules (multiarea_model/simulation.py, NEST 3).
 */
import { describeValue } from '../../core/index.ts';
import {
  delayMatrices,
  isInhibitoryPopulation,
  populationLabel,
  type NetworkSource,
} from '../../multiarea/index.ts';
import type { SimulationParams } from '../simulation-params.ts';
import { delayToSteps, NEST_DEFAULT_DELAY_MS } from './delay-rule.ts';
import { inputReplacement, type ReplacementOptions } from './input-replacement.ts';
import type {
  NetworkDescription,
  PoissonInputDescription,
  PopulationDescription,
  ProjectionDescription,
  ReplacedInputDescription,
} from './network-types.ts';
import { selectAreas } from './simulated-areas.ts';

export type NetworkBuildOptions = ReplacementOptions;

/** A normal distribution redrawn into [min, max] must be able to produce a value there. */
function checkDrawable(what: string, mean: number, sd: number, min: number, max: number): void {
  if (!(sd >= 0) || !Number.isFinite(mean)) throw new Error(`${what}: normal(${mean}, ${sd}); expected a finite mean and a standard deviation >= 0`);
  if (sd === 0 && !(mean >= min && mean <= max)) {
    throw new Error(`${what}: ${mean} with standard deviation 0; expected a value within [${min}, ${max}]`);
  }
}

export function buildNetworkDescription(
  source: NetworkSource,
  sim: SimulationParams,
  options: NetworkBuildOptions = {},
): NetworkDescription {
  const a = source.arrays();
  const { neuron_params: np, connection_params: cp, delay_params: dp, input_params: ip } = source.params;
  if (np.neuron_model !== 'iaf_psc_exp') {
    throw new Error(`neuron_params.neuron_model: got ${describeValue(np.neuron_model)}; expected 'iaf_psc_exp'`);
  }
  if (cp.lognormal_weights) {
    throw new Error('connection_params.lognormal_weights: got true; expected false (every backend draws normal weights, as upstream with NEST 3)');
  }
  const dt = sim.dt;
  const { simulated, recorded } = selectAreas(sim, a.areaList);
  const simulatedSet = new Set(simulated);
  const replacement = inputReplacement(cp, ip, simulated.length === a.areaList.length, sim.t_sim, options);
  const rowOf = new Map(a.structureVec.map((l, i) => [l, i]));
  const row = (label: string): number => {
    const r = rowOf.get(label);
    if (r === undefined) throw new Error(`network: population ${label} missing from structureVec`);
    return r;
  };
  const extCol = a.structureVec.length;
  const tauSynEx = np.single_neuron_dict.tau_syn_ex;

  const populations: PopulationDescription[] = [];
  for (const area of simulated) {
    for (const pop of a.structure[area]) {
      const label = populationLabel(area, pop);
      const r = row(label);
      let I_e = a.addDC[r];
      if (!ip.poisson_input) I_e += a.K[r][extCol] * a.W[r][extCol] * tauSynEx * 1e-3 * ip.rate_ext;
      populations.push({
        label,
        area,
        pop,
        row: r,
        size: Math.trunc(a.N[r]),
        N: a.N[r],
        add_dc_pA: a.addDC[r],
        I_e_pA: I_e,
        record_spikes: recorded.has(area),
        n_record_vm: sim.recording_dict.record_vm ? Math.trunc(sim.recording_dict.Nrec_vm_fraction * a.N[r]) : 0,
      });
    }
  }
  const sizeOf = new Map(populations.map((p) => [p.label, p.size]));

  const external: PoissonInputDescription[] = [];
  if (ip.poisson_input) {
    delayToSteps('external drive', NEST_DEFAULT_DELAY_MS, dt);
    for (const p of populations) {
      const K_ext = a.K[p.row][extCol];
      const rate = K_ext * ip.rate_ext;
      if (p.size > 0 && rate > 0) external.push({ target: p.label, K_ext, rate_hz: rate, weight_pA: a.W[p.row][extCol], delay_ms: NEST_DEFAULT_DELAY_MS });
    }
  }

  const delays = delayMatrices(a, dp);
  const projections: ProjectionDescription[] = [];
  const replaced: ReplacedInputDescription[] = [];
  const series: Record<string, Float64Array> = {};
  for (const tp of populations) {
    if (tp.size === 0) continue;
    for (const sourceArea of a.areaList) {
      const intra = sourceArea === tp.area;
      const fate = intra ? 'connect' : replacement.fate(simulatedSet.has(sourceArea));
      if (fate === 'drop') continue;
      for (const sourcePop of a.structure[sourceArea]) {
        const sourceLabel = populationLabel(sourceArea, sourcePop);
        const sRow = row(sourceLabel);
        const synapses = a.synapses[tp.row][sRow];
        if (!(synapses > 0)) continue;
        const W = a.W[tp.row][sRow];
        const delayMean = delays.mean[tp.row][sRow];
        if (fate === 'replace') {
          delayToSteps(`replaced input ${tp.label} <- ${sourceLabel}`, delayMean, dt);
          const K = synapses / a.N[tp.row];
          const base = { target: tp.label, source: sourceLabel, K, weight_pA: W, delay_ms: delayMean };
          if (replacement.mode === 'het_current_nonstat') {
            const { file, values } = replacement.series(sourceArea, sourcePop);
            series[file] = values;
            replaced.push({ ...base, kind: 'current', series_file: file, amplitude_scale: K * 1e-3 });
          } else {
            const rate = K * replacement.rate(sourceArea, sourcePop);
            if (rate > 0) replaced.push({ ...base, kind: 'poisson', rate_hz: rate });
          }
          continue;
        }
        const count = Math.trunc(synapses);
        if (count < 1 || sizeOf.get(sourceLabel) === 0) continue;
        // Within an area inhibitory sources give negative weights; all other input is excitatory.
        const inhibitory = intra && isInhibitoryPopulation(sourcePop);
        const projection: ProjectionDescription = {
          target: tp.label,
          source: sourceLabel,
          synapses: count,
          weight_mean_pA: W,
          weight_sd_pA: a.W_sd[tp.row][sRow],
          weight_min_pA: inhibitory ? null : 0,
          weight_max_pA: inhibitory ? 0 : null,
          delay_mean_ms: delayMean,
          delay_sd_ms: delays.sd[tp.row][sRow],
        };
        const what = `projection ${tp.label} <- ${sourceLabel}`;
        checkDrawable(`${what}: weight (pA)`, W, projection.weight_sd_pA, projection.weight_min_pA ?? -Infinity, projection.weight_max_pA ?? Infinity);
        checkDrawable(`${what}: delay (ms)`, delayMean, projection.delay_sd_ms, dt, Infinity);
        projections.push(projection);
      }
    }
  }

  return {
    network_label: source.label,
    area_list: [...a.areaList],
    areas_simulated: simulated,
    model_population_count: a.structureVec.length,
    neuron_model: 'iaf_psc_exp',
    neuron_params: { ...np.single_neuron_dict },
    V0: { distribution: 'normal', mean_mV: np.V0_mean, sd_mV: np.V0_sd },
    delay_params: { delay_e: dp.delay_e, delay_i: dp.delay_i, delay_rel: dp.delay_rel, interarea_speed: dp.interarea_speed },
    populations,
    external_input: { mode: ip.poisson_input ? 'poisson' : 'dc', rate_ext_hz: ip.rate_ext, inputs: external },
    projections,
    replaced_input: { scope: replacement.scope, mode: replacement.mode, source: replacement.source, inputs: replaced },
    series,
  };
}
