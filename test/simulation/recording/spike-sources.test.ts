/**
 * The other spike sources read the same spikes as our run folders do: a NEST run folder written by
 * run_nest.py (against python/fake_nest.py), upstream multi-area-model's output (NEST 3 .dat and NEST
 * 2 .gdf, crafted as upstream's simulation.py writes it) and SONATA spike files (in a run folder, and
 * beside an exported simulation_config.json). Each is refused when incomplete.
 */
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import h5wasm from 'h5wasm/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { analysisOfRun } from '../../../analysis/index.ts';
import { uniformGenerator } from '../../../core/index.ts';
import {
  exportNestRun,
  IncompleteRunError,
  openSpikeSource,
  openSpikeSourceSync,
  type SpikeSource,
} from '../../../simulation/index.ts';
import { encodeHeader, SPIKE_MAGIC } from '../../../simulation/recording/record-format.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';
import { BUNDLED_RATES, HAS_PYTHON, readJson, runWithFakeNest, SKIP_PYTHON_MESSAGE, smallModel, variant } from '../nest/helpers.ts';
import { writeCompletedRunLog } from './run-folder-fixture.ts';

const tempDir = useTempDirs();
if (!HAS_PYTHON) console.warn(SKIP_PYTHON_MESSAGE);

interface Spike {
  label: string;
  /** Neuron index within the population. */
  local: number;
  /** Time stamp in steps of 0.1 ms. */
  stamp: number;
}

/** Writes one of our run folders (populations in order from id 0, dt 0.1 ms) holding `spikes`, with a completed run log. */
function writeOurRun(dir: string, pops: { label: string; size: number }[], spikes: Spike[], tSim: number): void {
  mkdirSync(dir, { recursive: true });
  let first = 0;
  const layout = pops.map((p) => ({ label: p.label, first: (first += p.size) - p.size, size: p.size, recordSpikes: true, nVm: 0 }));
  const firstOf = new Map(layout.map((p) => [p.label, p.first]));
  const records = spikes.map((s) => [s.stamp, firstOf.get(s.label)! + s.local]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const buf = Buffer.alloc(32 + 8 * records.length);
  Buffer.from(encodeHeader(SPIKE_MAGIC, 0, 0.1, 8)).copy(buf, 0);
  records.forEach(([stamp, id], i) => {
    buf.writeUInt32LE(stamp, 32 + 8 * i);
    buf.writeUInt32LE(id, 36 + 8 * i);
  });
  writeFileSync(join(dir, 'populations.json'), JSON.stringify({ dt: 0.1, t_sim: tSim, populations: layout }));
  writeFileSync(join(dir, 'spikes-0.bin'), buf);
  writeCompletedRunLog(dir);
}

/** Per population label: the spikes of a source as "time:local id" in time order. */
function trains(source: SpikeSource): Record<string, string[]> {
  const { timesMs, senders } = source.spikes();
  const out: Record<string, string[]> = {};
  for (const p of source.populations) out[p.label] = [];
  for (let i = 0; i < timesMs.length; i++) {
    const p = source.populations.find((q) => senders[i] >= q.first && senders[i] < q.first + q.size)!;
    out[p.label].push(`${timesMs[i]}:${senders[i] - p.first}`);
  }
  return out;
}

/** The two sources hold the same populations (label, size), window and spikes, and give the same statistics. */
function expectSameSpikes(a: SpikeSource, b: SpikeSource): void {
  expect(a.populations.map((p) => [p.label, p.size])).toEqual(b.populations.map((p) => [p.label, p.size]));
  expect(a.window).toEqual(b.window);
  expect(trains(a)).toEqual(trains(b));
  const sa = analysisOfRun(a, { network: false, window: { t_min_ms: 0 } });
  const sb = analysisOfRun(b, { network: false, window: { t_min_ms: 0 } });
  expect(sa.rates()).toEqual(sb.rates());
  expect(sa.cvIsi()).toEqual(sb.cvIsi());
  expect(sa.lvr()).toEqual(sb.lvr());
}

/** The V1 populations of the small model (int N neurons) and random spikes of them over (0, tSim]. */
function syntheticV1(tSim: number): { pops: { label: string; size: number }[]; spikes: Spike[] } {
  const net = smallModel().arrays();
  const pops = net.structureVec.map((label, i) => ({ label, size: Math.trunc(net.N[i]) })).filter((p) => p.label.startsWith('V1-'));
  const rand = uniformGenerator(7);
  const spikes: Spike[] = [];
  for (const p of pops) for (let k = 0; k < 6 * p.size; k++) spikes.push({ label: p.label, local: Math.floor(rand() * p.size), stamp: 1 + Math.floor(rand() * tSim * 10) });
  // Unique (neuron, stamp), as a simulator records them.
  const seen = new Set<string>();
  return { pops, spikes: spikes.filter((s) => !seen.has(`${s.label}/${s.local}/${s.stamp}`) && seen.add(`${s.label}/${s.local}/${s.stamp}`)) };
}

describe.skipIf(!HAS_PYTHON)('NEST run folders of run_nest.py', () => {
  let runDir = '';
  let ours = '';
  let datFiles: string[] = [];
  beforeAll(() => {
    const root = tempDir('mam-src-nest-');
    const sim = { areas_simulated: ['V1'], t_sim: 30, rng_seed: 5, num_processes: 1, local_num_threads: 2 };
    const res = exportNestRun(variant({ replace_non_simulated_areas: 'hom_poisson_stat' }), sim, join(root, 'nest'));
    const run = runWithFakeNest(res.dir, { FAKE_NEST_PROCESSES: '1' });
    expect(run.stderr).toBe('');
    runDir = res.dir;
    datFiles = readdirSync(join(runDir, 'recordings')).filter((f) => f.startsWith('spikes-') && f.endsWith('.dat')).sort();
    expect(datFiles.length).toBe(2);
    // The same spikes in our format: NEST ids mapped to ours through recordings/populations.json.
    const layout: { label: string; first_id: number; size: number }[] = readJson(join(runDir, 'recordings', 'populations.json'));
    const spikes: Spike[] = [];
    for (const f of datFiles) {
      for (const line of readFileSync(join(runDir, 'recordings', f), 'utf8').split('\n')) {
        const [g, t] = line.split('\t').map(Number);
        if (!(g >= 1) || line.startsWith('#')) continue;
        const p = layout.find((q) => g >= q.first_id && g < q.first_id + q.size)!;
        spikes.push({ label: p.label, local: g - p.first_id, stamp: Math.round(t * 10) });
      }
    }
    ours = join(root, 'ours');
    writeOurRun(ours, layout, spikes, 30);
  }, 60_000);

  it('run_nest.py logs the spikes of each file (recordings/spike_counts.json)', () => {
    const counts = readJson(join(runDir, 'recordings', 'spike_counts.json')).files;
    for (const f of datFiles) {
      const lines = readFileSync(join(runDir, 'recordings', f), 'utf8').split('\n').filter((l) => /^\d/.test(l));
      expect(counts[f]).toBe(lines.length);
      expect(lines.length).toBeGreaterThan(0);
    }
  });

  it('reads the same populations, window and spikes as our run folder of the same spikes', () => {
    const nest = openSpikeSourceSync(runDir);
    expect(nest.info).toMatchObject({ format: 'nest-run', end: 'completed', complete: true, t_sim_ms: 30, dt_ms: 0.1, seed: 5, notes: [] });
    expect(nest.info.simulator).toBe('NEST fake (run_nest.py, 2 virtual processes, dt 0.1 ms)');
    expect(openSpikeSourceSync(join(runDir, 'recordings')).info.path).toBe(runDir);
    expectSameSpikes(nest, openSpikeSourceSync(ours));
  });

  function copy(): string {
    const dir = join(tempDir('mam-src-nest-copy-'), 'run');
    mkdirSync(dir);
    for (const f of ['sim.json', 'network.json']) writeFileSync(join(dir, f), readFileSync(join(runDir, f)));
    mkdirSync(join(dir, 'recordings'));
    for (const f of readdirSync(join(runDir, 'recordings'))) writeFileSync(join(dir, 'recordings', f), readFileSync(join(runDir, 'recordings', f)));
    return dir;
  }

  /** Latest spike time of a .dat file. */
  const latest = (file: string) => Math.max(...readFileSync(file, 'utf8').split('\n').filter((l) => /^\d/.test(l)).map((l) => Number(l.split('\t')[1])));

  it('refuses a deleted spike file, a file cut short (allowIncomplete: up to 1 ms before the earliest latest spike), and a run without its log', () => {
    const deleted = copy();
    rmSync(join(deleted, 'recordings', datFiles[1]));
    expect(() => openSpikeSourceSync(deleted, { allowIncomplete: true })).toThrow('the run had 2 virtual processes, one spike file spikes-1-<vp>.dat each, but the spike files of virtual processes 1 are missing');

    const cut = copy();
    const file = join(cut, 'recordings', datFiles[0]);
    const lines = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, lines.slice(0, -2).join('\n') + '\n'); // the last spike line dropped
    const logged = readJson(join(cut, 'recordings', 'spike_counts.json')).files[datFiles[0]];
    expect(() => openSpikeSourceSync(cut)).toThrow(IncompleteRunError);
    expect(() => openSpikeSourceSync(cut)).toThrow(`${datFiles[0]} holds ${logged - 1} of the ${logged} spikes`);
    const end = Math.min(...datFiles.map((f) => latest(join(cut, 'recordings', f)))) - 1;
    expect(openSpikeSourceSync(cut, { allowIncomplete: true }).window).toEqual({ t_min_ms: 0, t_max_ms: end });

    const partial = copy();
    appendFileSync(join(partial, 'recordings', datFiles[1]), '17\t3.0');
    expect(() => openSpikeSourceSync(partial)).toThrow(`${datFiles[1]} end(s) inside a line: cut short after the run`);

    const unfinished = copy();
    rmSync(join(unfinished, 'recordings', 'run_log-0.json'));
    expect(() => openSpikeSourceSync(unfinished)).toThrow(/the run did not finish \(no recordings\/run_log-0.json: killed, crashed, or still running\); its spike files are complete up to t = \d+ ms of t_sim = 30 ms; rerun it, or pass --allow-incomplete/);
    const source = openSpikeSourceSync(unfinished, { allowIncomplete: true });
    expect(source.info.end).toBe('unfinished');
    expect(source.window.t_max_ms).toBe(Math.min(...datFiles.map((f) => latest(join(unfinished, 'recordings', f)))) - 1);
  });

  it('an export from before spike_counts.json: complete when every rank logged, with a note', () => {
    const old = copy();
    rmSync(join(old, 'recordings', 'spike_counts.json'));
    const source = openSpikeSourceSync(old);
    expect(source.info.complete).toBe(true);
    expect(source.info.notes[0]).toMatch(/^no spike counts were logged for the files \(run_nest.py of this export writes no spike_counts.json/);
  });
});

describe("upstream multi-area-model's NEST output", () => {
  const tSim = 40;
  const { pops, spikes } = syntheticV1(tSim);
  const label = 'a1b2c3d4';
  let ours = '';

  /** An upstream run folder as simulation.py writes it; ids from 3 (recorders first), one file per virtual process. */
  function upstreamRun(opts: { nest2?: boolean; logs?: boolean } = {}): string {
    const dir = join(tempDir('mam-src-upstream-'), label);
    mkdirSync(join(dir, 'recordings'), { recursive: true });
    const sim = { t_sim: tSim, areas_simulated: ['V1'], local_num_threads: 2, rng_seed: 9 };
    const net = { N_scaling: 0.001, K_scaling: 0.001, fullscale_rates: BUNDLED_RATES };
    writeFileSync(join(dir, `custom_params_${label}`), JSON.stringify({ sim_params: sim, network_params: net, network_label: 'upstream-net-label' }));
    let first = 3;
    const firstOf = new Map<string, number>();
    const gids = pops.map((p) => {
      firstOf.set(p.label, first);
      const [area, pop] = p.label.split('-');
      const line = `${area},${pop},${first},${first + p.size - 1}`;
      first += p.size;
      return line;
    });
    writeFileSync(join(dir, 'recordings', 'network_gids.txt'), gids.join('\n') + '\n');
    const ext = opts.nest2 ? 'gdf' : 'dat';
    const head = opts.nest2 ? '' : '# NEST version: 3.10.0\n# RecordingBackendASCII version: 2\nsender\ttime_ms\n';
    const body = ['', ''];
    spikes.forEach((s, i) => (body[i % 2] += `${firstOf.get(s.label)! + s.local}\t${(s.stamp / 10).toFixed(3)}${opts.nest2 ? '\t' : ''}\n`));
    body.forEach((b, vp) => writeFileSync(join(dir, 'recordings', `${label}-spikes-1-${vp}.${ext}`), head + b));
    if (opts.logs !== false) writeFileSync(join(dir, 'recordings', `${label}_logfile_0`), JSON.stringify({ time_simulate: 1.5, local_spike_counter: spikes.length }));
    return dir;
  }

  beforeAll(() => {
    ours = join(tempDir('mam-src-ours-'), 'run');
    writeOurRun(ours, pops, spikes, tSim);
  });

  it('NEST 3 .dat files: the same spikes as our run folder; the network rebuilds from its custom network_params', () => {
    const dir = upstreamRun();
    const source = openSpikeSourceSync(dir);
    expect(source.info).toMatchObject({ format: 'upstream-nest', label, networkLabel: 'upstream-net-label', N_scaling: 0.001, t_sim_ms: tSim, seed: 9, complete: true, networkLabelIsOurs: false });
    expect(source.info.simulator).toBe('NEST 3.10.0 (upstream multi-area-model, 2 virtual processes, dt 0.1 ms)');
    expect(source.info.notes).toEqual(["no spike counts were logged for the files (upstream's simulation.py logs none): checked that every rank finished, one file per virtual process, and whole lines"]);
    expectSameSpikes(source, openSpikeSourceSync(ours));
    expect(analysisOfRun(source, { network: 'required' }).network?.label).toBe(smallModel().label);
  });

  it('NEST 2 .gdf files (no header, trailing tab) read alike', () => {
    const source = openSpikeSourceSync(upstreamRun({ nest2: true }));
    expect(source.info.simulator).toBe('NEST 2 (upstream multi-area-model, 2 virtual processes, dt 0.1 ms)');
    expectSameSpikes(source, openSpikeSourceSync(ours));
  });

  it('a run without the log of rank 0 is refused; a missing virtual process file too', () => {
    const dir = upstreamRun({ logs: false });
    expect(() => openSpikeSourceSync(dir)).toThrow(`the run did not finish (no recordings/${label}_logfile_0: killed, crashed, or still running)`);
    expect(openSpikeSourceSync(dir, { allowIncomplete: true }).info.end).toBe('unfinished');
    const gone = upstreamRun();
    rmSync(join(gone, 'recordings', `${label}-spikes-1-0.dat`));
    expect(() => openSpikeSourceSync(gone)).toThrow('the spike files of virtual processes 0 are missing');
  });
});

describe('SONATA spike files', () => {
  const tSim = 40;
  const { pops, spikes } = syntheticV1(tSim);
  let ours = '';

  /** Writes /spikes/<population>/{timestamps, node_ids} with our node ids (in file order, unsorted). */
  async function writeSonata(file: string, population: string, factor = 1): Promise<void> {
    await h5wasm.ready;
    const firstOf = new Map(openSpikeSourceSync(ours).populations.map((p) => [p.label, p.first]));
    const f = new h5wasm.File(file, 'w');
    f.create_group('spikes');
    f.create_group(`spikes/${population}`);
    const g = f.get(`spikes/${population}`) as any;
    g.create_dataset({ name: 'timestamps', data: Float64Array.from(spikes, (s) => s.stamp / 10 / factor), dtype: '<d' });
    g.create_dataset({ name: 'node_ids', data: BigUint64Array.from(spikes, (s) => BigInt(firstOf.get(s.label)! + s.local)), dtype: '<Q' });
    (f.get(`spikes/${population}/timestamps`) as any).create_attribute('units', factor === 1 ? 'ms' : 's');
    f.close();
  }

  beforeAll(() => {
    ours = join(tempDir('mam-src-sonata-ours-'), 'run');
    writeOurRun(ours, pops, spikes, tSim);
  });

  it('a spike file in a run folder: layout, completeness and window from the run folder, the same spikes', async () => {
    const file = join(ours, 'spikes.h5');
    await writeSonata(file, 'multiarea');
    const source = await openSpikeSource(file);
    expect(source.info.format).toBe('sonata');
    expect(source.info.notes[0]).toBe(`spikes of population 'multiarea' from ${file}; layout, completeness and window from the run folder ${ours}`);
    expectSameSpikes(source, openSpikeSourceSync(ours));
    expect(() => openSpikeSourceSync(file)).toThrow('a SONATA file opens asynchronously: use await openSpikeSource(path)');
    rmSync(join(ours, 'run_log.json'));
    await expect(openSpikeSource(file)).rejects.toThrow(/has no run_log.json: the run did not finish/);
    writeCompletedRunLog(ours);
  });

  it('a file of several node populations: the one chosen (population option), else an error naming them', async () => {
    const file = join(ours, 'spikes.h5');
    await writeSonata(file, 'multiarea');
    await h5wasm.ready;
    const f = new h5wasm.File(file, 'a');
    f.create_group('spikes/input');
    (f.get('spikes/input') as any).create_dataset({ name: 'timestamps', data: Float64Array.of(1, 2), dtype: '<d' });
    (f.get('spikes/input') as any).create_dataset({ name: 'node_ids', data: BigUint64Array.of(0n, 1n), dtype: '<Q' });
    f.close();
    await expect(openSpikeSource(file)).rejects.toThrow(`SONATA spike file ${file}: holds populations input, multiarea; choose one`);
    await expect(openSpikeSource(file, { population: 'bmtk' })).rejects.toThrow(`SONATA spike file ${file}: no population 'bmtk' (it holds input, multiarea)`);
    expectSameSpikes(await openSpikeSource(file, { population: 'multiarea' }), openSpikeSourceSync(ours));
    rmSync(file);
  });

  it('a BMTK output beside an exported simulation_config.json (times in s converted), and without any layout an error', async () => {
    const circuit = tempDir('mam-src-sonata-circuit-');
    const layout = openSpikeSourceSync(ours).populations.map((p) => ({ label: p.label, first: p.first, size: p.size }));
    writeFileSync(join(circuit, 'simulation_config.json'), JSON.stringify({ run: { tstart: 0, tstop: tSim, dt: 0.1, random_seed: 4 }, multiarea: { population: 'multiarea', network_label: 'net', simulation_label: 'sim', spike_start_ms: 0, populations: layout } }));
    mkdirSync(join(circuit, 'output'));
    const file = join(circuit, 'output', 'spikes.h5');
    await writeSonata(file, 'multiarea', 1000);
    const source = await openSpikeSource(file);
    expect(source.info).toMatchObject({ format: 'sonata', label: 'sim', networkLabel: 'net', seed: 4, complete: true, t_sim_ms: tSim });
    expect(source.info.notes[0]).toMatch(/^a SONATA spike file records no completeness; accepted as a whole file/);
    // Times written in s come back in ms within rounding of the conversion.
    const a = trains(source);
    const b = trains(openSpikeSourceSync(ours));
    for (const label of Object.keys(b)) expect(a[label].map((x) => Math.round(Number(x.split(':')[0]) * 10) + ':' + x.split(':')[1])).toEqual(b[label].map((x) => Math.round(Number(x.split(':')[0]) * 10) + ':' + x.split(':')[1]));
    const alone = join(tempDir('mam-src-sonata-alone-'), 'spikes.h5');
    await writeSonata(alone, 'multiarea');
    await expect(openSpikeSource(alone)).rejects.toThrow('no population layout found (no populations.json beside it, no simulation_config.json');
    expect((await openSpikeSource(alone, { layout: join(circuit, 'simulation_config.json') })).window).toEqual({ t_min_ms: 0, t_max_ms: tSim });
    const notHdf5 = join(circuit, 'fake.h5');
    writeFileSync(notHdf5, 'not hdf5');
    await expect(openSpikeSource(notHdf5, { layout: join(circuit, 'simulation_config.json') })).rejects.toThrow(`SONATA spike file ${notHdf5}: not an HDF5 file`);
  });
});
