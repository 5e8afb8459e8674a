import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeNpy } from '../../../core/index.ts';
import { buildPlan, exportNestRun, resolveSimulationParams, type NestNetworkSpec } from '../../../simulation/index.ts';
import { readJson, smallModel, variant } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'mam-nest-export-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let runs = 0;
const freshDir = () => join(tmp, `run${runs++}`);

const V1V2 = { areas_simulated: ['V1', 'V2'], t_sim: 10, recording_dict: { record_vm: true, Nrec_vm_fraction: 0.1, areas_recorded: ['V2'] } };

describe('exportNestRun: network.json equals the model', () => {
  const model = smallModel();
  const a = model.arrays();
  const ext = a.structureVec.length;
  const res = exportNestRun(model, V1V2, freshDir());
  const spec: NestNetworkSpec = readJson(join(res.dir, 'network.json'));
  const simulatedRows = a.structureVec.map((l, i) => [l, i] as const).filter(([l]) => l.startsWith('V1-') || l.startsWith('V2-'));
  const rowOf = new Map(a.structureVec.map((l, i) => [l, i]));

  it('writes the run folder (network.json, sim.json, executable run_nest.py) and returns what it wrote', () => {
    expect(readdirSync(res.dir).sort()).toEqual(['network.json', 'run_nest.py', 'sim.json']);
    expect(res.files).toEqual(['network.json', 'sim.json', 'run_nest.py']);
    expect(statSync(join(res.dir, 'run_nest.py')).mode & 0o111).not.toBe(0);
    expect(spec).toEqual(res.network);
    expect(spec.network_label).toBe(model.label);
    expect(spec.areas_simulated).toEqual(['V1', 'V2']);
    expect(readdirSync(tmp).filter((f) => f.includes('.tmp-') || f.includes('.old-'))).toEqual([]);
  });

  it('populations: int(N) neurons, DC drive, recording', () => {
    expect(spec.populations.map((p) => p.label)).toEqual(simulatedRows.map(([l]) => l));
    for (const p of spec.populations) {
      const r = rowOf.get(p.label)!;
      expect(p.N).toBe(a.N[r]);
      expect(p.size).toBe(Math.trunc(a.N[r]));
      expect(p.add_dc_pA).toBe(a.addDC[r]);
      expect(p.I_e_pA).toBe(a.addDC[r]); // Poisson drive: no DC equivalent added
      expect(p.record_spikes).toBe(p.area === 'V2');
      expect(p.n_record_vm).toBe(Math.trunc(0.1 * a.N[r]));
    }
    expect(spec.neuron_params).toEqual(model.params.neuron_params.single_neuron_dict);
    expect(spec.V0).toEqual({ distribution: 'normal', mean_mV: -150, sd_mV: 50 });
  });

  it('external Poisson drive: K_ext x rate_ext, W_ext, NEST default delay', () => {
    expect(spec.external_input.mode).toBe('poisson');
    expect(spec.external_input.inputs.map((x) => x.target)).toEqual(spec.populations.map((p) => p.label));
    for (const x of spec.external_input.inputs) {
      const r = rowOf.get(x.target)!;
      expect(x.K_ext).toBe(a.K[r][ext]);
      expect(x.rate_hz).toBeCloseTo(a.K[r][ext] * 10, 9);
      expect(x.weight_pA).toBe(a.W[r][ext]);
      expect(x.delay_ms).toBe(1.0);
    }
  });

  it('projections: every simulated pair with int(synapses) >= 1, with W, W_sd, sign bounds and delays of the model', () => {
    const expected = new Set<string>();
    for (const [t, tr] of simulatedRows) for (const [s, sr] of simulatedRows) if (Math.trunc(a.synapses[tr][sr]) >= 1) expected.add(`${t}<${s}`);
    expect(new Set(spec.projections.map((p) => `${p.target}<${p.source}`))).toEqual(expected);
    expect(spec.projections.length).toBe(expected.size);
    const delayMean = model.delayMean;
    const delaySd = model.delaySd;
    for (const p of spec.projections) {
      const t = rowOf.get(p.target)!;
      const s = rowOf.get(p.source)!;
      expect(p.synapses).toBe(Math.trunc(a.synapses[t][s]));
      expect(p.weight_mean_pA).toBe(a.W[t][s]);
      expect(p.weight_sd_pA).toBe(a.W_sd[t][s]);
      const inhibitory = p.source.endsWith('I');
      expect(Math.sign(p.weight_mean_pA)).toBe(inhibitory ? -1 : 1);
      expect([p.weight_min_pA, p.weight_max_pA]).toEqual(inhibitory ? [null, 0] : [0, null]);
      expect(p.delay_mean_ms).toBeCloseTo(delayMean[t][s], 12);
      expect(p.delay_sd_ms).toBeCloseTo(delaySd[t][s], 12);
    }
    // Between areas the mean delay is distance / speed (V1 <- V2 here).
    const cc = spec.projections.find((p) => p.target.startsWith('V1-') && p.source.startsWith('V2-'))!;
    expect(cc.delay_mean_ms).toBeCloseTo(a.distances.V1.V2 / 3.5, 12);
    expect(spec.replaced_input).toEqual({ scope: null, mode: null, source: null, inputs: [] });
  });

  it('has the same populations, pathways and Poisson inputs as our simulator builds', () => {
    const plan = buildPlan(model, resolveSimulationParams(V1V2, a.areaList));
    expect(plan.populations.map((p) => [p.label, p.size, p.I_e, p.recordSpikes, p.nVm])).toEqual(
      spec.populations.map((p) => [p.label, p.size, p.I_e_pA, p.record_spikes, p.n_record_vm]),
    );
    const label = (i: number) => plan.populations[i].label;
    const fromPlan = plan.pathways
      .filter((w) => w.count >= 1)
      .map((w) => [label(w.target), label(w.source), w.count, w.wMean, w.wSd, w.wMin, w.wMax, w.delayMeanMs, w.delaySdMs]);
    const fromSpec = spec.projections.map((p) => [
      p.target, p.source, p.synapses, p.weight_mean_pA, p.weight_sd_pA,
      p.weight_min_pA ?? -Infinity, p.weight_max_pA ?? Infinity, p.delay_mean_ms, p.delay_sd_ms,
    ]);
    expect(fromSpec).toEqual(fromPlan);
    expect(plan.poisson.map((ch) => ch.map((c) => [c.rateHz, c.weightPa]))).toEqual(
      spec.external_input.inputs.map((x) => [[x.rate_hz, x.weight_pA]]),
    );
  });
});

describe('exportNestRun: sim.json', () => {
  const model = smallModel();

  it('holds the kernel, recording and rates settings; num_processes becomes MPI processes', () => {
    const res = exportNestRun(model, { ...V1V2, num_processes: 4, local_num_threads: 8, rng_seed: 7, recording_dict: { spike_dict: { label: 'spk', start: 2 } } }, freshDir());
    const sim = readJson(join(res.dir, 'sim.json'));
    expect(sim).toEqual(res.sim);
    expect(sim).toMatchObject({
      format: 'multiarea-nest-sim',
      version: 1,
      label: res.label,
      network_label: model.label,
      rng_seed: 7,
      dt_ms: 0.1,
      t_sim_ms: 10,
      num_processes: 4,
      local_num_threads: 8,
      recording: { spike_label: 'spk', spike_start_ms: 2, record_vm: false, vm_label: 'vm', vm_start_ms: 0, vm_stop_ms: 1000, vm_interval_ms: 0.1 },
      rates_window_ms: [0, 10],
    });
    expect(sim.sim_params.num_processes).toBe(4);
    expect(sim.sim_params.areas_simulated).toEqual(['V1', 'V2']);
  });

  it('the run label depends on processes and threads (NEST random streams do), not on the folder', () => {
    const l = (extra: object, opts = {}) => exportNestRun(model, { ...V1V2, ...extra }, freshDir(), opts).label;
    const base = l({});
    expect(l({})).toBe(base);
    expect(l({ threads: 2 })).not.toBe(base);
    expect(l({}, { numProcesses: 2 })).not.toBe(base);
    expect(l({ rng_seed: 2 })).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{40}$/);
  });

  it('takes a rates window', () => {
    const res = exportNestRun(model, V1V2, freshDir(), { ratesWindowMs: [2, 8] });
    expect(res.sim.rates_window_ms).toEqual([2, 8]);
  });
});

describe('exportNestRun: replaced and DC inputs', () => {
  const a = smallModel().arrays();
  const rowOf = new Map(a.structureVec.map((l, i) => [l, i]));
  const ratesFile = join(tmp, 'cc_rates.json');
  // A distinct, known rate per population: 1 + index / 100 spikes/s.
  const rates: Record<string, Record<string, number>> = {};
  a.structureVec.forEach((l, i) => {
    const [area, pop] = l.split('-');
    (rates[area] ??= {})[pop] = 1 + i / 100;
  });
  writeFileSync(ratesFile, JSON.stringify(rates));

  function expectedReplaced(targets: string[], sources: (area: string) => boolean) {
    const out: [string, string, number, number, number][] = [];
    for (const t of a.structureVec.filter((l) => targets.includes(l.split('-')[0]))) {
      const tr = rowOf.get(t)!;
      const tArea = t.split('-')[0];
      for (const s of a.structureVec) {
        const sArea = s.split('-')[0];
        const sr = rowOf.get(s)!;
        if (sArea === tArea || !sources(sArea) || !(a.synapses[tr][sr] > 0)) continue;
        out.push([t, s, a.synapses[tr][sr] / a.N[tr], a.W[tr][sr], a.distances[tArea][sArea] / 3.5]);
      }
    }
    return out;
  }

  it('hom_poisson_stat for non-simulated areas: rate K x rate_ext from every source population', () => {
    const net = variant({ replace_non_simulated_areas: 'hom_poisson_stat' });
    const res = exportNestRun(net, { areas_simulated: ['V1'], t_sim: 10 }, freshDir());
    const ri = res.network.replaced_input;
    expect(ri.scope).toBe('replace_non_simulated_areas');
    expect(ri.mode).toBe('hom_poisson_stat');
    const exp = expectedReplaced(['V1'], (x) => x !== 'V1');
    expect(ri.inputs.length).toBe(exp.length);
    ri.inputs.forEach((x, i) => {
      const [t, s, K, W, d] = exp[i];
      expect([x.target, x.source, x.kind]).toEqual([t, s, 'poisson']);
      expect(x.K).toBeCloseTo(K, 12);
      expect(x.rate_hz).toBeCloseTo(K * 10, 10);
      expect(x.weight_pA).toBe(W);
      expect(x.delay_ms).toBeCloseTo(d, 12);
    });
    expect(res.network.projections.every((p) => p.source.startsWith('V1-'))).toBe(true);
    // Same Poisson channels as our simulator (external drive first, then the replacements).
    const plan = buildPlan(net, resolveSimulationParams({ areas_simulated: ['V1'], t_sim: 10 }, a.areaList));
    const fromPlan = plan.poisson.flatMap((ch) => ch.slice(1).map((c) => c.rateHz));
    expect(fromPlan.length).toBe(ri.inputs.length);
    fromPlan.forEach((r, i) => expect(ri.inputs[i].rate_hz).toBeCloseTo(r, 10));
  });

  it('het_poisson_stat: the rates of the given file', () => {
    const res = exportNestRun(variant({ replace_non_simulated_areas: 'het_poisson_stat', replace_cc_input_source: ratesFile }), { areas_simulated: ['V1'], t_sim: 10 }, freshDir());
    const ri = res.network.replaced_input;
    expect(ri.source).toBe(ratesFile);
    for (const x of ri.inputs) {
      const [area, pop] = x.source.split('-');
      expect(x.rate_hz).toBeCloseTo(x.K * rates[area][pop], 10);
    }
  });

  it('replace_cc: input between simulated areas replaced, none from the others, local projections kept', () => {
    const res = exportNestRun(variant({ replace_cc: 'het_poisson_stat', replace_cc_input_source: ratesFile }), { areas_simulated: ['V1', 'V2'], t_sim: 10 }, freshDir());
    const ri = res.network.replaced_input;
    expect(ri.scope).toBe('replace_cc');
    const exp = expectedReplaced(['V1', 'V2'], (x) => x === 'V1' || x === 'V2');
    expect(ri.inputs.map((x) => [x.target, x.source])).toEqual(exp.map(([t, s]) => [t, s]));
    expect(res.network.projections.every((p) => p.source.split('-')[0] === p.target.split('-')[0])).toBe(true);
  });

  it('het_current_nonstat: copies the time series into inputs/ and gives the amplitude scale K x 1e-3', () => {
    const base = join(tmp, 'series', 'cc');
    mkdirSync(join(tmp, 'series'), { recursive: true });
    for (const l of a.structureVec) writeNpy(`${base}-${l}.npy`, { data: Float64Array.from({ length: 10 }, (_, k) => k + 1), shape: [10] } as any);
    const res = exportNestRun(variant({ replace_non_simulated_areas: 'het_current_nonstat', replace_cc_input_source: base }), { areas_simulated: ['V1'], t_sim: 10 }, freshDir());
    const ri = res.network.replaced_input;
    expect(ri.inputs.length).toBe(expectedReplaced(['V1'], (x) => x !== 'V1').length);
    for (const x of ri.inputs) {
      expect(x.kind).toBe('current');
      expect(x.series_file).toBe(`inputs/cc-${x.source}.npy`);
      expect(x.amplitude_scale).toBeCloseTo(x.K * 1e-3, 15);
      expect(readFileSync(join(res.dir, x.series_file!))).toEqual(readFileSync(`${base}-${x.source}.npy`));
    }
    expect(res.files).toContain('inputs/cc-V2-23E.npy');
    // Wrong length: an error naming the file and int(t_sim), and no folder left behind.
    const dir = freshDir();
    expect(() => exportNestRun(variant({ replace_non_simulated_areas: 'het_current_nonstat', replace_cc_input_source: base }), { areas_simulated: ['V1'], t_sim: 20 }, dir)).toThrow(
      /cc-V2-23E\.npy: 10 values; expected int\(t_sim\) = 20/,
    );
    expect(existsSync(dir)).toBe(false);
  });

  it('DC drive instead of Poisson input: I_e adds K_ext W_ext tau_syn rate_ext, no generators', () => {
    const res = exportNestRun(variant({}, { poisson_input: false }), { areas_simulated: ['V1'], t_sim: 10 }, freshDir());
    const ext = a.structureVec.length;
    expect(res.network.external_input).toMatchObject({ mode: 'dc', inputs: [] });
    for (const p of res.network.populations) {
      const r = rowOf.get(p.label)!;
      expect(p.I_e_pA).toBeCloseTo(a.addDC[r] + a.K[r][ext] * a.W[r][ext] * 0.5e-3 * 10, 9);
    }
  });
});

describe('exportNestRun: errors and atomic replacement', () => {
  const model = smallModel();

  it('refuses a non-empty folder unless overwrite, and then replaces it completely', () => {
    const dir = freshDir();
    mkdirSync(dir);
    writeFileSync(join(dir, 'keep.txt'), 'x');
    expect(() => exportNestRun(model, V1V2, dir)).toThrow(/outDir: .*run\d+ exists and is not empty/);
    expect(readdirSync(dir)).toEqual(['keep.txt']);
    exportNestRun(model, V1V2, dir, { overwrite: true });
    expect(readdirSync(dir).sort()).toEqual(['network.json', 'run_nest.py', 'sim.json']);
    // An empty folder is fine.
    const empty = freshDir();
    mkdirSync(empty);
    expect(exportNestRun(model, V1V2, empty).dir).toBe(empty);
  });

  it('bad parameters name the parameter, the value and what was expected', () => {
    const dir = freshDir();
    expect(() => exportNestRun(model, { rng_seed: 0 }, dir)).toThrow(/rng_seed: got 0; expected a whole number >= 1/);
    expect(() => exportNestRun(model, { areas_simulated: ['V9'] }, dir)).toThrow(/areas_simulated: unknown area "V9"/);
    expect(() => exportNestRun(model, { num_processes: 0 }, dir)).toThrow(/num_processes: got 0; expected a whole number >= 1/);
    expect(() => exportNestRun(model, { t_sim: 10 }, dir, { ratesWindowMs: [5, 20] })).toThrow(/ratesWindowMs: got \[5, 20\]; expected 0 <= start < stop <= t_sim = 10 ms/);
    expect(() => exportNestRun(model, { recording_dict: { spike_dict: { label: 'a/b', start: 0 } } }, dir)).toThrow(/spike_dict\.label: got "a\/b"/);
    expect(() => exportNestRun(variant({ lognormal_weights: true }), {}, dir)).toThrow(/lognormal_weights: got true/);
    expect(() => exportNestRun(variant({ replace_non_simulated_areas: 'het_poisson_stat', replace_cc_input_source: join(tmp, 'nope.json') }), { areas_simulated: ['V1'] }, dir)).toThrow(
      /replace_cc_input_source: file .*nope\.json not found/,
    );
    expect(existsSync(dir)).toBe(false);
  });
});
