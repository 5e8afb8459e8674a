/**
 * Mean-field theory of a multi-area network (Schuecker, Schmidt et al. 2017): stationary rates by
 * pseudo-time integration (NEST siegert_neuron compatible) or Newton's method, and their stability.
 *
 *   const theory = Theory.fromModel(new MultiAreaModel(netParams), { T: 50 });
 *   // or: new Theory({ arrays: model.arrays(), params: model.params }, { T: 50 })
 *   const { runs } = theory.integrateSiegert();   // runs[0].final: rates at T (spikes/s)
 */
import { resolveTheoryParams, type TheoryParams } from './theory-params.ts';
import type { NetworkSource } from '../multiarea/index.ts';
import { uniformGenerator } from '../core/index.ts';
import {
  buildRateNetwork,
  muSigma,
  type RateNetwork,
  type RateNetworkOptions,
  type TheoryModel,
  type TheoryNetworkParams,
} from './rate-network.ts';
import { integrateRates, type Trajectory } from './rate-dynamics.ts';
import { solveFixedPoint, type FixedPointOptions, type FixedPointResult } from './fixed-point.ts';
import { gainMatrix, slopes, spectrum, type SlopeConvention, type Slopes, type Spectrum } from './stability.ts';

export interface TheoryResult {
  structureVec: string[];
  /** Sample times (ms), shared by all runs. */
  times: number[];
  /** One trajectory per initial condition. */
  runs: Trajectory[];
}

export interface StabilityResult extends Slopes {
  /** Gain matrix, row-major n x n. */
  G: Float64Array;
  spectrum: Spectrum;
  /** Largest real part of the spectrum of G (stable iff < 1). */
  lambdaMax: number;
}

/** The model with the theory's neuron_params entries (if any) overriding the network's. */
function withNeuronOverrides(model: TheoryModel, params: TheoryParams): TheoryModel {
  const override = params.neuron_params?.single_neuron_dict;
  if (!override || Object.keys(override).length === 0) return model;
  const np = model.params.neuron_params;
  return {
    arrays: model.arrays,
    params: { ...model.params, neuron_params: { ...np, single_neuron_dict: { ...np.single_neuron_dict, ...override } } },
  };
}

export class Theory {
  readonly params: TheoryParams;
  readonly model: TheoryModel;
  readonly network: RateNetwork;

  constructor(model: TheoryModel, theorySpec: unknown = {}, options: RateNetworkOptions = {}) {
    this.params = resolveTheoryParams(theorySpec);
    this.model = withNeuronOverrides(model, this.params);
    this.network = buildRateNetwork(this.model, options);
    const ir = this.params.initial_rates;
    if (Array.isArray(ir) && ir.length !== this.network.n) {
      throw new Error(`initial_rates: got ${ir.length} rates; expected ${this.network.n} (one per population)`);
    }
  }

  /** From a built network (a MultiAreaModel or any NetworkSource): `Theory.fromModel(new MultiAreaModel(net), { T: 100 })`. */
  static fromModel(
    model: Pick<NetworkSource, 'arrays'> & { params: TheoryNetworkParams },
    theorySpec: unknown = {},
    options: RateNetworkOptions = {},
  ): Theory {
    return new Theory({ arrays: model.arrays(), params: model.params }, theorySpec, options);
  }

  get structureVec(): string[] {
    return this.network.structureVec;
  }

  /** The initial conditions implied by `initial_rates` (spikes/s). */
  initialConditions(): Float64Array[] {
    const { n } = this.network;
    const p = this.params;
    if (p.initial_rates === null) return [new Float64Array(n)];
    if (Array.isArray(p.initial_rates)) return [Float64Array.from(p.initial_rates)];
    const rand = uniformGenerator(p.initial_rates_seed);
    return Array.from({ length: p.initial_rates_iter ?? 1 }, () =>
      Float64Array.from({ length: n }, () => p.initial_rates_max * rand()),
    );
  }

  /** Integrates the rate dynamics from every initial condition (upstream: integrate_siegert). */
  integrateSiegert(): TheoryResult {
    const p = this.params;
    const opts = { T: p.T, dt: p.dt, recInterval: p.rec_interval ?? p.dt };
    const runs = this.initialConditions().map((init) => integrateRates(this.network, init, opts));
    return { structureVec: this.structureVec, times: runs[0].times, runs };
  }

  /** A fixed point near `guess` by Newton's method (stable or not). */
  fixedPoint(guess: ArrayLike<number>, options?: FixedPointOptions): FixedPointResult {
    return solveFixedPoint(this.network, guess, options);
  }

  /** Mean and standard deviation of the input (mV) at the given rates (spikes/s). */
  muSigma(rates: ArrayLike<number>): { mu: Float64Array; sigma: Float64Array } {
    return muSigma(this.network, rates);
  }

  /** Replaced cortico-cortical input (mV, mV^2); zeros without replace_cc. */
  replaceCCInput(): { mu: Float64Array; sigma2: Float64Array } {
    return { mu: this.network.muCC, sigma2: this.network.sigma2CC };
  }

  /** mu, sigma and the slopes of Phi at the given rates (see SlopeConvention). */
  slopes(rates: ArrayLike<number>, convention: SlopeConvention = 'exact'): Slopes {
    return slopes(this.network, rates, convention);
  }

  gainMatrix(rates: ArrayLike<number>, convention: SlopeConvention = 'exact'): Float64Array {
    return gainMatrix(this.network, this.slopes(rates, convention));
  }

  stability(rates: ArrayLike<number>, convention: SlopeConvention = 'exact'): StabilityResult {
    const s = this.slopes(rates, convention);
    const G = gainMatrix(this.network, s);
    const spec = spectrum(G, this.network.n);
    return { ...s, G, spectrum: spec, lambdaMax: spec.lambdaMax };
  }
}
