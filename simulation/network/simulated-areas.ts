/**
 * `areas_simulated` and `recording_dict.areas_recorded` checked against the network's areas: the one
 * place where simulation parameters name areas.
 */
import { describeValue, ParameterError } from '../../core/index.ts';
import type { SimulationParams } from '../simulation-params.ts';

export interface AreaSelection {
  /** Simulated areas in model order. */
  simulated: string[];
  /** Areas whose spikes are recorded (a subset of all areas; only simulated ones have neurons). */
  recorded: Set<string>;
}

export function selectAreas(sim: SimulationParams, areaList: readonly string[]): AreaSelection {
  const problems: string[] = [];
  const known = new Set(areaList);
  for (const [key, list] of [
    ['areas_simulated', sim.areas_simulated],
    ['recording_dict.areas_recorded', sim.recording_dict.areas_recorded],
  ] as const) {
    if (!list) continue;
    const seen = new Set<string>();
    for (const a of list) {
      if (!known.has(a)) problems.push(`${key}: unknown area ${describeValue(a)}; expected one of ${areaList.join(', ')}`);
      if (seen.has(a)) problems.push(`${key}: area ${describeValue(a)} is listed twice`);
      seen.add(a);
    }
  }
  if (problems.length) throw new ParameterError('simulation parameters', problems);
  const chosen = new Set(sim.areas_simulated ?? areaList);
  const simulated = areaList.filter((a) => chosen.has(a));
  return { simulated, recorded: new Set(sim.recording_dict.areas_recorded ?? simulated) };
}
