import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeNpy } from '../../core/index.ts';
import { networkSource } from '../../multiarea/index.ts';
import {
  exportNestRun,
  FORMATS_MODULE,
  NEST_NETWORK_FORMAT,
  NEST_NETWORK_VERSION,
  NEST_SIM_FORMAT,
  NEST_SIM_VERSION,
  RUN_NEST_SCRIPT,
} from '../../simulation/index.ts';
import { HAS_PYTHON, readJson, runWithFakeNest, SKIP_PYTHON_MESSAGE, smallModel, variant } from '../simulation/nest/helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'mam-nest-run-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

if (!HAS_PYTHON) console.warn(SKIP_PYTHON_MESSAGE);

/** Spikes the fake Simulate() writes: neuron g fires at k (1 + g % 3) ms, k = 1, 2, ... while <= t_sim. */
function fakeSpikeTimes(g: number, tSim: number): number[] {
  const period = 1 + (g % 3);
  const out: number[] = [];
  for (let k = 1; k * period <= tSim + 1e-9; k++) out.push(k * period);
  return out;
}

describe.skipIf(!HAS_PYTHON)('run_nest.py', () => {
  it('compiles (python3 -m py_compile)', () => {
    const r = spawnSync('python3', ['-m', 'py_compile', RUN_NEST_SCRIPT, FORMATS_MODULE], { encoding: 'utf8', env: { ...process.env, PYTHONPYCACHEPREFIX: join(tmp, 'pycache') } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('mam_formats.py reads the format versions that the export writes', () => {
    const r = spawnSync('python3', ['-c', 'import json, mam_formats; print(json.dumps(mam_formats.VERSIONS))'], {
      cwd: dirname(FORMATS_MODULE),
      encoding: 'utf8',
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ [NEST_NETWORK_FORMAT]: NEST_NETWORK_VERSION, [NEST_SIM_FORMAT]: NEST_SIM_VERSION });
  });

  describe('against a fake nest module: V1 with hom_poisson_stat replacement of the other areas', () => {
    const sim = {
      areas_simulated: ['V1'],
      t_sim: 12,
      rng_seed: 5,
      num_processes: 2,
      local_num_threads: 3,
      recording_dict: { record_vm: true, Nrec_vm_fraction: 0.1, spike_dict: { label: 'spikes', start: 0 }, vm_dict: { label: 'vm', start: 1, stop: 11, interval: 0.5 } },
    };
    const res = exportNestRun(variant({ replace_non_simulated_areas: 'hom_poisson_stat' }), sim, join(tmp, 'hom'), { ratesWindowMs: [2, 10] });
    const run = runWithFakeNest(res.dir, { FAKE_NEST_PROCESSES: '2' });
    const net = res.network;
    const calls = run.calls;
    const creates = calls.filter((c) => c.fn === 'Create');
    const connects = calls.filter((c) => c.fn === 'Connect');
    const popFirst = new Map<string, number>();
    creates.filter((c) => c.model === 'iaf_psc_exp').forEach((c, i) => popFirst.set(net.populations[i].label, c.first));
    const nodes = (label: string) => ({ first: popFirst.get(label), n: net.populations.find((p) => p.label === label)!.size, model: 'iaf_psc_exp' });

    it('runs to the end', () => {
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('Built network');
    });

    it('sets up the kernel: resolution, processes x threads, seed, recordings folder, neuron defaults as floats', () => {
      expect(calls[0]).toEqual({ fn: 'ResetKernel' });
      expect(calls[1]).toEqual({
        fn: 'SetKernelStatus',
        params: { resolution: 0.1, total_num_virtual_procs: 6, rng_seed: 5, overwrite_files: true, data_path: join(res.dir, 'recordings'), print_time: false },
      });
      expect(calls[2]).toEqual({ fn: 'SetDefaults', model: 'iaf_psc_exp', params: net.neuron_params });
      expect(calls.at(-1)).toEqual({ fn: 'SyncProcesses' });
      expect(calls.filter((c) => c.fn === 'Simulate')).toEqual([{ fn: 'Simulate', t: 12 }]);
    });

    it('creates one recorder each, the populations (int N neurons), and one generator per Poisson input', () => {
      const count = (model: string) => creates.filter((c) => c.model === model).length;
      expect(count('spike_recorder')).toBe(1);
      expect(count('voltmeter')).toBe(1);
      expect(creates.find((c) => c.model === 'spike_recorder').params).toEqual({ record_to: 'ascii', label: 'spikes', start: 0 });
      expect(creates.find((c) => c.model === 'voltmeter').params).toEqual({ record_to: 'ascii', label: 'vm', start: 1, stop: 11, interval: 0.5 });
      expect(creates.filter((c) => c.model === 'iaf_psc_exp').map((c) => c.n)).toEqual(net.populations.map((p) => p.size));
      const poissonRates = creates.filter((c) => c.model === 'poisson_generator').map((c) => c.params.rate);
      const expected = [...net.external_input.inputs, ...net.replaced_input.inputs].map((x) => x.rate_hz);
      expect(poissonRates).toEqual(expected);
      expect(creates.length).toBe(2 + net.populations.length + expected.length);
    });

    it('sets I_e and draws V_m from normal(V0) for every population', () => {
      const sets = calls.filter((c) => c.fn === 'set');
      for (const p of net.populations) {
        const mine = sets.filter((s) => s.nodes.first === popFirst.get(p.label));
        expect(mine.map((s) => s.params)).toEqual([{ I_e: p.I_e_pA }, { V_m: { normal: { mean: -150, std: 50 } } }]);
      }
    });

    it('connects every projection with fixed_total_number, redrawn normal weights (sign) and delays (>= dt)', () => {
      const prj = connects.filter((c) => c.conn_spec?.rule === 'fixed_total_number');
      expect(prj.length).toBe(net.projections.length);
      prj.forEach((c, i) => {
        const p = net.projections[i];
        expect(c.pre).toEqual(nodes(p.source));
        expect(c.post).toEqual(nodes(p.target));
        expect(c.conn_spec).toEqual({ rule: 'fixed_total_number', N: p.synapses });
        const inhibitory = p.source.endsWith('I');
        expect(c.syn_spec).toEqual({
          synapse_model: 'static_synapse',
          weight: { redraw: { parameter: { normal: { mean: p.weight_mean_pA, std: p.weight_sd_pA } }, min: inhibitory ? '-inf' : 0, max: inhibitory ? 0 : 'inf' } },
          delay: { redraw: { parameter: { normal: { mean: p.delay_mean_ms, std: p.delay_sd_ms } }, min: 0.1, max: 'inf' } },
        });
      });
    });

    it('connects recorders and generators (weights, delays) to the right populations', () => {
      const toRecorder = connects.filter((c) => c.post.model === 'spike_recorder');
      expect(toRecorder.map((c) => c.pre)).toEqual(net.populations.map((p) => nodes(p.label)));
      const vm = connects.filter((c) => c.pre.model === 'voltmeter');
      const withVm = net.populations.filter((p) => p.n_record_vm > 0);
      expect(withVm.length).toBeGreaterThan(0);
      expect(vm.map((c) => c.post)).toEqual(withVm.map((p) => ({ ...nodes(p.label), n: p.n_record_vm })));
      const gens = connects.filter((c) => c.pre.model === 'poisson_generator');
      const inputs = [...net.external_input.inputs, ...net.replaced_input.inputs];
      expect(gens.length).toBe(inputs.length);
      gens.forEach((c, i) => {
        expect(c.post).toEqual(nodes(inputs[i].target));
        expect(c.conn_spec).toBeNull();
        expect(c.syn_spec).toEqual({ synapse_model: 'static_synapse', weight: inputs[i].weight_pA, delay: inputs[i].delay_ms });
      });
      expect(connects.length).toBe(net.projections.length + toRecorder.length + vm.length + gens.length);
    });

    it('writes populations.json, run logs, and rates.json over the window from all spike files', () => {
      const layout = readJson(join(res.dir, 'recordings', 'populations.json'));
      expect(layout.map((p: any) => [p.label, p.first_id, p.size])).toEqual(net.populations.map((p) => [p.label, popFirst.get(p.label), p.size]));
      const log = readJson(join(res.dir, 'recordings', 'run_log-0.json'));
      expect(log).toMatchObject({ label: res.label, network_label: net.network_label, num_processes: 2, local_num_threads: 3, total_num_virtual_procs: 6 });
      // Counted from the description: neurons + recorders + generators; synapses + one connection per
      // recorded neuron (spikes, V_m) and per generator target.
      const neurons = net.populations.reduce((s, p) => s + p.size, 0);
      const inputs = [...net.external_input.inputs, ...net.replaced_input.inputs];
      expect(log.network_size).toBe(neurons + 2 + inputs.length);
      const size = (label: string) => net.populations.find((p) => p.label === label)!.size;
      const synapses = net.projections.reduce((s, p) => s + p.synapses, 0);
      const recorded = net.populations.reduce((s, p) => s + (p.record_spikes ? p.size : 0) + p.n_record_vm, 0);
      expect(log.num_connections).toBe(synapses + recorded + inputs.reduce((s, x) => s + size(x.target), 0));
      const rates = readJson(join(res.dir, 'rates.json'));
      expect(Object.keys(rates)).toEqual(net.populations.map((p) => p.label));
      for (const p of net.populations) {
        let count = 0;
        const first = popFirst.get(p.label)!;
        for (let g = first; g < first + p.size; g++) count += fakeSpikeTimes(g, 12).filter((t) => t >= 2 && t < 10).length;
        expect(rates[p.label]).toBeCloseTo(count / (p.size * 0.008), 9);
      }
    });

    it('--rates-only recomputes rates.json for another window without NEST', () => {
      const script = join(res.dir, 'run_nest.py');
      const r = spawnSync('python3', [script, '--rates-only', '--t-min', '0', '--t-max', '12'], { encoding: 'utf8', env: { ...process.env, PYTHONPATH: '' } });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const rates = readJson(join(res.dir, 'rates.json'));
      for (const p of net.populations) {
        let count = 0;
        const first = popFirst.get(p.label)!;
        for (let g = first; g < first + p.size; g++) count += fakeSpikeTimes(g, 12).filter((t) => t < 12).length;
        expect(rates[p.label]).toBeCloseTo(count / (p.size * 0.012), 9);
      }
      const bad = spawnSync('python3', [script, '--rates-only', '--t-min', '5', '--t-max', '20'], { encoding: 'utf8' });
      expect(bad.status).not.toBe(0);
      expect(bad.stderr).toContain('rates window [5.0, 20.0) ms; expected 0 <= t_min < t_max <= t_sim = 12 ms');
    });

    it('refuses to run again over the recordings of an earlier run', () => {
      const again = runWithFakeNest(res.dir);
      expect(again.status).not.toBe(0);
      expect(again.stderr).toMatch(/recordings already holds recordings of an earlier run \(spikes-1-0\.dat, spikes-1-1\.dat\); delete them or export to a new folder/);
    });
  });

  describe('MPI processes other than sim.json says', () => {
    const sim = { areas_simulated: ['V1'], t_sim: 5, num_processes: 2, local_num_threads: 3 };

    it('is an error naming both counts and the remedies', () => {
      const res = exportNestRun(smallModel(), sim, join(tmp, 'procs-error'));
      const run = runWithFakeNest(res.dir, { FAKE_NEST_PROCESSES: '1' });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('run_nest.py: running on 1 MPI process(es) but sim.json asks for 2 (x 3 threads = 6 virtual processes,');
      expect(run.stderr).toContain('`mpirun -n 2 python3 run_nest.py`, or export the run again with --num-processes 1');
      expect(run.stderr).toContain('--allow-other-processes or set MAM_ALLOW_OTHER_PROCESSES=1');
      expect(existsSync(join(res.dir, 'recordings', 'run_log-0.json'))).toBe(false);
    });

    it('when allowed, keeps the virtual processes (and so the network realisation) with other threads per process', () => {
      const res = exportNestRun(smallModel(), sim, join(tmp, 'procs-allowed'));
      const run = runWithFakeNest(res.dir, { FAKE_NEST_PROCESSES: '3' }, ['--allow-other-processes']);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('run_nest.py: 3 MPI process(es) x 2 threads = the 6 virtual processes of sim.json');
      expect(run.calls.find((c) => c.fn === 'SetKernelStatus').params.total_num_virtual_procs).toBe(6);
      expect(readJson(join(res.dir, 'recordings', 'run_log-0.json'))).toMatchObject({ num_processes: 3, local_num_threads: 2, total_num_virtual_procs: 6 });
      const env = exportNestRun(smallModel(), sim, join(tmp, 'procs-env'));
      expect(runWithFakeNest(env.dir, { FAKE_NEST_PROCESSES: '6', MAM_ALLOW_OTHER_PROCESSES: '1' }).status).toBe(0);
      const uneven = exportNestRun(smallModel(), sim, join(tmp, 'procs-uneven'));
      const bad = runWithFakeNest(uneven.dir, { FAKE_NEST_PROCESSES: '4', MAM_ALLOW_OTHER_PROCESSES: '1' });
      expect(bad.status).toBe(1);
      expect(bad.stderr).toContain('running on 4 MPI process(es): the 6 virtual processes of sim.json cannot be split evenly over them');
    });
  });

  it('without an importable NEST 3: one message saying what is missing, no traceback', () => {
    const res = exportNestRun(smallModel(), { areas_simulated: ['V1'], t_sim: 5 }, join(tmp, 'no-nest'));
    const fakeRoot = join(tmp, 'broken-nest');
    mkdirSync(join(fakeRoot, 'nest'), { recursive: true });
    writeFileSync(join(fakeRoot, 'nest', '__init__.py'), "raise ImportError('libnestkernel.so: cannot open shared object file')\n");
    const run = (root: string) =>
      spawnSync('python3', [join(res.dir, 'run_nest.py')], { encoding: 'utf8', env: { ...process.env, PYTHONPATH: root, PYTHONDONTWRITEBYTECODE: '1' } });
    const r = run(fakeRoot);
    expect(r.status).toBe(1);
    expect(r.stderr).not.toContain('Traceback');
    expect(r.stderr).toMatch(/^run_nest\.py: cannot import nest with \S*python3?\S* \(Python 3\.[\d.]+; PYTHONPATH=.*broken-nest\): ImportError: libnestkernel\.so: cannot open shared object file\.\n/);
    expect(r.stderr).toContain('source <nest_install_dir>/bin/nest_vars.sh');
    // A NEST 2 installation.
    writeFileSync(join(fakeRoot, 'nest', '__init__.py'), "__version__ = '2.20.2'\n");
    const r2 = run(fakeRoot);
    expect(r2.status).toBe(1);
    expect(r2.stderr).toMatch(/^run_nest\.py: the nest module found \(.*broken-nest\/nest\/__init__\.py\) is not NEST 3/);
    expect(r2.stderr).not.toContain('Traceback');
    expect(existsSync(join(res.dir, 'recordings', 'run_log-0.json'))).toBe(false);
  });

  it('het_current_nonstat: one step_current_generator per input, amplitudes K x 1e-3 x series at dt + k ms', () => {
    const a = smallModel().arrays();
    const base = join(tmp, 'series', 'cc');
    mkdirSync(join(tmp, 'series'), { recursive: true });
    a.structureVec.forEach((l, i) => writeNpy(`${base}-${l}.npy`, { data: Float64Array.from({ length: 5 }, (_, k) => i + k), shape: [5] } as any));
    const res = exportNestRun(variant({ replace_non_simulated_areas: 'het_current_nonstat', replace_cc_input_source: base }), { areas_simulated: ['V1'], t_sim: 5 }, join(tmp, 'current'));
    const run = runWithFakeNest(res.dir);
    expect(run.stderr).toBe('');
    const gens = run.calls.filter((c) => c.fn === 'Create' && c.model === 'step_current_generator');
    const inputs = res.network.replaced_input.inputs;
    expect(gens.length).toBe(inputs.length);
    gens.forEach((g, i) => {
      const row = a.structureVec.indexOf(inputs[i].source);
      expect(g.params.amplitude_times).toEqual([0.1, 1.1, 2.1, 3.1, 4.1]);
      g.params.amplitude_values.forEach((v: number, k: number) => expect(v).toBeCloseTo(inputs[i].amplitude_scale! * (row + k), 14));
    });
    const conns = run.calls.filter((c) => c.fn === 'Connect' && c.pre.model === 'step_current_generator');
    conns.forEach((c, i) => expect(c.syn_spec).toEqual({ synapse_model: 'static_synapse', weight: inputs[i].weight_pA, delay: inputs[i].delay_ms }));
  });

  it('zero standard deviations: constant weights, delays and V_m (NEST normal() needs std > 0)', () => {
    const m = smallModel();
    const a = m.arrays();
    const net = networkSource(
      m.label,
      { ...m.params, delay_params: { ...m.params.delay_params, delay_rel: 0 }, neuron_params: { ...m.params.neuron_params, V0_sd: 0 } },
      { ...a, W_sd: a.W_sd.map((row) => row.map(() => 0)) },
    );
    const res = exportNestRun(net, { areas_simulated: ['V1'], t_sim: 5 }, join(tmp, 'constant'));
    const run = runWithFakeNest(res.dir);
    expect(run.stderr).toBe('');
    const prj = run.calls.filter((c) => c.fn === 'Connect' && c.conn_spec?.rule === 'fixed_total_number');
    expect(prj.length).toBe(res.network.projections.length);
    prj.forEach((c, i) => {
      const p = res.network.projections[i];
      expect(c.syn_spec).toEqual({ synapse_model: 'static_synapse', weight: p.weight_mean_pA, delay: p.delay_mean_ms });
    });
    expect(run.calls.filter((c) => c.fn === 'set' && 'V_m' in c.params).map((c) => c.params.V_m)).toEqual(res.network.populations.map(() => -150));
    // A constant delay below dt cannot be drawn: the export refuses it (and writes nothing).
    const short = networkSource(m.label, { ...net.params, delay_params: { ...net.params.delay_params, delay_i: 0.05 } }, net.arrays());
    expect(() => exportNestRun(short, { areas_simulated: ['V1'], t_sim: 5 }, join(tmp, 'short'))).toThrow(
      /projection V1-23E <- V1-23I: delay \(ms\): 0\.05 with standard deviation 0; expected a value within \[0\.1, Infinity\]/,
    );
    expect(existsSync(join(tmp, 'short'))).toBe(false);
  });

  it('stops with a clear message on a folder of another format', () => {
    const res = exportNestRun(smallModel(), { areas_simulated: ['V1'], t_sim: 5 }, join(tmp, 'bad'));
    const spec = readJson(join(res.dir, 'network.json'));
    writeFileSync(join(res.dir, 'network.json'), JSON.stringify({ ...spec, version: 99 }));
    const run = runWithFakeNest(res.dir);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/network\.json has format 'multiarea-nest-network' version 99; expected 'multiarea-nest-network' version 2/);
    rmSync(join(res.dir, 'sim.json'));
    writeFileSync(join(res.dir, 'network.json'), JSON.stringify(spec));
    expect(runWithFakeNest(res.dir).stderr).toMatch(/sim\.json not found; expected the folder written by `mam nest-export`/);
    expect(readFileSync(join(res.dir, 'run_nest.py'), 'utf8')).toBe(readFileSync(RUN_NEST_SCRIPT, 'utf8'));
  });
});
