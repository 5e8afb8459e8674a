import type { PassiveCell, PassiveParameters } from './cell.ts';
import { makeDistribution, type DistributionSpec } from './distributions.ts';
import { midpoints } from './geometry.ts';
import type { DenseMatrix } from './dense-matrix.ts';
import type { Morphology } from './morphology.ts';
import type { ForwardModel } from './forward/forward-model.ts';
import {
  addExtrinsicConductance,
  addSynapticConductance,
  checkEffectiveLeakInputs,
  connectionCounts,
  kernelWindow,
  linearizedCurrentWeights,
  projectAndFilter,
  representativeCell,
  resolveKernelOptions,
  simulateSpikeResponse,
  windowCurrents,
} from './kernel-stages.ts';

export { integrateBeta, exp2SynIWaveform } from './kernel-stages.ts';

/** Double-exponential synapse (NEURON's Exp2Syn): rise tau1 and decay tau2 (ms), peak-normalised. */
export interface Exp2SynParameters {
  syntype?: 'Exp2Syn';
  /** Peak conductance (uS) for conductance-based synapses, peak current (nA) for current-based ones. */
  weight: number;
  tau1: number;
  tau2: number;
  /** Reversal potential (mV); required for conductance-based synapses. */
  e?: number;
}

/** Where synapses of one connection X -> Y go: sections, a depth window and a weighted mixture of depth pdfs. */
export interface SynapsePosition {
  /** Section names (a section matches when its name contains one of them) or 'allsec'. */
  section: string | string[];
  zMin?: number;
  zMax?: number;
  /** Depth densities (um); their `scale` is widened by the population's depth spread. */
  fun: DistributionSpec[];
  funweights: number[];
}

export interface PopulationGeometry {
  /** Radius of the population disk in the xy-plane (um). */
  radius: number;
  /** Mean soma depth (um). */
  loc: number;
  /** Standard deviation of soma depth (um). */
  scale: number;
}

export interface KernelApproxParams {
  /** Presynaptic population names. */
  X: string[];
  /** Postsynaptic population name. */
  Y: string;
  N_X: number[];
  N_Y: number;
  /** Pairwise connection probability per presynaptic population. */
  C_YX: number[];
  /** Cell representative of population Y. */
  cell: { morphology: Morphology; passive: PassiveParameters };
  population: PopulationGeometry;
  /** Rotation (radians) about the x- then y-axis. */
  rotation?: { x?: number; y?: number };
  /** Distribution of synapses per connection (evaluated at 1..99 and renormalised), per X. */
  multapse?: DistributionSpec[];
  /**
   * Total synapse count per X (e.g. indegree times N_Y from a network model); when given, it replaces
   * C_YX N_X N_Y times the multapse mean, and `multapse` may be omitted.
   */
  K_YX?: number[];
  /** Distribution of delays (ms) per X. */
  delay: DistributionSpec[];
  synapse: Exp2SynParameters[];
  synapsePosition: SynapsePosition[];
  /** Extrinsic synapses, spread over the membrane in proportion to area (needed for gEff). */
  extSynapse?: Exp2SynParameters;
  /** Activation rate of each extrinsic synapse (spikes/s). */
  nuExt?: number;
  /** Number of extrinsic synapses per cell. */
  nExt?: number;
  /** Presynaptic rates (spikes/s) by population name, for the effective-conductance correction (needed for gEff). */
  nuX?: Record<string, number>;
  /** True (default) when the network's synapses are conductance-based and are linearised around Vrest. */
  conductanceBased?: boolean;
}

export interface KernelOptions {
  /** Presynaptic population of the kernel. */
  X: string;
  /** Membrane potential (mV) for linearising synaptic conductances: one value or one per segment. */
  Vrest?: number | number[];
  /** Time step (ms). */
  dt?: number;
  /** Time of the presynaptic spike (ms); should leave time for the initial transient from vInit to decay. */
  tX?: number;
  /** Half-width of the kernel (ms). */
  tau?: number;
  /** Add the mean synaptic conductances to the leak (default true). */
  gEff?: boolean;
  /** Return only lags in (0, tau] instead of [-tau, tau]. */
  fir?: boolean;
}

export interface KernelResult {
  /** Time lags (ms). */
  lags: Float64Array;
  /** Kernel per forward-model name: channels x lags (mV, or nA um for dipole moments, per presynaptic spike). */
  H: Record<string, DenseMatrix>;
  /** Intermediate stages, for inspection and testing. */
  details: KernelDetails;
}

export interface KernelDetails {
  cell: PassiveCell;
  multapseMean: Float64Array;
  /** Total connection count per X (synapses). */
  K_YX: Float64Array;
  kIn: Float64Array;
  kOut: Float64Array;
  /** Synapse probability per segment for each X. */
  pSynapse: Float64Array[];
  /** Current weight (nA) per segment of the linearised synapses of the kernel's X. */
  compWeight: Float64Array;
  /** Normalised delay filter on lags -tau..tau. */
  hDelay: Float64Array;
  /** Transmembrane currents (nA), segments x time samples. */
  imem: DenseMatrix;
  /** Times (ms) of the imem samples. */
  tvec: Float64Array;
  /** Transformation matrix per forward-model name. */
  M: Record<string, DenseMatrix>;
}

/** Python's float floor division a // b, which the upstream grid sizes use. */
export function pyFloorDiv(a: number, b: number): number {
  let mod = a % b;
  let div = (a - mod) / b;
  if (mod && b < 0 !== mod < 0) {
    mod += b;
    div -= 1;
  }
  if (div === 0) return 0;
  let floorDiv = Math.floor(div);
  if (div - floorDiv > 0.5) floorDiv += 1;
  return floorDiv;
}

/**
 * Spike-to-signal kernels for a presynaptic population X onto a postsynaptic population Y (the method of
 * Hagen et al. 2022, PLOS Comput Biol 18:e1010353): one passive cell stands for population Y; all synapses
 * from X, linearised around Vrest and weighted by the expected number of synapses per segment, are activated
 * by one spike at tX; the resulting transmembrane currents are mapped by each forward model and convolved
 * with the delay distribution.
 */
export class KernelApprox {
  constructor(readonly params: KernelApproxParams) {
    validateParams(params);
  }

  /** Mean number of synapses per connection from X[i]: the multapse pdf on 1..99, renormalised. */
  multapseMean(i: number): number {
    const spec = this.params.multapse?.[i];
    if (!spec) throw new Error(`KernelApprox: multapse[${i}] is missing; expected a distribution of synapses per connection (or K_YX)`);
    const dist = makeDistribution(spec, `multapse[${i}]`);
    let sum = 0, mean = 0;
    for (let k = 1; k < 100; k++) {
      const p = dist.pdf(k);
      sum += p;
      mean += k * p;
    }
    if (!(sum > 0)) throw new Error(`multapse[${i}]: the distribution has no mass on 1..99 synapses per connection`);
    return mean / sum;
  }

  /** Normalised delay filter for connections from population X on lags linspace(-tau, tau). */
  delayFilter(X: string, dt: number, tau: number): Float64Array {
    const i = this.indexOfX(X);
    const n = Math.trunc(pyFloorDiv(2 * tau, dt) + 1);
    const dist = makeDistribution(this.params.delay[i], `delay[${i}]`);
    const h = new Float64Array(n);
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const t = n === 1 ? -tau : -tau + (2 * tau * k) / (n - 1);
      h[k] = dist.pdf(t);
      sum += h[k];
    }
    if (!(sum > 0)) throw new Error(`delay[${i}]: the delay distribution has no mass on lags -${tau}..${tau} ms`);
    for (let k = 0; k < n; k++) h[k] /= sum;
    return h;
  }

  /** Probability per segment that a synapse from X[i] sits there: area times the depth density, normalised. */
  synapseProbability(cell: PassiveCell, i: number): Float64Array {
    const pos = this.params.synapsePosition[i];
    const idx = cell.getIdx(pos.section, pos.zMin ?? -1e6, pos.zMax ?? 1e6);
    if (idx.length === 0) {
      throw new Error(`synapsePosition[${i}]: no segment matches section ${JSON.stringify(pos.section)} within z = [${pos.zMin ?? -1e6}, ${pos.zMax ?? 1e6}] um`);
    }
    const popScale = this.params.population.scale;
    const dists = pos.fun.map((spec, h) =>
      makeDistribution({ ...spec, scale: Math.hypot(spec.scale, popScale) }, `synapsePosition[${i}].fun[${h}]`),
    );
    const zMid = midpoints(cell, 'z');
    const p = new Float64Array(cell.totnsegs);
    let sum = 0;
    for (const s of idx) {
      let density = 0;
      dists.forEach((d, h) => (density += d.pdf(zMid[s]) * pos.funweights[h]));
      p[s] = cell.area[s] * density;
      sum += p[s];
    }
    if (!(sum > 0)) throw new Error(`synapsePosition[${i}]: the depth densities vanish on every allowed segment`);
    for (const s of idx) p[s] /= sum;
    return p;
  }

  /** The kernels of population X for every forward model; the stages are in kernel-stages.ts. */
  getKernel(probes: ForwardModel[], options: KernelOptions): KernelResult {
    const P = this.params;
    const conductanceBased = P.conductanceBased ?? true;
    const o = resolveKernelOptions(options, conductanceBased, probes);
    const hDelay = this.delayFilter(options.X, o.dt, o.tau);
    const xi = this.indexOfX(options.X);
    const counts = connectionCounts(P, (i) => this.multapseMean(i));
    const cell = representativeCell(P);
    const nSeg = cell.totnsegs;
    if (Array.isArray(o.Vrest) && o.Vrest.length !== nSeg) {
      throw new Error(`getKernel: Vrest has ${o.Vrest.length} values, expected 1 or ${nSeg} (one per segment)`);
    }
    if (o.gEff) {
      checkEffectiveLeakInputs(P);
      addExtrinsicConductance(cell, P);
    }
    const pSynapse = P.X.map((_, x) => this.synapseProbability(cell, x));
    if (o.gEff) P.X.forEach((X, x) => addSynapticConductance(cell, pSynapse[x], counts.kIn[x], P.synapse[x], P.nuX![X]));
    const compWeight = linearizedCurrentWeights(pSynapse[xi], counts.kOut[xi], P.synapse[xi], o.Vrest, conductanceBased);
    const { imem, tvec } = simulateSpikeResponse(cell, P.synapse[xi], compWeight, o);
    const w = kernelWindow(tvec, o, hDelay.length);
    const currents = windowCurrents(imem, w);

    const H: Record<string, DenseMatrix> = {};
    const Ms: Record<string, DenseMatrix> = {};
    for (const probe of probes) {
      const M = probe.getTransformationMatrix(cell);
      if (M.cols !== nSeg) {
        throw new Error(`getKernel: forward model "${probe.name}" returned ${M.cols} columns, expected ${nSeg} (one per segment)`);
      }
      Ms[probe.name] = M;
      H[probe.name] = projectAndFilter(M, currents, hDelay, w, tvec, o.tX);
    }
    return {
      lags: w.lags,
      H,
      details: { cell, ...counts, pSynapse, compWeight, hDelay, imem, tvec, M: Ms },
    };
  }

  private indexOfX(X: string): number {
    const i = this.params.X.indexOf(X);
    if (i < 0) throw new Error(`KernelApprox: presynaptic population X = "${X}" is unknown; expected one of ${this.params.X.join(', ')}`);
    return i;
  }
}

function validateParams(P: KernelApproxParams): void {
  const nX = P.X.length;
  if (nX === 0) throw new Error('KernelApprox: X is empty; expected at least one presynaptic population');
  const perX: [string, unknown[]][] = [
    ['N_X', P.N_X], ['C_YX', P.C_YX], ['delay', P.delay],
    ['synapse', P.synapse], ['synapsePosition', P.synapsePosition],
    ...(P.K_YX ? [['K_YX', P.K_YX] as [string, unknown[]]] : [['multapse', P.multapse as unknown[]] as [string, unknown[]]]),
  ];
  for (const [key, arr] of perX) {
    if (!Array.isArray(arr) || arr.length !== nX) {
      throw new Error(`KernelApprox: ${key} has ${Array.isArray(arr) ? arr.length : typeof arr} entries, expected ${nX} (one per presynaptic population ${P.X.join(', ')})`);
    }
  }
  P.N_X.forEach((n, i) => {
    if (!(n > 0)) throw new Error(`KernelApprox: N_X[${i}] = ${n} is invalid; expected a positive population size`);
  });
  if (!(P.N_Y > 0)) throw new Error(`KernelApprox: N_Y = ${P.N_Y} is invalid; expected a positive population size`);
  P.K_YX?.forEach((k, i) => {
    if (!(k >= 0 && Number.isFinite(k))) throw new Error(`KernelApprox: K_YX[${i}] = ${k} is invalid; expected a non-negative synapse count`);
  });
  P.C_YX.forEach((c, i) => {
    if (!(c >= 0 && c <= 1)) throw new Error(`KernelApprox: C_YX[${i}] = ${c} is invalid; expected a probability in [0, 1]`);
  });
  const conductanceBased = P.conductanceBased ?? true;
  [...P.synapse, ...(P.extSynapse ? [P.extSynapse] : [])].forEach((s, i) => {
    const where = i < nX ? `synapse[${i}]` : 'extSynapse';
    if (!(s.tau1 > 0 && s.tau2 > 0)) throw new Error(`KernelApprox: ${where} tau1 = ${s.tau1}, tau2 = ${s.tau2} are invalid; expected positive time constants (ms)`);
    if (conductanceBased && i < nX && !Number.isFinite(s.e)) {
      throw new Error(`KernelApprox: ${where}.e = ${s.e} is invalid; conductance-based synapses need a reversal potential (mV)`);
    }
  });
  P.synapsePosition.forEach((pos, i) => {
    if (pos.fun.length !== pos.funweights.length || pos.fun.length === 0) {
      throw new Error(`KernelApprox: synapsePosition[${i}] has ${pos.fun.length} densities and ${pos.funweights.length} funweights; expected equal, non-zero counts`);
    }
  });
  for (const x of P.nuX ? P.X : []) {
    if (!Number.isFinite(P.nuX![x])) throw new Error(`KernelApprox: nuX["${x}"] = ${P.nuX![x]} is invalid; expected a rate (spikes/s) for every presynaptic population`);
  }
}
