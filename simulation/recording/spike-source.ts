/**
 * One interface to the spikes of a simulation run, whatever wrote them: our run folders
 * (run-folder-source.ts), NEST run folders of run_nest.py (nest-run-source.ts), upstream
 * multi-area-model's NEST output (upstream-run-source.ts) and SONATA spike files
 * (sonata-spike-source.ts); open-spike-source.ts tells them apart. Every source yields the same
 * things: the population layout, the spikes as typed arrays, the window within which the spikes are
 * complete, and what is known about the run. A source is only opened when its run is complete (or,
 * on request, when the last complete step of an unfinished run is known); see docs/simulation.md
 * ("Complete runs").
 */
import type { SpikeData } from './record-reader.ts';

export type SpikeSourceFormat = 'multiarea-run' | 'nest-run' | 'upstream-nest' | 'sonata';

/**
 * How the run ended: completed (to t_sim); runaway, interrupted, memory: stopped early by our engine,
 * its data valid up to the logged simulated time; unfinished: no log (killed, crashed, power loss or
 * still running).
 */
export type RunEnd = 'completed' | 'runaway' | 'interrupted' | 'memory' | 'unfinished';

/** A population of the source: "area-pop" label and its neuron ids first .. first + size - 1 (the source's own numbering, e.g. NEST ids). */
export interface SourcePopulation {
  label: string;
  first: number;
  size: number;
  /** Whether its spikes were recorded (a population that was not has no rate, not rate 0). */
  recordSpikes: boolean;
}

/**
 * A time window of spike times (ms). As the valid window of a source: the spikes with
 * t_min_ms <= t <= t_max_ms are all there (t_max_ms is the time stamp of the last complete step).
 * As a window to count in: [t_min_ms, t_max_ms).
 */
export interface SpikeWindow {
  t_min_ms: number;
  t_max_ms: number;
}

export interface SpikeSourceInfo {
  format: SpikeSourceFormat;
  /** What was opened (folder or file). */
  path: string;
  /** Label of the run, when it has one. */
  label: string | null;
  networkLabel: string | null;
  /** Which simulator wrote the spikes, e.g. "multiarea engine (iaf_psc_exp, dt 0.1 ms)". */
  simulator: string;
  N_scaling: number | null;
  K_scaling: number | null;
  /** Simulated time asked for (ms). */
  t_sim_ms: number;
  dt_ms: number | null;
  seed: number | null;
  end: RunEnd;
  /** Ran to t_sim and its spike files agree with its log. */
  complete: boolean;
  /** Network parameters (upstream nesting) the run was made with, to rebuild the model; null when the source has none. */
  networkParams: unknown;
  /** File the network parameters come from (for messages). */
  networkParamsFile: string | null;
  /** Whether networkLabel is this project's label of networkParams (so a rebuilt model can be checked against it). */
  networkLabelIsOurs: boolean;
  /** What the reader established and decided (window end, checks made or impossible), one sentence each: print them. */
  notes: string[];
}

export interface SpikeSource {
  readonly info: SpikeSourceInfo;
  /** All populations of the run, recorded or not, in the run's order. */
  readonly populations: readonly SourcePopulation[];
  /**
   * The valid data: every spike with t_min_ms <= t <= t_max_ms is there, from the start of the
   * recording to the time stamp of the last complete step (t_sim for a completed run).
   */
  readonly window: SpikeWindow;
  /** The spikes within `window` (both ends included), sorted by time, ties by neuron id (read on first call, then kept). */
  spikes(): SpikeData;
}

/** A source without its spikes: what describeSpikeSource gives without reading them. */
export type SpikeSourceDescription = Omit<SpikeSource, 'spikes'>;

/** What to open and how. */
export interface OpenSpikeSourceOptions {
  /**
   * Accept a run that did not finish (no log, or spike files cut short) and use its spikes up to the
   * last complete step (found from the spike files; every reader says which time it uses).
   */
  allowIncomplete?: boolean;
  /** SONATA: a populations.json of a run folder or the simulation_config.json of an exported circuit giving the population layout. */
  layout?: string;
  /** SONATA: the node population of the spike file (default: its only one). */
  population?: string;
}

/** A run that is not complete: the message says what happened and how to proceed. */
export class IncompleteRunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IncompleteRunError';
  }
}

/** How to proceed with an unfinished run, for error messages. */
export function allowIncompleteHint(validEndMs: number | null): string {
  return validEndMs === null || validEndMs <= 0
    ? 'rerun it; no complete step can be found in its spike files, so --allow-incomplete (allowIncomplete: true) cannot help'
    : `rerun it, or pass --allow-incomplete (allowIncomplete: true) to use its spikes up to the last complete step, t = ${fmtMs(validEndMs)} ms`;
}

/** A time in ms as written in messages (no float noise). */
export function fmtMs(t: number): string {
  return String(Number(t.toPrecision(12)));
}

/** The on-grid time (ms) of `steps` steps of dt, without float noise (e.g. 4372 x 0.1 = 437.2). */
export function stepsToMs(steps: number, dt_ms: number): number {
  return Number((steps * dt_ms).toPrecision(12));
}

/**
 * Start of the valid window of a recording that started at `start_ms`: NEST's recorders (and ours)
 * record spikes with time > start, so the first recorded time is start + dt (0 when start is 0).
 */
export function recordingStartMs(start_ms: number, dt_ms: number): number {
  return start_ms > 0 ? stepsToMs(Math.round(start_ms / dt_ms) + 1, dt_ms) : 0;
}

/**
 * A window within the source's valid window: the requested bounds where given, else the defaults.
 * A window reaching outside the valid one is an error saying why the data ends (or starts) there.
 */
export function windowWithin(source: SpikeSource, requested: Partial<SpikeWindow>, defaults: SpikeWindow, what = 'window'): SpikeWindow {
  const w = { t_min_ms: requested.t_min_ms ?? defaults.t_min_ms, t_max_ms: requested.t_max_ms ?? defaults.t_max_ms };
  const valid = source.window;
  const where = `${source.info.path}`;
  const eps = 1e-9;
  if (!(Number.isFinite(w.t_min_ms) && Number.isFinite(w.t_max_ms) && w.t_min_ms >= 0 && w.t_max_ms > w.t_min_ms)) {
    throw new Error(`${what} [${w.t_min_ms}, ${w.t_max_ms}) ms: expected 0 <= t_min < t_max`);
  }
  if (w.t_max_ms > valid.t_max_ms + eps) {
    throw new Error(`${what}: t_max = ${fmtMs(w.t_max_ms)} ms, but the spikes of ${where} are valid only up to ${fmtMs(valid.t_max_ms)} ms (${endReason(source)}); expected t_max <= ${fmtMs(valid.t_max_ms)} ms`);
  }
  if (w.t_min_ms < valid.t_min_ms - eps) {
    throw new Error(`${what}: t_min = ${fmtMs(w.t_min_ms)} ms, but ${where} recorded spikes only after ${fmtMs(valid.t_min_ms - (source.info.dt_ms ?? 0))} ms (spike recording start), so windows start at ${fmtMs(valid.t_min_ms)} ms or later`);
  }
  return w;
}

/** Why the valid data of a source ends where it does, for messages. */
export function endReason(source: SpikeSource): string {
  const { end, t_sim_ms } = source.info;
  if (end === 'completed') return `the end of the run, t_sim = ${fmtMs(t_sim_ms)} ms`;
  if (end === 'unfinished') return 'the last complete step of an unfinished run, accepted with --allow-incomplete';
  const why = { runaway: 'runaway activity stopped it', interrupted: 'it was interrupted', memory: 'it ran out of memory for in-flight events' }[end];
  return `the run stopped there: ${why}; t_sim was ${fmtMs(t_sim_ms)} ms`;
}

/**
 * Sorts spikes by time (ties by id) and keeps those with t_min <= t <= t_max: the common last step of
 * every reader. Inputs may be in any order.
 */
export function sortedWithin(timesMs: Float64Array, senders: Uint32Array, window: SpikeWindow): SpikeData {
  const eps = 1e-9;
  const inside = (t: number) => t >= window.t_min_ms - eps && t <= window.t_max_ms + eps;
  let n = 0;
  for (let i = 0; i < timesMs.length; i++) if (inside(timesMs[i])) n++;
  const idx = new Uint32Array(n);
  for (let i = 0, k = 0; i < timesMs.length; i++) if (inside(timesMs[i])) idx[k++] = i;
  let sorted = true;
  for (let k = 1; k < idx.length && sorted; k++) {
    const a = idx[k - 1];
    const b = idx[k];
    if (timesMs[a] > timesMs[b] || (timesMs[a] === timesMs[b] && senders[a] > senders[b])) sorted = false;
  }
  if (sorted && n === timesMs.length) return { timesMs, senders };
  if (!sorted) idx.sort((a, b) => timesMs[a] - timesMs[b] || senders[a] - senders[b]);
  return { timesMs: Float64Array.from(idx, (i) => timesMs[i]), senders: Uint32Array.from(idx, (i) => senders[i]) };
}

/** Checks a layout: labels, whole non-negative sizes, disjoint id ranges. */
export function checkLayout(populations: readonly SourcePopulation[], file: string): void {
  const seen = new Set<string>();
  for (const [i, p] of populations.entries()) {
    if (typeof p.label !== 'string' || p.label === '' || !Number.isInteger(p.first) || p.first < 0 || !Number.isInteger(p.size) || p.size < 0) {
      throw new Error(`${file}: population ${i} is ${JSON.stringify(p)}; expected a label "area-pop", a first id >= 0 and a whole size >= 0`);
    }
    if (seen.has(p.label)) throw new Error(`${file}: population ${p.label} appears twice`);
    seen.add(p.label);
  }
  const sorted = populations.filter((p) => p.size > 0).sort((a, b) => a.first - b.first);
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k - 1].first + sorted[k - 1].size > sorted[k].first) throw new Error(`${file}: populations ${sorted[k - 1].label} and ${sorted[k].label} overlap in their neuron ids`);
  }
}
