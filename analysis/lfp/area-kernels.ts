import { canonicalHash, dataSource, ensureDir, hostPath, readNpy, writeFileAtomic, writeNpy } from '../../core/index.ts';
import { KernelApprox } from './kernel-approx.ts';
import { GaussCylinderPotential } from './forward/gauss-cylinder.ts';
import { KernelApproxCurrentDipoleMoment } from './forward/current-dipole-moment.ts';
import type { Morphology } from './morphology.ts';
import { zeros, type DenseMatrix } from './dense-matrix.ts';
import { signalFromActivity } from './signals.ts';

/** The 8 populations of an area of the multi-area model (TH lacks 4E and 4I). */
export const AREA_POPULATIONS = ['23E', '23I', '4E', '4I', '5E', '5I', '6E', '6I'] as const;
export type AreaPopulation = (typeof AREA_POPULATIONS)[number];

/**
 * Documented defaults (docs/kernels.md, "Kernels for the multi-area model") for kernels of an area:
 * a cortical column with the pia at z = 0 um and z pointing up (depths negative).
 */
export interface AreaKernelSettings {
  /** Layer [top, bottom] depths (um); Hagen et al. 2016 (Cereb Cortex 26:4461), their cat V1 column. */
  layers: Record<'L1' | 'L23' | 'L4' | 'L5' | 'L6', [number, number]>;
  /** Radius (um) of the column in which somata are spread (a 1 mm^2 disk). */
  columnRadius: number;
  /** Passive membrane (NEURON units); gPas = cm / tau_m for the model's tau_m = 10 ms. */
  passive: { Ra: number; cm: number; gPas: number; ePas: number };
  /** Excitatory cells: soma, a basal stick downwards and an apical stick up to `apicalGap` below the pia. */
  pyramidal: { somaLength: number; somaDiam: number; basalLength: number; basalDiam: number; apicalDiam: number; apicalGap: number };
  /** Inhibitory cells: soma with one stick up and one down. */
  interneuron: { somaLength: number; somaDiam: number; dendLength: number; dendDiam: number };
  /** Standard deviation (um) of the synapse depth density around its centre. */
  synapseDepthSd: number;
  /** Rise time of the (current-based) synapse as a fraction of its decay time tau_syn. */
  riseFraction: number;
  /** Depths of the laminar probe's contacts (um) and extracellular conductivity (S/m). */
  contacts: number[];
  sigma: number;
  /** Kernel resolution and length (ms). */
  dt: number;
  tau: number;
}

export const DEFAULT_AREA_KERNEL_SETTINGS: AreaKernelSettings = {
  layers: { L1: [0, -81.6], L23: [-81.6, -587.1], L4: [-587.1, -922.2], L5: [-922.2, -1170.0], L6: [-1170.0, -1491.7] },
  columnRadius: 564,
  passive: { Ra: 150, cm: 1, gPas: 1e-4, ePas: -65 },
  pyramidal: { somaLength: 20, somaDiam: 20, basalLength: 200, basalDiam: 2, apicalDiam: 3, apicalGap: 20 },
  interneuron: { somaLength: 15, somaDiam: 15, dendLength: 250, dendDiam: 1.5 },
  synapseDepthSd: 100,
  riseFraction: 0.1,
  contacts: Array.from({ length: 16 }, (_, k) => -100 * k),
  sigma: 0.3,
  dt: 0.1,
  tau: 40,
};

/** Network quantities the unit kernels depend on (from the model's neuron and delay parameters). */
export interface AreaKernelInputs {
  tau_syn_ex: number;
  tau_syn_in: number;
  delay_e: number;
  delay_i: number;
  delay_rel: number;
}

const layerOf = (pop: string) => (pop.startsWith('23') ? 'L23' : (`L${pop[0]}` as 'L4' | 'L5' | 'L6'));
const isExcitatory = (pop: string) => pop.endsWith('E');

/** Soma depth distribution of a population: layer centre, sd of a uniform spread over the layer (um). */
export function populationDepth(pop: string, s: AreaKernelSettings = DEFAULT_AREA_KERNEL_SETTINGS): { loc: number; scale: number } {
  const [top, bottom] = s.layers[layerOf(pop)];
  return { loc: (top + bottom) / 2, scale: (top - bottom) / Math.sqrt(12) };
}

/** Morphology (soma centred at z = 0) of a population's representative cell. */
export function populationMorphology(pop: string, s: AreaKernelSettings = DEFAULT_AREA_KERNEL_SETTINGS): Morphology {
  const half = (l: number) => l / 2;
  if (isExcitatory(pop)) {
    const p = s.pyramidal;
    const depth = populationDepth(pop, s).loc;
    const apicalTop = -depth - p.apicalGap; // soma at 0, pia at -depth
    return {
      name: `ball-and-sticks pyramidal ${pop}`,
      sections: [
        { name: 'soma', points: [[0, 0, -half(p.somaLength), p.somaDiam], [0, 0, half(p.somaLength), p.somaDiam]] },
        { name: 'dend', parent: 'soma', parentX: 0, points: [[0, 0, -half(p.somaLength), p.basalDiam], [0, 0, -half(p.somaLength) - p.basalLength, p.basalDiam]] },
        { name: 'apic', parent: 'soma', parentX: 1, points: [[0, 0, half(p.somaLength), p.apicalDiam], [0, 0, Math.max(apicalTop, half(p.somaLength) + 50), p.apicalDiam]] },
      ],
    };
  }
  const q = s.interneuron;
  return {
    name: `ball-and-sticks interneuron ${pop}`,
    sections: [
      { name: 'soma', points: [[0, 0, -half(q.somaLength), q.somaDiam], [0, 0, half(q.somaLength), q.somaDiam]] },
      { name: 'dend_down', parent: 'soma', parentX: 0, points: [[0, 0, -half(q.somaLength), q.dendDiam], [0, 0, -half(q.somaLength) - q.dendLength, q.dendDiam]] },
      { name: 'dend_up', parent: 'soma', parentX: 1, points: [[0, 0, half(q.somaLength), q.dendDiam], [0, 0, half(q.somaLength) + q.dendLength, q.dendDiam]] },
    ],
  };
}

/**
 * KernelApprox for postsynaptic population Y with all 8 populations as X, normalised to one synapse per
 * presynaptic neuron (out-degree 1) of current amplitude 1 nA: the kernel of a network connection is this
 * unit kernel times W_YX (nA) times K_YX N_Y / N_X. Synapse placement: excitatory inputs on the dendrites
 * (not the soma) around the soma depth of the presynaptic layer; inhibitory inputs on soma and dendrites
 * around the postsynaptic soma depth. Current-based synapses (as the network's), so no g_eff correction.
 */
export function unitKernelApprox(Y: string, inputs: AreaKernelInputs, s: AreaKernelSettings = DEFAULT_AREA_KERNEL_SETTINGS): KernelApprox {
  const X = [...AREA_POPULATIONS];
  const depthY = populationDepth(Y, s);
  return new KernelApprox({
    X,
    Y,
    N_X: X.map(() => 1),
    N_Y: 1,
    C_YX: X.map(() => 1),
    K_YX: X.map(() => 1),
    cell: { morphology: populationMorphology(Y, s), passive: { ...s.passive, vInit: s.passive.ePas, nseg: 'lambda100' } },
    population: { radius: s.columnRadius, loc: depthY.loc, scale: depthY.scale },
    delay: X.map((x) => {
      const mean = isExcitatory(x) ? inputs.delay_e : inputs.delay_i;
      const sd = inputs.delay_rel * mean;
      // Normal delays cut below one time step, as the network's.
      return { fun: 'truncnorm' as const, a: (s.dt - mean) / sd, b: null, loc: mean, scale: sd };
    }),
    synapse: X.map((x) => {
      const tau2 = isExcitatory(x) ? inputs.tau_syn_ex : inputs.tau_syn_in;
      return { weight: 1, tau1: s.riseFraction * tau2, tau2 };
    }),
    synapsePosition: X.map((x) =>
      isExcitatory(x)
        ? { section: ['dend', 'apic'], fun: [{ fun: 'norm' as const, loc: populationDepth(x, s).loc, scale: s.synapseDepthSd }], funweights: [1] }
        : { section: ['soma', 'dend'], fun: [{ fun: 'norm' as const, loc: depthY.loc, scale: s.synapseDepthSd }], funweights: [1] },
    ),
    conductanceBased: false,
  });
}

/** Unit kernels of all Y <- X pairs of an area: laminar potential (contacts x lags) and dipole z (1 x lags). */
export interface AreaUnitKernels {
  hash: string;
  lags: Float64Array;
  contacts: number[];
  /** Keyed `${Y}<-${X}`. */
  lfp: Record<string, DenseMatrix>;
  dipole: Record<string, Float64Array>;
}

/** Content key of the kernels of `inputs` and settings: 16 hex digits of their exact canonical hash. */
export function areaKernelHash(inputs: AreaKernelInputs, s: AreaKernelSettings = DEFAULT_AREA_KERNEL_SETTINGS): string {
  return canonicalHash({ inputs, settings: s, version: 1 }, 16);
}

export function computeAreaUnitKernels(inputs: AreaKernelInputs, s: AreaKernelSettings = DEFAULT_AREA_KERNEL_SETTINGS): AreaUnitKernels {
  const lfp: Record<string, DenseMatrix> = {};
  const dipole: Record<string, Float64Array> = {};
  let lags: Float64Array = new Float64Array(0);
  for (const Y of AREA_POPULATIONS) {
    const approx = unitKernelApprox(Y, inputs, s);
    const probes = [new GaussCylinderPotential({ z: s.contacts, sigma: s.sigma, R: s.columnRadius, sigmaZ: populationDepth(Y, s).scale, name: 'lfp' }), new KernelApproxCurrentDipoleMoment({ name: 'dipole' })];
    for (const X of AREA_POPULATIONS) {
      // The cell starts at rest, so the spike can come right after one kernel length.
      const result = approx.getKernel(probes, { X, dt: s.dt, tX: s.tau, tau: s.tau, gEff: false, fir: true });
      lags = result.lags;
      lfp[`${Y}<-${X}`] = result.H.lfp;
      const d = result.H.dipole;
      dipole[`${Y}<-${X}`] = Float64Array.from(d.data.subarray(2 * d.cols, 3 * d.cols));
    }
  }
  return { hash: areaKernelHash(inputs, s), lags, contacts: [...s.contacts], lfp, dipole };
}

const pairOrder = () => AREA_POPULATIONS.flatMap((Y) => AREA_POPULATIONS.map((X) => `${Y}<-${X}`));

/**
 * Unit kernels from `<dir>/area-unit-kernels-<hash>.{json,npy}`, computed and stored there when absent
 * (or when `force`). The hash covers every input and setting, so changed parameters give a new file.
 */
export function loadOrComputeAreaUnitKernels(
  dir: string,
  inputs: AreaKernelInputs,
  opts: { settings?: AreaKernelSettings; force?: boolean } = {},
): { kernels: AreaUnitKernels; file: string; computed: boolean } {
  const s = opts.settings ?? DEFAULT_AREA_KERNEL_SETTINGS;
  const hash = areaKernelHash(inputs, s);
  const base = hostPath.join(dir, `area-unit-kernels-${hash}`);
  const files = dataSource();
  if (!opts.force && files.exists(`${base}.json`) && files.exists(`${base}.npy`)) {
    let meta: any;
    try {
      meta = JSON.parse(files.readText(`${base}.json`));
    } catch (err) {
      throw new Error(`${base}.json: cannot be read as JSON (${(err as Error).message}); delete it and ${base}.npy to recompute`);
    }
    const arr = readNpy(`${base}.npy`);
    const [nPairs, nCh, nLags] = arr.shape;
    const pairs: string[] = meta.pairs;
    if (nPairs !== pairs.length || nCh !== meta.contacts.length + 1 || nLags !== meta.lags.length) {
      throw new Error(`${base}.npy: shape ${JSON.stringify(arr.shape)} does not match ${base}.json; delete both to recompute`);
    }
    const lfp: Record<string, DenseMatrix> = {};
    const dipole: Record<string, Float64Array> = {};
    pairs.forEach((pair, p) => {
      const block = arr.data.subarray(p * nCh * nLags, (p + 1) * nCh * nLags);
      lfp[pair] = { rows: nCh - 1, cols: nLags, data: Float64Array.from(block.subarray(0, (nCh - 1) * nLags)) };
      dipole[pair] = Float64Array.from(block.subarray((nCh - 1) * nLags));
    });
    return { kernels: { hash, lags: Float64Array.from(meta.lags), contacts: meta.contacts, lfp, dipole }, file: `${base}.npy`, computed: false };
  }
  const kernels = computeAreaUnitKernels(inputs, s);
  const pairs = pairOrder();
  const nCh = kernels.contacts.length + 1;
  const nLags = kernels.lags.length;
  const data = new Float64Array(pairs.length * nCh * nLags);
  pairs.forEach((pair, p) => {
    data.set(kernels.lfp[pair].data, p * nCh * nLags);
    data.set(kernels.dipole[pair], (p * nCh + nCh - 1) * nLags);
  });
  ensureDir(dir);
  writeNpy(`${base}.npy`, { shape: [pairs.length, nCh, nLags], data }, '<f4');
  const meta = {
    format: 'multiarea-area-unit-kernels/1',
    description: 'Unit spike-signal kernels of the 8 populations of an area (docs/kernels.md): per Y<-X pair, the laminar potential at the contacts (mV) and the z current dipole moment (nA um) per presynaptic spike, for one synapse of 1 nA per presynaptic neuron. Array shape: pairs x (contacts + 1) x lags, float32.',
    hash,
    inputs,
    settings: s,
    pairs,
    contacts: kernels.contacts,
    lags: Array.from(kernels.lags),
  };
  writeFileAtomic(`${base}.json`, JSON.stringify(meta, null, 1) + '\n');
  return { kernels, file: `${base}.npy`, computed: true };
}

/** Connectivity of one area, as the network model gives it. */
export interface AreaConnectivity {
  /** Neurons per population. */
  N: Partial<Record<string, number>>;
  /** Indegree K[Y][X] (synapses per neuron of Y from X). */
  K: Partial<Record<string, Partial<Record<string, number>>>>;
  /** Mean PSC amplitude W[Y][X] (pA). */
  W: Partial<Record<string, Partial<Record<string, number>>>>;
}

/**
 * Laminar potential (contacts x time, mV) and z current dipole moment (time, nA um) of one area from the spike
 * counts per bin (bin = kernel dt) of its populations, summing the kernels of all intra-area connections.
 */
export function areaSignals(
  kernels: AreaUnitKernels,
  spikeCounts: Partial<Record<string, ArrayLike<number>>>,
  conn: AreaConnectivity,
): { lfp: DenseMatrix; dipole: Float64Array } {
  const pops = AREA_POPULATIONS.filter((p) => conn.N[p] !== undefined && conn.N[p]! > 0);
  const lfpPairs: { X: string; kernels: { lags: Float64Array; H: Record<string, DenseMatrix> } }[] = [];
  const counts: Record<string, ArrayLike<number>> = {};
  let nT = 0;
  for (const X of pops) {
    const c = spikeCounts[X];
    if (!c) throw new Error(`areaSignals: no spike counts for population ${X}; expected counts for ${pops.join(', ')}`);
    counts[X] = c;
    nT = c.length;
  }
  for (const Y of pops) {
    for (const X of pops) {
      const K = conn.K[Y]?.[X] ?? 0;
      const W = conn.W[Y]?.[X] ?? 0;
      if (K === 0 || W === 0) continue;
      // Out-degree K_YX N_Y / N_X synapses per presynaptic neuron, each of W pA = W / 1000 nA.
      const scale = ((K * conn.N[Y]!) / conn.N[X]!) * (W / 1000);
      const unitLfp = kernels.lfp[`${Y}<-${X}`];
      const unitDipole = kernels.dipole[`${Y}<-${X}`];
      const H = zeros(unitLfp.rows + 1, unitLfp.cols);
      for (let i = 0; i < unitLfp.data.length; i++) H.data[i] = unitLfp.data[i] * scale;
      for (let k = 0; k < unitDipole.length; k++) H.data[unitLfp.data.length + k] = unitDipole[k] * scale;
      lfpPairs.push({ X, kernels: { lags: kernels.lags, H: { both: H } } });
    }
  }
  const nCh = kernels.contacts.length;
  if (lfpPairs.length === 0) return { lfp: zeros(nCh, nT), dipole: new Float64Array(nT) };
  const all = signalFromActivity(counts, lfpPairs, 'both');
  return {
    lfp: { rows: nCh, cols: all.cols, data: all.data.slice(0, nCh * all.cols) },
    dipole: all.data.slice(nCh * all.cols),
  };
}
