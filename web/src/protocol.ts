/** Messages between the page and its workers. */
import type { NetworkPlan } from '../../simulation/engine/plan.ts';
import type { SharedBlocks } from '../../simulation/engine/shared-control.ts';
import type { AreaSignalResult, KernelView } from './signals-compute.ts';

/** What the form describes: custom network parameters (upstream nesting) and simulation parameters. */
export interface ExplorerParams {
  network: Record<string, unknown>;
  simulation: Record<string, unknown>;
}

export interface ModelSummary {
  label: string;
  areaList: string[];
  structureVec: string[];
  N: number[];
  /** Area-level indegrees K_areas[target][source] (synapses per neuron of the target area). */
  K_areas: number[][];
  /** Population-level indegrees, populations x populations row-major (external column dropped); transferred, not copied. */
  K: Float64Array;
  totalNeurons: number;
  totalSynapses: number;
  buildMs: number;
}

export interface TheorySummary {
  /** Rates (spikes/s) at the end of the integration from zero rates, one per population. */
  rates: number[];
  converged: boolean;
  lastChange_Hz: number;
  /** Pseudo-time step of the integration shown (ms). */
  dt_ms: number;
  /** The default step when it did not settle and a finer one did (then dt_ms is the finer), else null. */
  unsettledAtDt_ms: number | null;
  theoryMs: number;
}

export interface ScanPoint {
  chi: number;
  /** Mean rate over populations (spikes/s) of each distinct fixed point found, and how many runs reached it. */
  fixedPoints: { meanRate: number; runs: number; lambdaMax: number }[];
  /** Mean rate at T (spikes/s) of each run that did not settle (a non-stationary, e.g. high-activity, state). */
  unsettled: number[];
}

export type ModelRequest =
  | { id: number; type: 'init'; baseUrl: string }
  | { id: number; type: 'build'; params: ExplorerParams }
  | { id: number; type: 'scan'; params: ExplorerParams; chis: number[]; runs: number }
  | { id: number; type: 'plan'; params: ExplorerParams }
  | { id: number; type: 'signals'; params: ExplorerParams; area: string; counts: Record<string, Float64Array>; sizes: Record<string, number> }
  | { id: number; type: 'kernels'; params: ExplorerParams; pair: string }
  | { id: number; type: 'export'; params: ExplorerParams }
  | { id: number; type: 'stability'; params: ExplorerParams };

export type ModelResponse =
  | { id: number; type: 'ready' }
  | { id: number; type: 'built'; model: ModelSummary; theory: TheorySummary }
  | { id: number; type: 'scan-point'; point: ScanPoint }
  | { id: number; type: 'scan-done' }
  | { id: number; type: 'plan'; plan: NetworkPlan; label: string }
  | { id: number; type: 'signals'; result: AreaSignalResult }
  | { id: number; type: 'stability'; lambdaMax: number; ms: number }
  | { id: number; type: 'kernels'; view: KernelView }
  | { id: number; type: 'export'; json: string; connectionsCsv: string; populationsCsv: string; label: string }
  | { id: number; type: 'error'; message: string };

/** Shared memory of a run (SharedArrayBuffer when the page is cross-origin isolated, else ArrayBuffer and one worker). */

export type SimRequest =
  | { type: 'start'; plan: NetworkPlan; assignment: number[][]; worker: number; blocks: SharedBlocks; chunkMs: number }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' };

export type SimResponse =
  | { type: 'built'; worker: number; synapses: number; buildMs: number }
  | { type: 'spikes'; worker: number; records: ArrayBuffer }
  | { type: 'progress'; worker: number; steps: number }
  | { type: 'done'; worker: number; steps: number; spikes: number; interrupted: boolean; runaway: string | null; simulateMs: number }
  | { type: 'error'; worker: number; message: string };
