/** Population rates and the valid end of a run, through a SpikeSource. */
import { openSpikeSourceSync } from './open-spike-source.ts';
import { windowWithin, type OpenSpikeSourceOptions, type SpikeSource } from './spike-source.ts';

function sourceOf(run: string | SpikeSource, opts?: OpenSpikeSourceOptions): SpikeSource {
  return typeof run === 'string' ? openSpikeSourceSync(run, opts) : run;
}

/**
 * Mean rate (spikes/s) of every recorded population over [tMinMs, tMaxMs), keyed "area-pop", in the
 * run's order. A spike at time t (its on-grid time stamp) counts if tMinMs <= t < tMaxMs. The run must
 * be complete and the window within its valid one (windowWithin).
 */
export function populationRates(run: string | SpikeSource, tMinMs: number, tMaxMs: number, opts?: OpenSpikeSourceOptions): Record<string, number> {
  const source = sourceOf(run, opts);
  const w = windowWithin(source, { t_min_ms: tMinMs, t_max_ms: tMaxMs }, source.window, 'rates window');
  const recorded = source.populations.filter((p) => p.recordSpikes && p.size > 0);
  const spikes = source.spikes();
  const byFirst = recorded.map((_, k) => k).sort((a, b) => recorded[a].first - recorded[b].first);
  const firsts = byFirst.map((k) => recorded[k].first);
  const counts = new Float64Array(recorded.length);
  const eps = 1e-9;
  for (let i = 0; i < spikes.timesMs.length; i++) {
    const t = spikes.timesMs[i];
    if (t < w.t_min_ms - eps || t >= w.t_max_ms - eps) continue;
    const id = spikes.senders[i];
    let lo = 0;
    let hi = firsts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (firsts[mid] <= id) lo = mid;
      else hi = mid - 1;
    }
    const k = byFirst[lo];
    if (k !== undefined && id >= recorded[k].first && id < recorded[k].first + recorded[k].size) counts[k]++;
  }
  const windowS = (w.t_max_ms - w.t_min_ms) * 1e-3;
  const out: Record<string, number> = {};
  for (const p of source.populations) if (p.recordSpikes) out[p.label] = 0;
  recorded.forEach((p, k) => (out[p.label] = counts[k] / (p.size * windowS)));
  return out;
}

/**
 * Biological time (ms) up to which a run's spikes are valid: t_sim for a completed run, where it
 * stopped for one stopped early (runaway activity, interruption). An unfinished run is an error.
 */
export function simulatedMs(runDir: string): number {
  return openSpikeSourceSync(runDir).window.t_max_ms;
}
