import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  populationRates,
  readSpikes,
  readVm,
  simulateSingleNeuron,
  Simulation,
} from '../../simulation/index.ts';
import { siegert } from '../../theory/index.ts';
import { toyNetwork } from './toy-network.ts';

const root = mkdtempSync(join(tmpdir(), 'mam-sim-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let runCount = 0;
const outDir = () => join(root, `run${runCount++}`);

const active = () => toyNetwork({ addDC: [360, 360, 360, 360] });

describe('network construction', () => {
  it('creates int(N) neurons and int(synapses) synapses per pathway', async () => {
    const net = toyNetwork({ N: [80.7, 20.2, 80.9, 20.5], synapses: [[800.9, 400.2, 100.7, 0], [800, 400, 100, 0], [100, 0, 800, 400], [100, 0, 800, 400]] });
    const sim = new Simulation(net, { t_sim: 0 }, { noOutput: true });
    const log = await sim.run();
    expect(log.neurons).toBe(80 + 20 + 80 + 20);
    expect(log.synapses).toBe(800 + 400 + 100 + 800 + 400 + 100 + 100 + 800 + 400 + 100 + 800 + 400);
    expect(log.bytes_per_synapse).toBe(8);
  });

  it('drops input from non-simulated areas or replaces it, and checks input files first', async () => {
    const sim = new Simulation(toyNetwork({ replace: { replace_non_simulated_areas: null } }), { t_sim: 0, areas_simulated: ['A'] }, { noOutput: true });
    const log = await sim.run();
    expect(log.neurons).toBe(100);
    expect(log.synapses).toBe(800 + 400 + 800 + 400);
    const hom = new Simulation(toyNetwork(), { t_sim: 0, areas_simulated: ['A'] }, { noOutput: true });
    // B-E -> A-E and A-I: 100 synapses over 80 / 20 neurons, at rate_ext, delay 7 mm / 3.5 mm/ms.
    expect(hom.plan.poisson[0]).toContainEqual({ rate_Hz: (100 / 80) * 10, weight_pA: 87.8, delaySteps: 20 });
    expect(hom.plan.poisson[1]).toContainEqual({ rate_Hz: (100 / 20) * 10, weight_pA: 87.8, delaySteps: 20 });
    const missing = join(root, 'nope.json');
    expect(
      () => new Simulation(toyNetwork({ replace: { replace_non_simulated_areas: 'het_poisson_stat', replace_cc_input_source: missing } }), { areas_simulated: ['A'] }),
    ).toThrow(/replace_cc_input_source: cannot read .*nope\.json: file not found/);
    const bad = join(root, 'bad.json');
    writeFileSync(bad, JSON.stringify({ B: { E: 'fast' } }));
    expect(
      () => new Simulation(toyNetwork({ replace: { replace_non_simulated_areas: 'het_poisson_stat', replace_cc_input_source: bad } }), { areas_simulated: ['A'] }),
    ).toThrow(/rate of B-E is "fast"/);
    // Upstream writes rates with Python's json (bare NaN where a rate is undefined) and reads them back.
    const pythonJson = join(root, 'python.json');
    writeFileSync(pythonJson, '{"B": {"E": 2.5, "I": 4.0, "total": NaN}}');
    const het = new Simulation(toyNetwork({ replace: { replace_non_simulated_areas: 'het_poisson_stat', replace_cc_input_source: pythonJson } }), { areas_simulated: ['A'] });
    expect(het.plan.poisson[0]).toContainEqual({ rate_Hz: (100 / 80) * 2.5, weight_pA: 87.8, delaySteps: 20 });
    expect(
      () => new Simulation(toyNetwork({ replace: { replace_non_simulated_areas: 'het_current_nonstat', replace_cc_input_source: join(root, 'cc') } }), { areas_simulated: ['A'] }),
    ).toThrow(/replace_cc_input_source: time series .*cc-B-E\.npy not found/);
  });

  it('refuses, before allocating, a network whose synapses cannot fit in memory', async () => {
    const huge = toyNetwork({ synapses: [[1e13, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]] });
    const sim = new Simulation(huge, { t_sim: 1 }, { noOutput: true });
    expect(sim.synapseCount).toBe(1e13);
    await expect(sim.run()).rejects.toThrow(/network too large for this machine: 200 neurons, 10000000000000 synapses with procedural connectivity need an estimated .* GiB .* are available \(MemAvailable/);
  });

  it('rejects unknown and invalid simulation parameters by name', () => {
    expect(() => new Simulation(toyNetwork(), { t_simm: 10 })).toThrow(/unknown parameter 't_simm'/);
    expect(() => new Simulation(toyNetwork(), { dt: -1 })).toThrow(/dt: got -1/);
    expect(() => new Simulation(toyNetwork(), { areas_simulated: ['A', 'X'] })).toThrow(/areas_simulated: unknown area "X"/);
    expect(() => new Simulation(toyNetwork(), { t_sim: 10.05 })).toThrow(/t_sim: got 10.05; expected a multiple of dt/);
    expect(() => new Simulation(toyNetwork(), { recording_dict: { record_vm: 'yes' } })).toThrow(/recording_dict.record_vm/);
  });
});

describe('exact dynamics inside the network', () => {
  it('unconnected neurons follow the single-neuron integration exactly (V_m to 1e-9 mV, spike times)', async () => {
    const net = toyNetwork({ N: [3, 1, 1, 1], synapses: [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]], K_ext: [0, 0, 0, 0], addDC: [420, 0, 0, 0] });
    net.params.neuron_params.V0_mean = -70;
    net.params.neuron_params.V0_sd = 0;
    const sim = new Simulation(net, { t_sim: 50, areas_simulated: ['A'], recording_dict: { record_vm: true, Nrec_vm_fraction: 1 } }, { dataPath: outDir() });
    await sim.run();
    const ref = simulateSingleNeuron({ params: net.params.neuron_params.single_neuron_dict, I_e: 420, V_m_initial: -70, dt_ms: 0.1, tSim_ms: 50 });
    expect(ref.spikeTimesMs.length).toBeGreaterThan(1);
    const vm = readVm(sim.dataDir);
    const spikes = readSpikes(sim.dataDir);
    for (let id = 0; id < 3; id++) {
      const trace = [...vm.senders.keys()].filter((i) => vm.senders[i] === id);
      expect(trace.length).toBe(490); // NEST's voltmeter: not the last min-delay slice (1 ms here; recorder.test.ts)
      trace.forEach((i, k) => {
        expect(vm.timesMs[i]).toBeCloseTo(ref.vmTimesMs[k], 9);
        expect(Math.abs(vm.vmMv[i] - ref.vmMv[k])).toBeLessThan(1e-9);
      });
      expect([...spikes.timesMs].filter((_, i) => spikes.senders[i] === id)).toEqual(ref.spikeTimesMs.map((t) => Math.round(t / 0.1) * 0.1));
    }
  });

  it('a synapse delivers its weight after its delay, exactly as NEST', async () => {
    // One source neuron driven to fire, one target; W_sd = 0 and delay_rel = 0 make weight and delay exact.
    const net = toyNetwork({
      N: [1, 1, 1, 1],
      synapses: [[0, 0, 0, 0], [1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]],
      W: [[0, 0, 0, 0], [500, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]],
      W_sd: [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]],
      K_ext: [0, 0, 0, 0],
      addDC: [600, 200, 0, 0],
      delay_rel: 0,
    });
    net.params.neuron_params.V0_sd = 0;
    net.params.neuron_params.V0_mean = -65;
    const dir = outDir();
    const sim = new Simulation(net, { t_sim: 100, areas_simulated: ['A'], recording_dict: { record_vm: true, Nrec_vm_fraction: 1 } }, { dataPath: dir });
    await sim.run();
    const spikes = readSpikes(sim.dataDir);
    const sourceTimes = [...spikes.timesMs].filter((_, i) => spikes.senders[i] === 0);
    expect(sourceTimes.length).toBeGreaterThan(3);
    const ref = simulateSingleNeuron({
      params: net.params.neuron_params.single_neuron_dict,
      I_e: 200,
      V_m_initial: -65,
      dt_ms: 0.1,
      tSim_ms: 100,
      inputs: [{ times_ms: sourceTimes, weight_pA: 500, delay_ms: 1.5 }],
    });
    const vm = readVm(sim.dataDir);
    let compared = 0;
    for (let i = 0; i < vm.senders.length; i++) {
      if (vm.senders[i] !== 1) continue;
      const k = Math.round(vm.timesMs[i] / 0.1) - 1;
      expect(Math.abs(vm.vmMv[i] - ref.vmMv[k])).toBeLessThan(1e-9);
      compared++;
    }
    expect(compared).toBe(990); // the last min-delay slice (1 ms) is not recorded, as in NEST
  });
});

describe('reproducibility', () => {
  it('same seed -> identical spikes, for 1 and 2 threads; another seed differs', async () => {
    const runs = [];
    for (const [threads, seed] of [[1, 1], [2, 1], [1, 1], [1, 2]] as const) {
      const sim = new Simulation(active(), { t_sim: 100, threads, rng_seed: seed, recording_dict: { record_vm: true, Nrec_vm_fraction: 0.1 } }, { dataPath: outDir() });
      const log = await sim.run();
      runs.push({ log, spikes: readSpikes(sim.dataDir), vm: readVm(sim.dataDir) });
    }
    const [a, b, c, d] = runs;
    expect(a.log.threads).toBe(1);
    expect(b.log.threads).toBe(2);
    expect(a.spikes.senders.length).toBeGreaterThan(100);
    for (const other of [b, c]) {
      expect(other.log.synapses).toBe(a.log.synapses);
      expect(other.log.synaptic_events).toBe(a.log.synaptic_events);
      expect(Array.from(other.spikes.senders)).toEqual(Array.from(a.spikes.senders));
      expect(Array.from(other.spikes.timesMs)).toEqual(Array.from(a.spikes.timesMs));
      expect(Array.from(other.vm.vmMv)).toEqual(Array.from(a.vm.vmMv));
    }
    expect(Array.from(d.spikes.senders)).not.toEqual(Array.from(a.spikes.senders));
  });
});

describe('connectivity modes', () => {
  it('procedural and explicit connectivity give the same spikes and V_m, for 1, 2 and 3 threads and any input grouping', async () => {
    const runs = [];
    // The last two also split each worker's input into groups of ~20 neurons (instead of one group).
    for (const [connectivity, threads, inputGroupBytes] of [['explicit', 1], ['procedural', 1], ['procedural', 2], ['procedural', 3, 320], ['explicit', 2, 320]] as const) {
      const sim = new Simulation(active(), { t_sim: 100, threads, connectivity, recording_dict: { record_vm: true, Nrec_vm_fraction: 0.1 } }, { dataPath: outDir(), inputGroupBytes });
      const log = await sim.run();
      expect(log).toMatchObject({ connectivity, threads, status: 'completed' });
      runs.push({ log, spikes: readSpikes(sim.dataDir), vm: readVm(sim.dataDir) });
    }
    const [a, ...others] = runs;
    expect(a.spikes.senders.length).toBeGreaterThan(100);
    expect(a.log.bytes_per_synapse).toBe(8);
    expect(others[0].log.bytes_per_synapse).toBe(0);
    for (const b of others) {
      expect(b.log.synaptic_events).toBe(a.log.synaptic_events);
      expect(Array.from(b.spikes.senders)).toEqual(Array.from(a.spikes.senders));
      expect(Array.from(b.spikes.timesMs)).toEqual(Array.from(a.spikes.timesMs));
      expect(Array.from(b.vm.vmMv)).toEqual(Array.from(a.vm.vmMv));
    }
  });
});

describe('runaway activity', () => {
  it('stops a run whose population rate stays above the limit, keeping valid recordings', async () => {
    const net = toyNetwork({ addDC: [2000, 2000, 2000, 2000] });
    const sim = new Simulation(net, { t_sim: 500, runaway: { max_rate: 200, window: 20 } }, { dataPath: outDir() });
    const log = await sim.run();
    expect(log.status).toBe('runaway');
    expect(log.message).toMatch(/population A-E fired at .* spikes\/s .*limit runaway.max_rate = 200/);
    expect(log.simulated_ms).toBe(20);
    const rates = populationRates(sim.dataDir, 0, 20);
    expect(rates['A-E']).toBeGreaterThan(200);
  });
});

describe('interruption', () => {
  it.each([1, 2])('a stop request ends the run at the end of a ms, the same step in every thread (%i), files stay valid', async (threads) => {
    const sim = new Simulation(active(), { t_sim: 20000, threads }, { dataPath: outDir() });
    let askedAt = -1;
    const log = await sim.run({
      onProgress: (p) => {
        if (p.phase !== 'simulate' || askedAt >= 0) return;
        askedAt = p.simulatedMs;
        sim.requestStop();
      },
    });
    expect(log.status).toBe('interrupted');
    // Stops at the end of the ms in which it was asked (the main thread asks between its steps).
    expect(log.simulated_ms).toBe(Math.floor(askedAt) + 1);
    const spikes = readSpikes(sim.dataDir);
    expect(spikes.senders.length).toBe(log.spikes);
    expect(Math.max(...spikes.timesMs)).toBeLessThanOrEqual(log.simulated_ms);
  });
});

describe('external drive', () => {
  it('Poisson input has the right mean: free membrane mean = E_L + tau_m/C_m * rate * W * tau_syn', async () => {
    // No recurrence, no threshold crossing (weak drive): V_m averages over many neurons and time.
    const net = toyNetwork({ N: [400, 1, 1, 1], synapses: [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]], K_ext: [200, 0, 0, 0], W_ext: 20, rate_ext: 10 });
    net.params.neuron_params.V0_mean = -65;
    net.params.neuron_params.V0_sd = 0;
    const sim = new Simulation(net, { t_sim: 300, areas_simulated: ['A'], recording_dict: { record_vm: true, Nrec_vm_fraction: 1, vm_dict: { start: 100, stop: 300, interval: 1 } } }, { dataPath: outDir() });
    await sim.run();
    const vm = readVm(sim.dataDir);
    let sum = 0;
    let n = 0;
    for (let i = 0; i < vm.vmMv.length; i++) if (vm.senders[i] < 400) { sum += vm.vmMv[i]; n++; }
    const expected = -65 + (10 / 250) * (200 * 10) * 20 * 0.5 * 1e-3; // 0.8 mV above rest
    expect(sum / n).toBeCloseTo(expected, 1);
  });

  it('Poisson-driven unconnected neurons fire at the diffusion-approximation (Siegert) rate', async () => {
    // Total input 5000 spikes/s of 80 pA (J = 0.16 mV) plus 150 pA DC: mu = 14 mV, sigma = 1.13 mV.
    const Kr = 5000;
    const W = 80;
    const DC = 150;
    const net = toyNetwork({ N: [1000, 1, 1, 1], synapses: [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]], K_ext: [Kr / 10, 0, 0, 0], W_ext: W, rate_ext: 10, addDC: [DC, 0, 0, 0] });
    net.params.neuron_params.V0_mean = -60;
    net.params.neuron_params.V0_sd = 3;
    const sim = new Simulation(net, { t_sim: 1000, areas_simulated: ['A'] }, { dataPath: outDir() });
    await sim.run();
    const rate = populationRates(sim.dataDir, 200, 1000)['A-E'];
    const J = (W * 0.5) / 250;
    const mu = 10 * 1e-3 * Kr * J + (10 / 250) * DC;
    const sigma = Math.sqrt(10 * 1e-3 * Kr * J * J);
    const expected = siegert(mu, sigma, { theta: 15, V_reset: 0, tau_m: 10, tau_syn: 0.5, t_ref: 2 });
    expect(expected).toBeGreaterThan(5);
    // ~9000 spikes: 1 % counting noise; the diffusion approximation itself is good to a few %.
    expect(Math.abs(rate / expected - 1)).toBeLessThan(0.06);
  });

  it('poisson_input false gives the DC equivalent K_ext W_ext tau_syn rate_ext', () => {
    const sim = new Simulation(toyNetwork({ poisson_input: false, K_ext: [100, 50, 0, 0] }), { t_sim: 0 }, { noOutput: true });
    expect(sim.plan.populations[0].I_e_pA).toBeCloseTo(100 * 87.8 * 0.5 * 1e-3 * 10, 12);
    expect(sim.plan.populations[1].I_e_pA).toBeCloseTo(50 * 87.8 * 0.5 * 1e-3 * 10, 12);
    expect(sim.plan.poisson.every((c) => c.length === 0)).toBe(true);
  });
});

/** Minimal .npy (v1.0, little-endian float64, 1-D) writer for test inputs. */
function writeNpy1d(path: string, values: number[]): void {
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${values.length},), }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const buf = Buffer.alloc(10 + header.length + 8 * values.length);
  buf.write('\x93NUMPY', 0, 'latin1');
  buf[6] = 1;
  buf[7] = 0;
  buf.writeUInt16LE(header.length, 8);
  buf.write(header, 10, 'latin1');
  values.forEach((v, i) => buf.writeDoubleLE(v, 10 + header.length + 8 * i));
  writeFileSync(path, buf);
}

describe('replacement of cortico-cortical input', () => {
  it('het_current_nonstat: step-wise constant currents per 1 ms, K * value * 1e-3 * W, after the delay', async () => {
    const base = join(root, 'cc');
    const series = Array.from({ length: 20 }, (_, k) => 10 + k);
    writeNpy1d(`${base}-B-E.npy`, series);
    writeNpy1d(`${base}-B-I.npy`, series.map(() => 0));
    const net = toyNetwork({ replace: { replace_non_simulated_areas: 'het_current_nonstat', replace_cc_input_source: base } });
    const sim = new Simulation(net, { t_sim: 20, areas_simulated: ['A'] }, { noOutput: true });
    const cur = sim.plan.currents[0]!;
    const K = 100 / 80;
    const delay = 20; // 7 mm / 3.5 mm/ms = 2 ms
    expect(cur[delay - 1]).toBe(0);
    for (const t of [delay, delay + 9, delay + 10, 150, 199]) {
      expect(cur[t]).toBeCloseTo(K * series[Math.floor((t - delay) / 10)] * 1e-3 * 87.8, 12);
    }
    const log = await sim.run();
    expect(log.status).toBe('completed');
    writeNpy1d(`${base}-B-E.npy`, series.slice(0, 5));
    expect(() => new Simulation(net, { t_sim: 20, areas_simulated: ['A'] }, { noOutput: true })).toThrow(/time series .*cc-B-E\.npy: 5 values; expected int\(t_sim\) = 20/);
  });

  it('replace_cc replaces the connections between simulated areas by Poisson input', () => {
    const sim = new Simulation(toyNetwork({ replace: { replace_cc: 'hom_poisson_stat' } }), { t_sim: 0 }, { noOutput: true });
    expect(sim.plan.pathways.every((p) => sim.plan.populations[p.target].area === sim.plan.populations[p.source].area)).toBe(true);
    expect(sim.plan.poisson[0]).toContainEqual({ rate_Hz: (100 / 80) * 10, weight_pA: 87.8, delaySteps: 20 });
  });
});
