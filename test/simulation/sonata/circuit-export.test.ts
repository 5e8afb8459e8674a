import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNpy } from '../../../core/index.ts';
import { buildPlan } from '../../../simulation/engine/plan.ts';
import { Connectivity } from '../../../simulation/engine/connectivity.ts';
import { ExplicitTable } from '../../../simulation/engine/explicit-table.ts';
import { workerLayout } from '../../../simulation/engine/layout.ts';
import { computePropagators } from '../../../simulation/neuron/iaf-psc-exp.ts';
import {
  buildNetworkDescription,
  exportSonataCircuit,
  H5Reader,
  readCircuitConfig,
  readTypesCsv,
  readVm,
  resolveSimulationParams,
  Simulation,
  typesById,
  validateSonataCircuit,
} from '../../../simulation/index.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';
import { toyNetwork } from '../toy-network.ts';
import { PYTHON_H5PY, runPythonJson, SKIP_H5PY_MESSAGE } from './python-h5py.ts';

const tempDir = useTempDirs();
const SIM = { t_sim: 50, rng_seed: 7 };

/** Edges of an exported edges file as sorted "source target weight delay" keys. */
async function exportedEdges(file: string, pop: string) {
  const h5 = await H5Reader.open(file, 'edges');
  try {
    const b = `/edges/${pop}`;
    const src = h5.numeric(`${b}/source_node_id`), tgt = h5.numeric(`${b}/target_node_id`);
    const w = h5.numeric(`${b}/0/syn_weight`), d = h5.numeric(`${b}/0/delay`), type = h5.numeric(`${b}/edge_type_id`);
    return { src, tgt, w, d, type, keys: Array.from(src, (s, i) => `${s} ${tgt[i]} ${w[i]} ${d[i]}`).sort() };
  } finally {
    h5.close();
  }
}

describe('mam sonata-export: the circuit is the network the engine simulates', () => {
  it('synapses equal the explicit tables of the engine of a 2-thread split; node V_m equals the engine start; the circuit validates', async () => {
    const net = toyNetwork();
    const out = join(tempDir('sonata-'), 'circuit');
    const r = await exportSonataCircuit(net, SIM, out);
    expect(await validateSonataCircuit(join(out, 'circuit_config.json'))).toEqual([]);
    const sim = resolveSimulationParams(SIM);
    const desc = buildNetworkDescription(net, sim);
    const plan = buildPlan(desc, sim);
    expect(r.nodes).toBe(plan.totalNeurons);
    expect(r.edges).toBe(desc.projections.reduce((s, p) => s + p.synapses, 0));

    // The engine with two threads stores the synapses onto each worker's populations in its own table.
    const pops = plan.populations.map((_, p) => p);
    const halves = [pops.filter((p) => p % 2 === 0), pops.filter((p) => p % 2 === 1)];
    const keys: string[] = [];
    for (let worker = 0; worker < 2; worker++) {
      const layout = workerLayout(plan, halves, worker);
      const stride = 6;
      const connectivity = new Connectivity(plan, layout, { inputStride: stride, inputIndex: (local, inhibitory) => stride * local + (inhibitory ? 4 : 3) });
      for (const _ of connectivity.drawCounts());
      const table = new ExplicitTable(connectivity, stride * layout.size, worker);
      for (const _ of table.build());
      const gidOf = (local: number) => local + layout.segments.find((s) => local >= s.from && local < s.to)!.gidOffset;
      connectivity.groups.forEach((g, gi) => {
        for (let i = 0; i < g.size; i++) {
          const row = table.rowBase[gi] + i;
          for (let k = table.rowStart[row]; k < table.rowStart[row + 1]; k++) {
            const word = table.packedAt(k) & table.inputMask;
            keys.push(`${g.first + i} ${gidOf(Math.floor(word / stride))} ${table.weightAt(k)} ${(table.packedAt(k) >>> table.inputBits) / 10}`);
          }
        }
      });
    }
    const edges = await exportedEdges(join(out, 'network', 'multiarea_multiarea_edges.h5'), 'multiarea_to_multiarea');
    expect(edges.keys).toEqual(keys.sort());

    // Edge types name the projection of each synapse; counts per type equal the description's.
    const types = typesById(readTypesCsv(join(out, 'network', 'multiarea_multiarea_edge_types.csv')), 'edge_type_id', 'edge types');
    const popOf = (id: number) => plan.populations.find((p) => id >= p.first && id < p.first + p.size)!.label;
    const perType = new Map<number, number>();
    edges.type.forEach((t, i) => {
      expect([types.get(t)!.target_pop, types.get(t)!.source_pop]).toEqual([popOf(edges.tgt[i]), popOf(edges.src[i])]);
      perType.set(t, (perType.get(t) ?? 0) + 1);
    });
    desc.projections.forEach((p, i) => expect(perType.get(i)).toBe(p.synapses));

    // Initial V_m: the engine's V_m after one step is V0 P22 + I_e P20 (no input has arrived yet). The run
    // lasts two steps because, as in NEST, samples of the last min-delay slice of a run are not recorded.
    const run = new Simulation(net, { ...SIM, t_sim: 0.2, recording_dict: { record_vm: true, Nrec_vm_fraction: 1, vm_dict: { start: 0, stop: 1, interval: 0.1 } } }, { dataPath: tempDir('sonata-run-') });
    await run.run();
    const all = readVm(run.dataDir);
    const first = Array.from(all.timesMs, (t, k) => (Math.abs(t - 0.1) < 1e-9 ? k : -1)).filter((k) => k >= 0);
    const vm = { senders: first.map((k) => all.senders[k]), vmMv: first.map((k) => all.vmMv[k]) };
    const nodes = await H5Reader.open(join(out, 'network', 'multiarea_nodes.h5'), 'nodes');
    const v0 = nodes.numeric('/nodes/multiarea/0/dynamics_params/V_m');
    nodes.close();
    const P = computePropagators(desc.neuron_params, sim.dt);
    const E_L = desc.neuron_params.E_L;
    expect(vm.senders.length).toBe(plan.totalNeurons);
    let checked = 0;
    vm.senders.forEach((id, k) => {
      const pop = plan.populations.find((p) => id >= p.first && id < p.first + p.size)!;
      const v = (v0[id] - E_L) * P.P22 + pop.I_e_pA * P.P20;
      if (v >= P.theta) return; // spiked and was reset
      expect(vm.vmMv[k]).toBe(v + E_L);
      checked++;
    });
    expect(checked).toBeGreaterThan(plan.totalNeurons / 2);
  });

  it('gives every neuron an independent Poisson generator edge per input, and writes replaced currents for BMTK IClamp', async () => {
    const dir = tempDir('sonata-inputs-');
    const net = toyNetwork({ replace: { replace_non_simulated_areas: 'hom_poisson_stat' } });
    const out = join(dir, 'circuit');
    const r = await exportSonataCircuit(net, { ...SIM, areas_simulated: ['A'] }, out);
    const desc = buildNetworkDescription(net, resolveSimulationParams({ ...SIM, areas_simulated: ['A'] }));
    const poisson = [...desc.external_input.inputs, ...desc.replaced_input.inputs];
    expect(r.inputNodes).toBe(poisson.length);
    const inputTypes = typesById(readTypesCsv(join(out, 'network', 'multiarea_input_node_types.csv')), 'node_type_id', 'input types');
    poisson.forEach((x, g) => {
      expect(inputTypes.get(g)!.model_template).toBe('nest:poisson_generator');
      expect(JSON.parse(readFileSync(join(out, 'components', 'point_neuron_models', inputTypes.get(g)!.dynamics_params), 'utf8'))).toEqual({ rate: x.rate_hz });
    });
    const e = await exportedEdges(join(out, 'network', 'multiarea_input_multiarea_edges.h5'), 'multiarea_input_to_multiarea');
    poisson.forEach((x, g) => {
      const pop = desc.populations.find((p) => p.label === x.target)!;
      const targets = Array.from(e.tgt).filter((_, i) => e.src[i] === g);
      expect(targets).toEqual(Array.from({ length: pop.size }, (_, j) => targets[0] + j));
      const i = Array.from(e.src).indexOf(g);
      expect([e.w[i], e.d[i]]).toEqual([x.weight_pA, x.delay_ms]);
    });

    // het_current_nonstat: one IClamp csv per replaced input, weight and delay folded in.
    const seriesDir = join(dir, 'series');
    const { writeNpy } = await import('../../../core/index.ts');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(seriesDir);
    for (const l of ['A-E', 'A-I', 'B-E', 'B-I']) writeNpy(join(seriesDir, `cc-${l}.npy`), { data: Float64Array.from({ length: 50 }, (_, k) => 2 + k / 10), shape: [50] });
    const cur = toyNetwork({ replace: { replace_non_simulated_areas: 'het_current_nonstat', replace_cc_input_source: join(seriesDir, 'cc') } });
    const out2 = join(dir, 'circuit-current');
    const r2 = await exportSonataCircuit(cur, { ...SIM, areas_simulated: ['A'] }, out2);
    const d2 = buildNetworkDescription(cur, resolveSimulationParams({ ...SIM, areas_simulated: ['A'] }));
    const currents = d2.replaced_input.inputs.filter((x) => x.kind === 'current');
    expect(r2.currentInputs).toBe(currents.length);
    const simCfg = JSON.parse(readFileSync(join(out2, 'simulation_config.json'), 'utf8'));
    currents.forEach((x, i) => {
      const input = simCfg.inputs[`replaced_current_${i}`];
      expect(input).toMatchObject({ module: 'IClamp', input_type: 'csv', node_set: x.target });
      const rows = readFileSync(join(out2, 'inputs', `replaced_current_${i}.csv`), 'utf8').trim().split('\n').slice(1).map((l) => l.split(' ').map(Number));
      const series = readNpy(x.series_file!).data as Float64Array;
      rows.forEach(([t, a], k) => {
        expect(t).toBeCloseTo(k + x.delay_ms, 12);
        expect(a).toBeCloseTo(x.amplitude_scale! * series[k] * x.weight_pA, 10);
      });
    });
    expect(simCfg.run).toMatchObject({ tstop: 50, dt: 0.1, random_seed: 7 });
  });

  it('refuses networks whose edge list is too large, with a size estimate, and leaves nothing behind', async () => {
    const dir = tempDir('sonata-big-');
    await expect(exportSonataCircuit(toyNetwork(), SIM, join(dir, 'c'), { maxBytes: 10_000 })).rejects.toThrow(
      /network too large for explicit SONATA edges: 5200 synapses and 200 input edges would write about 0\.36 MiB \(limit 0\.01 MiB; raise it with --max-size/,
    );
    expect(readdirSync(dir)).toEqual([]);
    await exportSonataCircuit(toyNetwork(), SIM, join(dir, 'c'));
    await expect(exportSonataCircuit(toyNetwork(), SIM, join(dir, 'c'))).rejects.toThrow(/exists and is not empty/);
    await expect(exportSonataCircuit(toyNetwork(), SIM, join(dir, 'd'), { name: 'bad name' })).rejects.toThrow(/name: got 'bad name'/);
    expect(readdirSync(dir)).toEqual(['c']);
  });

  it.skipIf(PYTHON_H5PY === null)('h5py reads back the same populations, counts, weights and indices', async () => {
    const out = join(tempDir('sonata-h5py-'), 'circuit');
    await exportSonataCircuit(toyNetwork(), SIM, out);
    const files = readCircuitConfig(join(out, 'circuit_config.json'));
    const py = runPythonJson(
      String.raw`
import json, sys
import numpy as np, h5py
cfg = json.load(sys.stdin)
out = {'nodes': {}, 'edges': {}}
for n in cfg['nodes']:
    with h5py.File(n['nodesFile'], 'r') as f:
        assert f.attrs['magic'] == 0x0A7A and list(f.attrs['version']) == [0, 1]
        for pop, g in f['nodes'].items():
            t = g['node_type_id'][()]
            out['nodes'][pop] = {'count': int(len(t)), 'per_type': {str(k): int(v) for k, v in zip(*np.unique(t, return_counts=True))},
                                 'dtypes': [str(g[k].dtype) for k in ('node_type_id', 'node_id', 'node_group_id', 'node_group_index')],
                                 'vm': g['0/dynamics_params/V_m'][()].tolist() if 'dynamics_params' in g['0'] else None}
for e in cfg['edges']:
    with h5py.File(e['edgesFile'], 'r') as f:
        for pop, g in f['edges'].items():
            src, tgt = g['source_node_id'][()], g['target_node_id'][()]
            ok = True
            for name, key in (('source_to_target', src), ('target_to_source', tgt)):
                idx = g['indices'][name]
                n2r, r2e = idx['node_id_to_ranges'][()], idx['range_to_edge_id'][()]
                assert np.array_equal(n2r, idx['node_id_to_range'][()])
                for node, (a, b) in enumerate(n2r):
                    for s, t in r2e[a:b]:
                        ok = ok and bool(np.all(key[s:t] == node))
            out['edges'][pop] = {'count': int(len(src)), 'weights': g['0/syn_weight'][()].tolist(), 'delays': g['0/delay'][()].tolist(),
                                 'source_population': g['source_node_id'].attrs['node_population'], 'index_ok': ok,
                                 'src': src.tolist(), 'tgt': tgt.tolist()}
print(json.dumps(out))
`,
      files,
    );
    const nodes = await H5Reader.open(join(out, 'network', 'multiarea_nodes.h5'), 'nodes');
    expect(py.nodes.multiarea.vm).toEqual(Array.from(nodes.numeric('/nodes/multiarea/0/dynamics_params/V_m')));
    nodes.close();
    expect(py.nodes.multiarea.count).toBe(200);
    expect(py.nodes.multiarea.per_type).toEqual({ 0: 80, 1: 20, 2: 80, 3: 20 });
    expect(py.nodes.multiarea.dtypes).toEqual(['int64', 'uint64', 'uint32', 'uint64']);
    const ours = await exportedEdges(join(out, 'network', 'multiarea_multiarea_edges.h5'), 'multiarea_to_multiarea');
    const rec = py.edges.multiarea_to_multiarea;
    expect(rec.count).toBe(5200);
    expect(rec.index_ok).toBe(true);
    expect(rec.weights).toEqual(Array.from(ours.w));
    expect(rec.delays).toEqual(Array.from(ours.d));
    expect([rec.src, rec.tgt]).toEqual([Array.from(ours.src), Array.from(ours.tgt)]);
    expect(py.edges.multiarea_input_to_multiarea.source_population).toBe('multiarea_input');
    expect(py.edges.multiarea_input_to_multiarea.index_ok).toBe(true);
  });
  if (PYTHON_H5PY === null) it.skip(SKIP_H5PY_MESSAGE, () => {});

  it('writes the runner, configs and node sets PointNet reads', async () => {
    const out = join(tempDir('sonata-cfg-'), 'circuit');
    await exportSonataCircuit(toyNetwork(), { ...SIM, recording_dict: { areas_recorded: ['B'], record_vm: true, Nrec_vm_fraction: 0.05 } }, out);
    expect(existsSync(join(out, 'run_pointnet.py'))).toBe(true);
    const sets = JSON.parse(readFileSync(join(out, 'node_sets.json'), 'utf8'));
    expect(sets.recorded_spikes).toEqual({ population: 'multiarea', pop_name: ['B-E', 'B-I'] });
    expect(sets.recorded_vm).toEqual({ population: 'multiarea', node_id: [0, 1, 2, 3, 80, 100, 101, 102, 103, 180] });
    expect(sets['A-I']).toEqual({ population: 'multiarea', pop_name: 'A-I' });
    const simCfg = JSON.parse(readFileSync(join(out, 'simulation_config.json'), 'utf8'));
    expect(simCfg.reports.membrane_potential).toMatchObject({ cells: 'recorded_vm', variable_name: 'V_m', dt: 0.1, interval: 0.1 });
    const params = JSON.parse(readFileSync(join(out, 'components', 'point_neuron_models', 'A-E.json'), 'utf8'));
    expect(params).toEqual({ E_L: -65, V_th: -50, V_reset: -65, C_m: 250, tau_m: 10, tau_syn_ex: 0.5, tau_syn_in: 0.5, t_ref: 2, I_e: 0, V_m: -58 });
  });
});
