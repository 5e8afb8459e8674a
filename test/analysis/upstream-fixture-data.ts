/**
 * The spike data behind test/fixtures/analysis_upstream_fixture.json: seeded Poisson trains on NEST's
 * 0.1 ms grid, with spikes exactly at t_min and t_max for some neurons and a few silent neurons.
 */
import type { SpikeData, TimeWindow } from '../../analysis/index.ts';
import { fromTrains, poissonTrains } from './helpers.ts';

export function fixtureSpikes(): { spikes: SpikeData; N: number; window: TimeWindow } {
  const N = 60;
  const T = 2500;
  const trains = poissonTrains(N, 12, T, 7).map((train, i) => {
    const onGrid = train.map((t) => Math.round(t * 10) / 10);
    if (i % 20 === 0) onGrid.push(500, T);
    return [...new Set(onGrid)].sort((a, b) => a - b);
  });
  for (const silent of [3, 17]) trains[silent] = [];
  return { spikes: fromTrains(trains), N, window: { t_min_ms: 500, t_max_ms: T } };
}
