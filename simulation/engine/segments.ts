/** The part of each population that lies in one worker's neuron range [lo, hi). */
import type { NetworkPlan } from './plan.ts';

export interface Segment {
  /** Index of the population in the plan. */
  pop: number;
  /** Local index range [from, to) (global id - lo). */
  from: number;
  to: number;
}

export function shardSegments(plan: NetworkPlan, lo: number, hi: number): Segment[] {
  const out: Segment[] = [];
  for (const [p, pop] of plan.populations.entries()) {
    const from = Math.max(pop.first, lo) - lo;
    const to = Math.min(pop.first + pop.size, hi) - lo;
    if (to > from) out.push({ pop: p, from, to });
  }
  return out;
}
