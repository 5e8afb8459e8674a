import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nestMinDelaySteps, vmStampRule } from '../../../simulation/engine/recorder.ts';
import { readVm, Simulation } from '../../../simulation/index.ts';
import { toyNetwork } from '../toy-network.ts';

const root = mkdtempSync(join(tmpdir(), 'mam-recorder-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The stamps (ms) the rule records, for comparison with NEST 3.10's voltmeter (times checked there). */
function stampsMs(rule: ReturnType<typeof vmStampRule>, dt = 0.1): number[] {
  const out: number[] = [];
  for (let s = rule.afterStep + 1; s <= rule.lastStep; s++) if (s % rule.intervalSteps === 0) out.push(Math.round(s * dt * 1e6) / 1e6);
  return out;
}

const noSynapses = [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]];
const plan = (net: ReturnType<typeof toyNetwork>, sim: Record<string, unknown>) => new Simulation(net, { areas_simulated: ['A'], ...sim }, { noOutput: true }).plan;

describe("V_m sampling: NEST's voltmeter rule", () => {
  it('min_delay: the smallest delay, at most NEST default 1 ms; redrawn normal delays reach one step', () => {
    expect(nestMinDelaySteps(plan(toyNetwork(), {}))).toBe(1);
    // Only a neuron and the recorder connections (1 ms): NEST reports min_delay 1.0 ms.
    expect(nestMinDelaySteps(plan(toyNetwork({ synapses: noSynapses, K_ext: [0, 0, 0, 0] }), {}))).toBe(10);
    // Fixed delays 1.5 (E) and 0.75 ms (I, 7.5 steps, rounded up as NEST does): NEST reports 0.8 ms.
    expect(nestMinDelaySteps(plan(toyNetwork({ delay_rel: 0 }), {}))).toBe(8);
  });

  it('500 ms at 0.1 ms: the last min-delay slice is not delivered (4,999 samples for min_delay = dt, as NEST)', () => {
    const rule = (net: ReturnType<typeof toyNetwork>) => stampsMs(vmStampRule(plan(net, { t_sim: 500 })));
    const oneStep = rule(toyNetwork());
    expect(oneStep.length).toBe(4999);
    expect([oneStep[0], oneStep.at(-1)]).toEqual([0.1, 499.9]);
    const oneMs = rule(toyNetwork({ synapses: noSynapses, K_ext: [0, 0, 0, 0] }));
    expect([oneMs.length, oneMs.at(-1)]).toEqual([4990, 499]);
    const fixed = rule(toyNetwork({ delay_rel: 0 }));
    expect([fixed.length, fixed.at(-1)]).toEqual([4992, 499.2]);
  });

  it('stamps are multiples of the interval counted from 0 (not from start), within (start, stop]', () => {
    const p = plan(toyNetwork({ synapses: noSynapses, K_ext: [0, 0, 0, 0] }), { t_sim: 5, recording_dict: { record_vm: true, vm_dict: { start: 1, stop: 4, interval: 0.3 } } });
    expect(stampsMs(vmStampRule(p))).toEqual([1.2, 1.5, 1.8, 2.1, 2.4, 2.7, 3, 3.3, 3.6, 3.9]);
    const q = plan(toyNetwork({ synapses: noSynapses, K_ext: [0, 0, 0, 0] }), { t_sim: 3, recording_dict: { record_vm: true, vm_dict: { start: 0, stop: 1000, interval: 0.3 } } });
    expect(stampsMs(vmStampRule(q))).toEqual([0.3, 0.6, 0.9, 1.2, 1.5, 1.8]);
  });

  it('the simulator records exactly these stamps', async () => {
    const net = toyNetwork({ addDC: [360, 360, 0, 0] });
    const sim = new Simulation(net, { t_sim: 500, areas_simulated: ['A'], recording_dict: { record_vm: true, Nrec_vm_fraction: 0.05 } }, { dataPath: join(root, 'run') });
    await sim.run();
    const vm = readVm(sim.dataDir);
    const ids = [...new Set(vm.senders)];
    expect(ids.length).toBe(4 + 1); // int(0.05 x 80) + int(0.05 x 20)
    for (const id of ids) {
      const times = [...vm.timesMs].filter((_, i) => vm.senders[i] === id);
      expect(times.length).toBe(4999);
      expect(times.at(-1)).toBeCloseTo(499.9, 9);
    }
  });
});
