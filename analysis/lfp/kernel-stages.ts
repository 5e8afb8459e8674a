/**
 * The stages of a spike-to-signal kernel (KernelApprox.getKernel), in the order of LFPykernels'
 * KernelApprox.get_kernel (Hagen et al. 2022):
 *   1. kernel options (time step, spike time, half-width, linearisation potential);
 *   2. delay filter (KernelApprox.delayFilter);
 *   3. connection counts: total synapses K_YX, per-neuron indegree and outdegree;
 *   4. the cell representative of population Y, rotated and placed at the population's depth;
 *   5. effective leak: the mean conductance of extrinsic and of linearised recurrent synapses added to g_pas;
 *   6. synapse placement probability per segment (KernelApprox.synapseProbability);
 *   7. per-segment currents: weights of the linearised synapses from X, activated by one spike;
 *   8. transmembrane currents of the cell, simulated;
 *   9. forward-model projection of those currents, filtered by the delay distribution, as kernel.
 */
import { PassiveCell } from './cell.ts';
import { matmul, zeros, type DenseMatrix } from './dense-matrix.ts';
import type { ForwardModel } from './forward/forward-model.ts';
import { fftConvolveMany } from './signals.ts';
import type { Exp2SynParameters, KernelApproxParams, KernelOptions } from './kernel-approx.ts';

/** Area under the peak-normalised double exponential (ms). */
export function integrateBeta(tau1: number, tau2: number): number {
  const tp = ((tau1 * tau2) / (tau2 - tau1)) * Math.log(tau2 / tau1);
  const u = Math.exp(-tp / tau2) - Math.exp(-tp / tau1);
  return (tau2 - tau1) / u;
}

/**
 * Waveform of a current-based Exp2Syn (peak 1) activated at step nSpike, as NEURON integrates it: the event
 * sets both states at the start of that step (current 0 there), so the current acts from the following step;
 * value n is the current used in the step from t_n to t_{n+1}. Sign: positive weight = inward (depolarising).
 */
export function exp2SynIWaveform(tau1In: number, tau2: number, dt: number, nSteps: number, nSpike: number): Float64Array {
  const tau1 = tau1In / tau2 > 0.9999 ? 0.9999 * tau2 : tau1In;
  const tp = ((tau1 * tau2) / (tau2 - tau1)) * Math.log(tau2 / tau1);
  const factor = 1 / (Math.exp(-tp / tau2) - Math.exp(-tp / tau1));
  const out = new Float64Array(nSteps);
  for (let n = Math.max(nSpike, 0); n < nSteps; n++) {
    const t = (n - nSpike) * dt;
    out[n] = -factor * (Math.exp(-t / tau2) - Math.exp(-t / tau1));
  }
  return out;
}

/** The kernel options with their defaults, checked. */
export interface ResolvedKernelOptions {
  Vrest: number | number[];
  dt: number;
  tX: number;
  tau: number;
  gEff: boolean;
  fir: boolean;
}

/** Stage 1: defaults (Vrest -65 mV, dt 2^-4 ms, tX 200 ms, tau 50 ms, gEff, not fir) and checks. */
export function resolveKernelOptions(options: KernelOptions, conductanceBased: boolean, probes: ForwardModel[]): ResolvedKernelOptions {
  const o: ResolvedKernelOptions = {
    Vrest: options.Vrest ?? -65,
    dt: options.dt ?? 2 ** -4,
    tX: options.tX ?? 200,
    tau: options.tau ?? 50,
    gEff: options.gEff ?? true,
    fir: options.fir ?? false,
  };
  if (o.gEff && !conductanceBased) {
    throw new Error('getKernel: gEff = true needs conductance-based synapses (conductanceBased = false was given)');
  }
  for (const [key, value] of [['dt', o.dt], ['tau', o.tau]] as const) {
    if (!(value > 0)) throw new Error(`getKernel: ${key} = ${value} is invalid; expected a positive number (ms)`);
  }
  if (!(o.tX >= 0)) throw new Error(`getKernel: tX = ${o.tX} is invalid; expected a non-negative spike time (ms)`);
  const names = new Set<string>();
  for (const probe of probes) {
    if (names.has(probe.name)) throw new Error(`getKernel: two forward models are named "${probe.name}"; names must be unique`);
    names.add(probe.name);
  }
  return o;
}

export interface ConnectionCounts {
  /** Mean synapses per connection per X (NaN when K_YX is given). */
  multapseMean: Float64Array;
  /** Total synapses Y <- X per X. */
  K_YX: Float64Array;
  /** Synapses per neuron of Y (indegree) per X. */
  kIn: Float64Array;
  /** Synapses per neuron of X (outdegree) per X. */
  kOut: Float64Array;
}

/** Stage 3: K_YX as given, or C_YX N_X N_Y times the mean multapse (the expectation, accurate when K << N_X N_Y). */
export function connectionCounts(P: KernelApproxParams, multapseMean: (i: number) => number): ConnectionCounts {
  const nX = P.X.length;
  const mean = new Float64Array(nX);
  const K_YX = new Float64Array(nX);
  for (let i = 0; i < nX; i++) {
    if (P.K_YX) {
      mean[i] = NaN;
      K_YX[i] = P.K_YX[i];
    } else {
      mean[i] = multapseMean(i);
      K_YX[i] = P.C_YX[i] * P.N_X[i] * P.N_Y * mean[i];
    }
  }
  return { multapseMean: mean, K_YX, kIn: K_YX.map((k) => k / P.N_Y), kOut: K_YX.map((k, i) => k / P.N_X[i]) };
}

/** Stage 4: the passive cell standing for population Y, rotated (x, then y) and moved to the population's depth. */
export function representativeCell(P: KernelApproxParams): PassiveCell {
  const cell = new PassiveCell(P.cell.morphology, P.cell.passive);
  cell.setRotation({ x: P.rotation?.x ?? 0, y: P.rotation?.y ?? 0 });
  cell.setPosition({ z: P.population.loc });
  return cell;
}

/** The inputs the effective leak needs: extrinsic synapses, their number and rate, and the rates of X. */
export function checkEffectiveLeakInputs(P: KernelApproxParams): void {
  if (!P.extSynapse || !Number.isFinite(P.nExt) || !Number.isFinite(P.nuExt) || !P.nuX) {
    throw new Error('getKernel: gEff = true needs extSynapse, nExt, nuExt and nuX');
  }
}

/**
 * Stage 5a: adds to g_pas (S/cm^2) the mean conductance of `density[i]` synapses on segment i, each of peak
 * |weight| (uS) with a double-exponential time course, activated at `rate_Hz` (spikes/s):
 * density |weight| / area (uS/um^2) * integral (ms) * rate (1/s) = 0.1 S/cm^2.
 */
function addMeanConductance(cell: PassiveCell, density: (i: number) => number, syn: Exp2SynParameters, rate_Hz: number): void {
  const beta = integrateBeta(syn.tau1, syn.tau2);
  for (let i = 0; i < cell.totnsegs; i++) {
    cell.gPas[i] += ((density(i) * Math.abs(syn.weight)) / cell.area[i]) * beta * rate_Hz * 0.1;
  }
}

/** Stage 5a: the nExt extrinsic synapses per cell, spread in proportion to membrane area. */
export function addExtrinsicConductance(cell: PassiveCell, P: KernelApproxParams): void {
  const areaSum = cell.area.reduce((a, b) => a + b, 0);
  addMeanConductance(cell, (i) => (P.nExt! * cell.area[i]) / areaSum, P.extSynapse!, P.nuExt!);
}

/** Stage 5b: the linearised synapses from one X: kIn synapses per cell, placed with probability pSynapse. */
export function addSynapticConductance(cell: PassiveCell, pSynapse: Float64Array, kIn: number, syn: Exp2SynParameters, rate_Hz: number): void {
  addMeanConductance(cell, (i) => pSynapse[i] * kIn, syn, rate_Hz);
}

/**
 * Stage 7: current weight (nA) per segment of all synapses from X onto one cell, for one spike of X:
 * kOut synapses per presynaptic neuron placed with probability pSynapse. A conductance synapse g(t) (V - e),
 * linearised at V = Vrest, peaks at weight (Vrest - e) (outward positive); the current-synapse waveform
 * peaks at -weight, hence the current weight -weight (Vrest - e).
 */
export function linearizedCurrentWeights(
  pSynapse: Float64Array,
  kOut: number,
  syn: Exp2SynParameters,
  Vrest: number | number[],
  conductanceBased: boolean,
): Float64Array {
  const weights = new Float64Array(pSynapse.length);
  for (let i = 0; i < pSynapse.length; i++) {
    const v = Array.isArray(Vrest) ? Vrest[i] : Vrest;
    const w = conductanceBased ? -syn.weight * (v - syn.e!) : syn.weight;
    weights[i] = w * pSynapse[i] * kOut;
  }
  return weights;
}

/** Stage 8: transmembrane currents (nA, segments x samples at 0, dt, ..., tX + tau) after one spike of X at tX. */
export function simulateSpikeResponse(
  cell: PassiveCell,
  syn: Exp2SynParameters,
  weights: Float64Array,
  o: ResolvedKernelOptions,
): { imem: DenseMatrix; tvec: Float64Array } {
  const tstop = o.tX + o.tau;
  const nSteps = Math.round(tstop / o.dt);
  const waveform = exp2SynIWaveform(syn.tau1, syn.tau2, o.dt, nSteps, Math.round(o.tX / o.dt));
  const imem = cell.simulate({ dt: o.dt, tstop, currents: [{ weights, waveform }] });
  const tvec = Float64Array.from({ length: nSteps + 1 }, (_, n) => n * o.dt);
  return { imem, tvec };
}

/** The samples of the kernel: lags around the spike and the current samples they need. */
export interface KernelWindow {
  /** Sample indices of the kernel's lags. */
  window: number[];
  /** Lags (ms) of those samples relative to tX. */
  lags: Float64Array;
  /** Sample nearest tX, the reference of the offset. */
  tIdx: number;
  /** First and last sample of the currents the window needs (through the delay filter). */
  first: number;
  last: number;
}

/** Stage 9a: lags in [-tau, tau] (fir: (0, tau]) and the stretch of samples their filtered values depend on. */
export function kernelWindow(tvec: Float64Array, o: ResolvedKernelOptions, filterLength: number): KernelWindow {
  const { tX, tau, dt, fir } = o;
  const nt = tvec.length;
  let tIdx = 0;
  for (let n = 1; n < nt; n++) if (Math.abs(tvec[n] - tX) < Math.abs(tvec[tIdx] - tX)) tIdx = n;
  const window: number[] = [];
  for (let n = 0; n < nt; n++) {
    const keep = fir ? tvec[n] > tX && tvec[n] <= tX + tau : tvec[n] >= tX - tau && tvec[n] <= tX + tau;
    if (keep) window.push(n);
  }
  // Lags on the exact grid when the spike time is a multiple of dt (avoids 0.1000000000000014-like values).
  const onGrid = Math.abs(tX / dt - Math.round(tX / dt)) < 1e-9;
  const lags = Float64Array.from(window, (n) => (onGrid ? (n - Math.round(tX / dt)) * dt : tvec[n] - tX));
  // Only samples from the spike (offset reference) to the end of the window are nonzero; they depend on
  // currents within one filter length, so the projection and the convolution are restricted to those.
  const outIdx = window.filter((n) => tvec[n] >= tX);
  const nFirst = outIdx.length ? Math.min(tIdx, outIdx[0]) : tIdx; // window indices ascend
  const nLast = outIdx.length ? Math.max(tIdx, outIdx[outIdx.length - 1]) : tIdx;
  const centre = Math.floor((filterLength - 1) / 2);
  const first = Math.max(0, nFirst + centre - (filterLength - 1));
  const last = Math.min(nt - 1, nLast + centre);
  return { window, lags, tIdx, first, last };
}

/** The currents of samples first..last of the window (segments x samples). */
export function windowCurrents(imem: DenseMatrix, w: KernelWindow): DenseMatrix {
  const part = zeros(imem.rows, w.last - w.first + 1);
  for (let i = 0; i < imem.rows; i++) part.data.set(imem.data.subarray(i * imem.cols + w.first, i * imem.cols + w.last + 1), i * part.cols);
  return part;
}

/**
 * Stage 9b: the kernel of one forward model (channels x lags): M times the currents, convolved with the
 * delay filter (numpy.convolve 'same'), minus its value at the spike; lags before the spike are zero.
 */
export function projectAndFilter(
  M: DenseMatrix,
  currents: DenseMatrix,
  hDelay: Float64Array,
  w: KernelWindow,
  tvec: Float64Array,
  tX: number,
): DenseMatrix {
  const data = matmul(M, currents);
  const out = zeros(M.rows, w.window.length);
  const active: number[] = [];
  for (let ch = 0; ch < M.rows; ch++) {
    if (data.data.subarray(ch * data.cols, (ch + 1) * data.cols).some((v) => v !== 0)) active.push(ch);
  }
  // Sample n of numpy.convolve(d, h, 'same') is full-convolution sample n + centre (in the restricted frame).
  const centre = Math.floor((hDelay.length - 1) / 2);
  const fulls = fftConvolveMany(hDelay, active.map((ch) => data.data.subarray(ch * data.cols, (ch + 1) * data.cols)));
  active.forEach((ch, c) => {
    const full = fulls[c];
    const offset = full[w.tIdx - w.first + centre];
    w.window.forEach((n, k) => {
      out.data[ch * w.window.length + k] = tvec[n] < tX ? 0 : full[n - w.first + centre] - offset;
    });
  });
  return out;
}
