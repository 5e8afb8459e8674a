/**
 * One network description, every backend's view of it: for every input mode (replacement of areas not
 * simulated, replace_cc, DC drive), down-scaling and area subsets, the description is checked against
 * the model (computed here independently), and the engine plan and NEST's network.json against the
 * description: the same populations and sizes, projections with counts, weights and delays, Poisson
 * inputs and replaced inputs.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeNpy } from '../../../core/index.ts';
import { MultiAreaModel, networkSource, type NetworkSource } from '../../../multiarea/index.ts';
import {
  buildNetworkDescription,
  buildPlan,
  exportNestRun,
  pathwayKey,
  resolveSimulationParams,
  type NestNetworkSpec,
  type NetworkDescription,
  type SimulationParams,
} from '../../../simulation/index.ts';
import { BUNDLED_RATES, readJson, smallModel } from '../nest/helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'mam-backend-views-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const T_SIM = 10;
const model = smallModel();
const arrays = model.arrays();
const rowOf = new Map(arrays.structureVec.map((l, i) => [l, i]));

// A known rate per population, 0 for every fifth one (zero-rate inputs must be left out everywhere).
const RATES_FILE = join(tmp, 'rates.json');
const rateOfRow = (i: number) => (i % 5 === 0 ? 0 : 1 + i / 100);
const rates: Record<string, Record<string, number>> = {};
arrays.structureVec.forEach((l, i) => {
  const [area, pop] = l.split('-');
  (rates[area] ??= {})[pop] = rateOfRow(i);
});
writeFileSync(RATES_FILE, JSON.stringify(rates));
const SERIES = join(tmp, 'series', 'cc');
mkdirSync(join(tmp, 'series'));
arrays.structureVec.forEach((l, i) => writeNpy(`${SERIES}-${l}.npy`, { data: Float64Array.from({ length: T_SIM }, (_, k) => (i % 7) + k * 0.5), shape: [T_SIM] }));

function withParams(base: NetworkSource, connection: object, input: object = {}): NetworkSource {
  const p = base.params;
  return networkSource(base.label, { ...p, connection_params: { ...p.connection_params, ...connection }, input_params: { ...p.input_params, ...input } }, base.arrays());
}

let otherScale: MultiAreaModel | null = null;
/** N and K scaled differently: another down-scaling (K_scaling also changes the DC drive). */
const otherScaleModel = () => (otherScale ??= new MultiAreaModel({ N_scaling: 0.002, K_scaling: 0.001, fullscale_rates: BUNDLED_RATES }));
let issueScale: MultiAreaModel | null = null;
/** The 0.2 % model of the issue that found engine and NEST disagreeing (170 vs 119 pathways for V1 + V2). */
const issueScaleModel = () => (issueScale ??= new MultiAreaModel({ N_scaling: 0.002, K_scaling: 0.002, fullscale_rates: BUNDLED_RATES }));

interface Case {
  name: string;
  net: () => NetworkSource;
  sim: Record<string, unknown>;
  /** Rate (spikes/s) of a replaced source population, for Poisson replacement. */
  rate?: (row: number) => number;
}

const cases: Case[] = [
  { name: 'V1 + V2, input from other areas dropped (0.2 % model)', net: issueScaleModel, sim: { areas_simulated: ['V1', 'V2'] } },
  { name: 'replace_non_simulated_areas hom_poisson_stat, single area', net: () => withParams(model, { replace_non_simulated_areas: 'hom_poisson_stat' }), sim: { areas_simulated: ['V1'] }, rate: () => 10 },
  {
    name: 'replace_non_simulated_areas het_poisson_stat, V1 + V2',
    net: () => withParams(model, { replace_non_simulated_areas: 'het_poisson_stat', replace_cc_input_source: RATES_FILE }),
    sim: { areas_simulated: ['V1', 'V2'] },
    rate: rateOfRow,
  },
  {
    name: 'replace_non_simulated_areas het_current_nonstat, single area',
    net: () => withParams(model, { replace_non_simulated_areas: 'het_current_nonstat', replace_cc_input_source: SERIES }),
    sim: { areas_simulated: ['V2'] },
  },
  { name: 'replace_cc hom_poisson_stat, V1 + V2', net: () => withParams(model, { replace_cc: 'hom_poisson_stat' }), sim: { areas_simulated: ['V1', 'V2'] }, rate: () => 10 },
  {
    name: 'replace_cc het_poisson_stat, three areas',
    net: () => withParams(model, { replace_cc: 'het_poisson_stat', replace_cc_input_source: RATES_FILE }),
    sim: { areas_simulated: ['V1', 'V2', 'V4'] },
    rate: rateOfRow,
  },
  {
    name: 'replace_cc het_current_nonstat, V1 + V2',
    net: () => withParams(model, { replace_cc: 'het_current_nonstat', replace_cc_input_source: SERIES }),
    sim: { areas_simulated: ['V1', 'V2'] },
  },
  { name: 'DC drive (poisson_input false), V1 + V2', net: () => withParams(model, {}, { poisson_input: false }), sim: { areas_simulated: ['V1', 'V2'] } },
  {
    name: 'other down-scaling (N 0.2 %, K 0.1 %), het_poisson_stat, single area, V_m recorded',
    net: () => withParams(otherScaleModel(), { replace_non_simulated_areas: 'het_poisson_stat', replace_cc_input_source: RATES_FILE }),
    sim: { areas_simulated: ['V2'], recording_dict: { record_vm: true, Nrec_vm_fraction: 0.2 } },
    rate: rateOfRow,
  },
  {
    name: 'all areas (replacement set but nothing to replace), some recorded',
    net: () => withParams(model, { replace_non_simulated_areas: 'het_poisson_stat', replace_cc_input_source: join(tmp, 'never-read.json') }),
    sim: { recording_dict: { areas_recorded: ['V1', 'FEF'] } },
  },
];

/** The description expected from the model's arrays and parameters, computed here from upstream's rules. */
function expectedFromModel(net: NetworkSource, sim: SimulationParams, rate?: (row: number) => number) {
  const a = net.arrays();
  const { connection_params: cp, input_params: ip, delay_params: dp, neuron_params: np } = net.params;
  const ext = a.structureVec.length;
  const simulated = a.areaList.filter((x) => (sim.areas_simulated ?? a.areaList).includes(x));
  const recorded = sim.recording_dict.areas_recorded ?? simulated;
  const populations = simulated.flatMap((area) =>
    a.structure[area].map((pop) => {
      const r = rowOf.get(`${area}-${pop}`)!;
      const dc = ip.poisson_input ? 0 : a.K[r][ext] * a.W[r][ext] * np.single_neuron_dict.tau_syn_ex * 1e-3 * ip.rate_ext;
      return { label: `${area}-${pop}`, row: r, size: Math.trunc(a.N[r]), I_e_pA: a.addDC[r] + dc, record_spikes: recorded.includes(area), n_record_vm: sim.recording_dict.record_vm ? Math.trunc(sim.recording_dict.Nrec_vm_fraction * a.N[r]) : 0 };
    }),
  );
  const replaceCc = cp.replace_cc;
  const replaceOthers = !replaceCc && simulated.length < a.areaList.length ? cp.replace_non_simulated_areas : null;
  const projections = new Map<string, number[]>();
  const replaced = new Map<string, { K: number; weight_pA: number; delay_ms: number; rate_hz?: number; series_file?: string }>();
  for (const t of populations) {
    if (t.size === 0) continue;
    const tArea = t.label.split('-')[0];
    for (const [s, sr] of rowOf) {
      const [sArea, sPop] = s.split('-');
      const syn = a.synapses[t.row][sr];
      if (!(syn > 0)) continue;
      const sourceSimulated = simulated.includes(sArea);
      const isLocal = sArea === tArea;
      if (isLocal || (sourceSimulated && !replaceCc)) {
        const sSize = Math.trunc(a.N[sr]);
        if (Math.trunc(syn) < 1 || sSize === 0) continue;
        const inhibitory = isLocal && sPop.endsWith('I');
        const d = isLocal ? (inhibitory ? dp.delay_i : dp.delay_e) : a.distances[tArea][sArea] / dp.interarea_speed;
        projections.set(`${t.label}<${s}`, [Math.trunc(syn), a.W[t.row][sr], a.W_sd[t.row][sr], inhibitory ? -Infinity : 0, inhibitory ? 0 : Infinity, d, d * dp.delay_rel]);
      } else if ((replaceCc && sourceSimulated) || (!sourceSimulated && replaceOthers)) {
        const K = syn / a.N[t.row];
        const x = { K, weight_pA: a.W[t.row][sr], delay_ms: a.distances[tArea][sArea] / dp.interarea_speed };
        if (rate) {
          if (rate(sr) > 0) replaced.set(`${t.label}<${s}`, { ...x, rate_hz: K * rate(sr) });
        } else {
          replaced.set(`${t.label}<${s}`, { ...x, series_file: `${SERIES}-${s}.npy` });
        }
      }
    }
  }
  const external = ip.poisson_input
    ? populations.filter((p) => p.size > 0 && a.K[p.row][ext] > 0).map((p) => [p.label, a.K[p.row][ext] * ip.rate_ext, a.W[p.row][ext], 1.0])
    : [];
  const scope = replaceCc ? 'replace_cc' : replaceOthers ? 'replace_non_simulated_areas' : null;
  const replacement = { scope, mode: replaceCc || replaceOthers || null, externalMode: ip.poisson_input ? 'poisson' : 'dc' };
  return { simulated, populations, projections, replaced, external, replacement };
}

/** The current (pA) per step that replaced current inputs give each population, summed in description order. */
function currentsOf(net: NetworkDescription, nSteps: number, dt: number): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  const stepsPerMs = Math.round(1 / dt);
  for (const x of net.replaced_input.inputs.filter((y) => y.kind === 'current')) {
    const cur = out.get(x.target) ?? new Float64Array(nSteps);
    out.set(x.target, cur);
    const values = net.series[x.series_file!];
    const d = Math.round(x.delay_ms / dt);
    for (let t = d; t < nSteps; t++) cur[t] += x.K * values[Math.floor((t - d) / stepsPerMs)] * 1e-3 * x.weight_pA;
  }
  return out;
}

describe.each(cases)('$name', ({ net: makeNet, sim: simInput, rate }) => {
  const net = makeNet();
  const sim = resolveSimulationParams({ t_sim: T_SIM, ...simInput });
  const description = buildNetworkDescription(net, sim);
  const plan = buildPlan(description, sim);
  const exported = exportNestRun(net, { t_sim: T_SIM, ...simInput }, join(tmp, `run-${Math.random().toString(36).slice(2)}`));
  const json: NestNetworkSpec = readJson(join(exported.dir, 'network.json'));
  const expected = expectedFromModel(net, sim, rate);
  const label = (i: number) => plan.populations[i].label;

  it('description = model: populations, projections, external and replaced inputs', () => {
    expect(description.areas_simulated).toEqual(expected.simulated);
    const { scope, mode, externalMode } = expected.replacement;
    expect([description.replaced_input.scope, description.replaced_input.mode, description.external_input.mode]).toEqual([scope, mode, externalMode]);
    expect(description.populations.map((p) => [p.label, p.row, p.size, p.record_spikes, p.n_record_vm])).toEqual(
      expected.populations.map((p) => [p.label, p.row, p.size, p.record_spikes, p.n_record_vm]),
    );
    description.populations.forEach((p, i) => expect(p.I_e_pA).toBeCloseTo(expected.populations[i].I_e_pA, 9));
    expect(new Set(description.projections.map((p) => `${p.target}<${p.source}`))).toEqual(new Set(expected.projections.keys()));
    for (const p of description.projections) {
      const [count, w, wSd, wMin, wMax, d, dSd] = expected.projections.get(`${p.target}<${p.source}`)!;
      expect([p.synapses, p.weight_mean_pA, p.weight_sd_pA, p.weight_min_pA ?? -Infinity, p.weight_max_pA ?? Infinity]).toEqual([count, w, wSd, wMin, wMax]);
      expect(p.delay_mean_ms).toBeCloseTo(d, 12);
      expect(p.delay_sd_ms).toBeCloseTo(dSd, 12);
    }
    expect(description.external_input.inputs.map((x) => [x.target, x.rate_hz, x.weight_pA, x.delay_ms])).toEqual(expected.external);
    expect(new Set(description.replaced_input.inputs.map((x) => `${x.target}<${x.source}`))).toEqual(new Set(expected.replaced.keys()));
    for (const x of description.replaced_input.inputs) {
      const e = expected.replaced.get(`${x.target}<${x.source}`)!;
      expect(x.K).toBeCloseTo(e.K, 12);
      expect(x.weight_pA).toBe(e.weight_pA);
      expect(x.delay_ms).toBeCloseTo(e.delay_ms, 12);
      if (e.rate_hz !== undefined) expect([x.kind, x.rate_hz! / e.rate_hz]).toEqual(['poisson', expect.closeTo(1, 12)]);
      else expect([x.kind, x.series_file, x.amplitude_scale]).toEqual(['current', e.series_file, expect.closeTo(e.K * 1e-3, 15)]);
    }
  });

  it('description follows the rules: >= 1 synapse, rates > 0, nothing to or from empty populations, fixed delays >= 1 step', () => {
    const size = new Map(description.populations.map((p) => [p.label, p.size]));
    expect(description.projections.every((p) => p.synapses >= 1 && size.get(p.target)! > 0 && size.get(p.source)! > 0)).toBe(true);
    const poisson = [...description.external_input.inputs, ...description.replaced_input.inputs.filter((x) => x.kind === 'poisson')];
    expect(poisson.every((x) => x.rate_hz! > 0 && size.get(x.target)! > 0)).toBe(true);
    const fixed = [...description.external_input.inputs, ...description.replaced_input.inputs];
    expect(fixed.every((x) => Math.round(x.delay_ms / sim.dt) >= 1)).toBe(true);
  });

  it('engine plan = description: populations, pathways (keys by model row), Poisson channels, currents', () => {
    expect(plan.populations.map((p) => [p.label, p.matrixIndex, p.size, p.I_e_pA, p.recordSpikes, p.nVm])).toEqual(
      description.populations.map((p) => [p.label, p.row, p.size, p.I_e_pA, p.record_spikes, p.n_record_vm]),
    );
    plan.populations.forEach((p, i) => expect(p.first).toBe(i === 0 ? 0 : plan.populations[i - 1].first + plan.populations[i - 1].size));
    expect(plan.pathways.map((w) => [label(w.target), label(w.source), w.count, w.weightMean_pA, w.weightSd_pA, w.weightMin_pA, w.weightMax_pA, w.delayMean_ms, w.delaySd_ms])).toEqual(
      description.projections.map((p) => [p.target, p.source, p.synapses, p.weight_mean_pA, p.weight_sd_pA, p.weight_min_pA ?? -Infinity, p.weight_max_pA ?? Infinity, p.delay_mean_ms, p.delay_sd_ms]),
    );
    for (const w of plan.pathways) expect(w.key).toBe(pathwayKey(rowOf.get(label(w.target))!, rowOf.get(label(w.source))!, arrays.structureVec.length));
    const channels = (target: string) =>
      [...description.external_input.inputs, ...description.replaced_input.inputs.filter((x) => x.kind === 'poisson')]
        .filter((x) => x.target === target)
        .map((x) => ({ rate_Hz: x.rate_hz!, weight_pA: x.weight_pA, delaySteps: Math.round(x.delay_ms / sim.dt) }));
    expect(plan.poisson).toEqual(plan.populations.map((p) => channels(p.label)));
    const currents = currentsOf(description, plan.nSteps, sim.dt);
    expect(plan.currents).toEqual(plan.populations.map((p) => currents.get(p.label) ?? null));
  });

  it("NEST's network.json = description (time series copied into the run folder)", () => {
    const { series: _values, replaced_input, ...rest } = description;
    const { format, version, replaced_input: jsonReplaced, ...jsonRest } = json;
    expect([format, version]).toEqual(['multiarea-nest-network', 2]);
    expect(jsonRest).toEqual(JSON.parse(JSON.stringify(rest)));
    expect({ ...jsonReplaced, inputs: [] }).toEqual({ ...replaced_input, inputs: [] });
    expect(jsonReplaced.inputs).toEqual(
      replaced_input.inputs.map((x) => (x.series_file === undefined ? x : { ...x, series_file: `inputs/${basename(x.series_file)}` })),
    );
    for (const x of replaced_input.inputs.filter((y) => y.kind === 'current')) {
      expect(readFileSync(join(exported.dir, 'inputs', basename(x.series_file!)))).toEqual(readFileSync(x.series_file!));
    }
  });
});

it('the 0.2 % model with V1 + V2: engine, network.json and description have the same 119 projections', () => {
  const sim = resolveSimulationParams({ areas_simulated: ['V1', 'V2'] });
  const description = buildNetworkDescription(issueScaleModel(), sim);
  const plan = buildPlan(description, sim);
  const res = exportNestRun(issueScaleModel(), { areas_simulated: ['V1', 'V2'] }, join(tmp, 'issue'));
  expect([description.projections.length, plan.pathways.length, res.network.projections.length]).toEqual([119, 119, 119]);
  // The model's own delay matrices are what the description uses.
  const rows = description.projections.map((p) => [rowOf.get(p.target)!, rowOf.get(p.source)!]);
  expect(description.projections.map((p) => p.delay_mean_ms)).toEqual(rows.map(([t, s]) => issueScaleModel().delayMean[t][s]));
  expect(description.projections.map((p) => p.delay_sd_ms)).toEqual(rows.map(([t, s]) => issueScaleModel().delaySd[t][s]));
});
