import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contentLabel, writeNpy } from '../../../core/index.ts';
import { exportNestRun, FORMATS_MODULE, NEST_NETWORK_FORMAT, NEST_NETWORK_VERSION, nestRunLabel, resolveSimulationParams, simulationLabel, type NestNetworkSpec } from '../../../simulation/index.ts';
import { readJson, smallModel, variant } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'mam-nest-export-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let runs = 0;
const freshDir = () => join(tmp, `run${runs++}`);

const V1V2 = { areas_simulated: ['V1', 'V2'], t_sim: 10, recording_dict: { record_vm: true, Nrec_vm_fraction: 0.1, areas_recorded: ['V2'] } };

describe('exportNestRun: the run folder', () => {
  const model = smallModel();
  const res = exportNestRun(model, V1V2, freshDir());
  const spec: NestNetworkSpec = readJson(join(res.dir, 'network.json'));

  it('writes network.json, sim.json, run_nest.py (executable) and its mam_formats.py, and returns what it wrote', () => {
    expect(readdirSync(res.dir).sort()).toEqual(['mam_formats.py', 'network.json', 'run_nest.py', 'sim.json']);
    expect(res.files).toEqual(['network.json', 'sim.json', 'run_nest.py', 'mam_formats.py']);
    expect(statSync(join(res.dir, 'run_nest.py')).mode & 0o111).not.toBe(0);
    expect(readFileSync(join(res.dir, 'mam_formats.py'))).toEqual(readFileSync(FORMATS_MODULE));
    expect(spec).toEqual(res.network);
    expect(spec).toMatchObject({ format: NEST_NETWORK_FORMAT, version: NEST_NETWORK_VERSION, network_label: model.label, areas_simulated: ['V1', 'V2'] });
    expect(readdirSync(tmp).filter((f) => f.includes('.tmp-') || f.includes('.old-'))).toEqual([]);
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

  it('the run label depends on the number of virtual processes (NEST results do), not on how they are split, nor on the folder', () => {
    const l = (extra: object, opts = {}) => exportNestRun(model, { ...V1V2, ...extra }, freshDir(), opts).label;
    const base = l({});
    expect(l({})).toBe(base);
    const twoVps = l({ threads: 2 });
    expect(twoVps).not.toBe(base);
    expect(l({}, { numProcesses: 2 })).toBe(twoVps);
    expect(l({ num_processes: 2 })).toBe(twoVps);
    expect(l({ local_num_threads: 3 }, { numProcesses: 2 })).toBe(l({ threads: 6 }));
    expect(l({ rng_seed: 2 })).not.toBe(base);
    // The project's content label: canonical hash of the simulation label and the virtual processes.
    const sim = resolveSimulationParams({ ...V1V2, local_num_threads: 2 });
    expect(l({ threads: 2 })).toBe(contentLabel({ simulator: 'nest', simulation_label: simulationLabel(sim, model.label), num_virtual_processes: 2 }));
    expect(nestRunLabel(sim, model.label, 3)).toBe(contentLabel({ simulator: 'nest', simulation_label: simulationLabel(sim, model.label), num_virtual_processes: 6 }));
    expect(base).toMatch(/^[0-9a-f]{32}$/);
  });

  it('takes a rates window', () => {
    const res = exportNestRun(model, V1V2, freshDir(), { ratesWindowMs: [2, 8] });
    expect(res.sim.rates_window_ms).toEqual([2, 8]);
  });
});

describe('exportNestRun: input files', () => {
  const a = smallModel().arrays();

  it('het_current_nonstat: copies the time series into inputs/ and names them relative to the folder', () => {
    const base = join(tmp, 'series', 'cc');
    mkdirSync(join(tmp, 'series'), { recursive: true });
    for (const l of a.structureVec) writeNpy(`${base}-${l}.npy`, { data: Float64Array.from({ length: 10 }, (_, k) => k + 1), shape: [10] });
    const res = exportNestRun(variant({ replace_non_simulated_areas: 'het_current_nonstat', replace_cc_input_source: base }), { areas_simulated: ['V1'], t_sim: 10 }, freshDir());
    const ri = res.network.replaced_input;
    expect(ri.inputs.length).toBeGreaterThan(0);
    for (const x of ri.inputs) {
      expect(x.series_file).toBe(`inputs/cc-${x.source}.npy`);
      expect(readFileSync(join(res.dir, x.series_file!))).toEqual(readFileSync(`${base}-${x.source}.npy`));
    }
    expect(res.files).toContain('inputs/cc-V2-23E.npy');
    // Wrong length: an error naming the file and int(t_sim), and no folder left behind.
    const dir = freshDir();
    expect(() => exportNestRun(variant({ replace_non_simulated_areas: 'het_current_nonstat', replace_cc_input_source: base }), { areas_simulated: ['V1'], t_sim: 20 }, dir)).toThrow(
      /time series .*cc-V2-23E\.npy: 10 values; expected int\(t_sim\) = 20/,
    );
    expect(existsSync(dir)).toBe(false);
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
    expect(readdirSync(dir).sort()).toEqual(['mam_formats.py', 'network.json', 'run_nest.py', 'sim.json']);
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
      /replace_cc_input_source: cannot read .*nope\.json: file not found/,
    );
    expect(existsSync(dir)).toBe(false);
  });
});
