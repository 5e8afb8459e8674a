// Kernels for the multi-area model: defaults, unit-kernel scaling, the parameter-hash cache, signals of a run.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../helpers/shared.ts';
import {
  AREA_POPULATIONS,
  areaKernelHash,
  areaSignals,
  binnedCounts,
  computeAreaUnitKernels,
  defaultKernelInputs,
  FourSphereVolumeConductor,
  lfpFromRun,
  loadOrComputeAreaUnitKernels,
  PassiveCell,
  populationDepth,
  populationMorphology,
  DEFAULT_AREA_KERNEL_SETTINGS,
} from '../../../analysis/index.ts';
import { MultiAreaModel } from '../../../multiarea/index.ts';
import { readNpy } from '../../../core/index.ts';
import { encodeHeader, SPIKE_MAGIC } from '../../../simulation/recording/record-format.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';
import { writeCompletedRunLog } from '../../simulation/recording/run-folder-fixture.ts';

// Temporary folders of this file, removed when its tests are done.
const tempDir = useTempDirs();

const inputs = defaultKernelInputs();
const kernels = computeAreaUnitKernels(inputs);

describe('default cells of an area', () => {
  it('places somata at layer centres and lets pyramidal apical sticks reach up to the pia', () => {
    expect(populationDepth('4E').loc).toBeCloseTo((-587.1 - 922.2) / 2, 10);
    expect(populationDepth('23I').scale).toBeCloseTo((587.1 - 81.6) / Math.sqrt(12), 10);
    for (const pop of AREA_POPULATIONS) {
      const cell = new PassiveCell(populationMorphology(pop), { ...DEFAULT_AREA_KERNEL_SETTINGS.passive });
      cell.setPosition({ z: populationDepth(pop).loc });
      const top = Math.max(...cell.zEnd, ...cell.zStart);
      if (pop.endsWith('E')) expect(top).toBeCloseTo(-DEFAULT_AREA_KERNEL_SETTINGS.pyramidal.apicalGap, 9);
      else expect(top).toBeLessThan(0);
    }
  });
  it('the model defaults give synaptic time constants and delays', () => {
    expect(inputs).toEqual({ tau_syn_ex: 0.5, tau_syn_in: 0.5, delay_e: 1.5, delay_i: 0.75, delay_rel: 0.5 });
  });
});

describe('unit kernels', () => {
  it('cover all 64 pairs on lags (0, 40] ms and decay within the window', () => {
    expect(Object.keys(kernels.lfp).length).toBe(64);
    expect(kernels.lags[0]).toBeCloseTo(0.1, 15);
    expect(kernels.lags.at(-1)).toBeCloseTo(40, 12);
    const peak = (a: Float64Array) => a.reduce((m, v) => (Math.abs(v) > Math.abs(m) ? v : m), 0);
    for (const pair of Object.keys(kernels.dipole)) {
      const d = kernels.dipole[pair];
      expect(Math.abs(d.at(-1)!)).toBeLessThan(1e-3 * Math.max(Math.abs(peak(d)), 1e-300) + 1e-12);
    }
    // Symmetric interneurons have (nearly) no dipole moment.
    expect(Math.abs(peak(kernels.dipole['6I<-6E']))).toBeLessThan(1e-9 * Math.abs(peak(kernels.dipole['6E<-6E'])));
  });
  it('scale linearly with W and out-degree in areaSignals', () => {
    const nT = 600;
    const counts: Record<string, Float64Array> = {};
    for (const p of AREA_POPULATIONS) counts[p] = new Float64Array(nT);
    counts['4E'][100] = 3;
    const N = Object.fromEntries(AREA_POPULATIONS.map((p, i) => [p, 1000 + 100 * i]));
    const K: Record<string, Record<string, number>> = {};
    const W: Record<string, Record<string, number>> = {};
    for (const Y of AREA_POPULATIONS) {
      K[Y] = {};
      W[Y] = {};
      for (const X of AREA_POPULATIONS) {
        K[Y][X] = Y === '23E' && X === '4E' ? 200 : 0;
        W[Y][X] = 87.8;
      }
    }
    const { lfp, dipole } = areaSignals(kernels, counts, { N, K, W });
    const scale = ((200 * N['23E']) / N['4E']) * (87.8 / 1000) * 3;
    const unit = kernels.lfp['23E<-4E'];
    // kernel lag k + 1 steps after the spike bin
    for (const k of [0, 10, 57, 399]) {
      expect(lfp.data[5 * lfp.cols + 100 + k + 1]).toBeCloseTo(unit.data[5 * unit.cols + k] * scale, 12);
      expect(dipole[100 + k + 1]).toBeCloseTo(kernels.dipole['23E<-4E'][k] * scale, 9);
    }
    expect(lfp.data[5 * lfp.cols + 100]).toBeCloseTo(0, 15);
  });
});

describe('kernel cache keyed by parameter hash', () => {
  it('stores, reloads (float32) and changes the hash with the parameters', () => {
    const dir = tempDir('mam-area-kernels-');
    const first = loadOrComputeAreaUnitKernels(dir, inputs);
    expect(first.computed).toBe(true);
    const again = loadOrComputeAreaUnitKernels(dir, inputs);
    expect(again.computed).toBe(false);
    expect(again.file).toBe(first.file);
    const a = again.kernels.lfp['5E<-23E'].data, b = kernels.lfp['5E<-23E'].data;
    const peak = Math.max(...Array.from(b, Math.abs));
    for (let i = 0; i < b.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-6 * peak);
    expect(areaKernelHash({ ...inputs, delay_e: 2 })).not.toBe(areaKernelHash(inputs));
  });
  it('the project ships the kernels of the default model (rerun `mam kernels` after changing defaults)', () => {
    const hash = areaKernelHash(inputs);
    expect(existsSync(join(PROJECT_ROOT, 'data', 'kernels', `area-unit-kernels-${hash}.npy`))).toBe(true);
    expect(existsSync(join(PROJECT_ROOT, 'data', 'kernels', `area-unit-kernels-${hash}.json`))).toBe(true);
  });
});

describe('LFP, dipole and EEG of a run', () => {
  it('bins spikes per population', () => {
    const counts = binnedCounts(
      { timesMs: Float64Array.from([0.05, 0.1, 0.25, 1.0, 1.0]), senders: Uint32Array.from([0, 5, 2, 6, 9]) },
      [{ label: 'A', first: 0, size: 5 }, { label: 'B', first: 5, size: 3 }],
      0.1,
      1.1,
    );
    expect(Array.from(counts.A)).toEqual([1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(counts.B)).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('writes per-area LFP, dipole and EEG consistent with the kernels (synthetic run of V1)', async () => {
    const model = new MultiAreaModel({});
    const net = model.arrays();
    const dir = tempDir('mam-lfp-run-');
    const pops = net.structureVec
      .map((label, i) => ({ label, size: Math.round(net.N[i]) }))
      .filter((p) => p.label.startsWith('V1-'));
    let first = 0;
    const layoutPops = pops.map((p) => {
      const out = { label: p.label, first, size: p.size, recordSpikes: true, nVm: 0 };
      first += p.size;
      return out;
    });
    const dt = 0.1, tSim = 50;
    writeFileSync(join(dir, 'params.json'), JSON.stringify({ network_params: model.params }));
    writeFileSync(join(dir, 'populations.json'), JSON.stringify({ dt, t_sim: tSim, populations: layoutPops }));
    // One spike per population at distinct times.
    const records: [number, number][] = layoutPops.map((p, k) => [50 + 30 * k, p.first]);
    const buf = Buffer.alloc(32 + 8 * records.length);
    Buffer.from(encodeHeader(SPIKE_MAGIC, 0, dt, 8)).copy(buf, 0);
    records.forEach(([stamp, id], i) => {
      buf.writeUInt32LE(stamp, 32 + 8 * i);
      buf.writeUInt32LE(id, 36 + 8 * i);
    });
    writeFileSync(join(dir, 'spikes-0.bin'), buf);
    writeCompletedRunLog(dir);
    const csv = join(dir, 'eeg.csv');
    writeFileSync(csv, 'name,x,y,z,layer,region,type\nCz,0,0,90000,scalp,head,FourSphere\n');
    const out = join(dir, 'lfp');
    const position: [number, number, number] = [0, 10000, 77000];
    const { areas } = await lfpFromRun(dir, { kernelsDir: join(dir, 'kernels'), outDir: out, electrodesCsv: csv, dipolePositions: { V1: position } });
    expect(areas).toEqual(['V1']);
    const lfp = readNpy(join(out, 'lfp_V1.npy'));
    const dipole = readNpy(join(out, 'dipole.npy'));
    const eeg = readNpy(join(out, 'eeg.npy'));
    expect(lfp.shape).toEqual([16, 500]);
    expect(dipole.shape).toEqual([1, 500]);
    // Direct computation from the same spikes.
    const counts: Record<string, Float64Array> = {};
    layoutPops.forEach((p, k) => {
      counts[p.label.slice(3)] = new Float64Array(500);
      counts[p.label.slice(3)][50 + 30 * k] = 1;
    });
    const index = new Map(net.structureVec.map((l, i) => [l, i]));
    const conn = { N: {} as Record<string, number>, K: {} as any, W: {} as any };
    for (const Y of AREA_POPULATIONS) {
      conn.N[Y] = layoutPops.find((p) => p.label === `V1-${Y}`)!.size;
      conn.K[Y] = {};
      conn.W[Y] = {};
      for (const X of AREA_POPULATIONS) {
        conn.K[Y][X] = net.K[index.get(`V1-${Y}`)!][index.get(`V1-${X}`)!];
        conn.W[Y][X] = net.W[index.get(`V1-${Y}`)!][index.get(`V1-${X}`)!];
      }
    }
    // lfpFromRun computed (float64) kernels on its first use, as `kernels` here.
    const direct = areaSignals(kernels, counts, conn);
    const peak = Math.max(...Array.from(direct.lfp.data, Math.abs));
    expect(peak).toBeGreaterThan(0);
    for (let i = 0; i < direct.lfp.data.length; i++) expect(Math.abs(lfp.data[i] - direct.lfp.data[i])).toBeLessThan(1e-9 * peak); // the run's network is rebuilt from its saved parameters
    const dPeak = Math.max(...Array.from(direct.dipole, Math.abs));
    for (let n = 0; n < 500; n++) expect(Math.abs(dipole.data[n] - direct.dipole[n])).toBeLessThan(1e-9 * dPeak);
    // EEG = four-sphere gain along the (radial) area axis times the dipole.
    const M = new FourSphereVolumeConductor({ rElectrodes: [[0, 0, 90000]], dipoleLocation: position }).getDipoleTransformationMatrix();
    const r = Math.hypot(...position);
    const gain = (M.data[1] * position[1] + M.data[2] * position[2]) / r;
    for (const n of [120, 300, 499]) expect(Math.abs(eeg.data[n] - gain * direct.dipole[n])).toBeLessThan(1e-9 * Math.abs(gain) * dPeak);
    expect(JSON.parse(readFileSync(join(out, 'lfp.json'), 'utf8')).areas).toEqual(['V1']);
  });
});
