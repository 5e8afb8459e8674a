/**
 * Resources decided before a run: the cost model's memory components against what the run then holds,
 * the automatic choice of the connectivity mode, and the refusal of a run that does not fit.
 */
import { describe, expect, it } from 'vitest';
import { estimateResources } from '../../../simulation/engine/cost-model.ts';
import { Simulation } from '../../../simulation/index.ts';
import { toyNetwork } from '../toy-network.ts';

const net = () => toyNetwork({ addDC: [360, 360, 360, 360] });

describe('resources', () => {
  it('the estimate counts the stored connectivity as the run then holds it', async () => {
    const sim = new Simulation(net(), { t_sim: 50, connectivity: 'procedural', threads: 2 }, { noOutput: true });
    const estimate = sim.estimate('procedural');
    // Procedural: 2 bytes per pathway and source neuron.
    const countEntries = sim.plan.pathways.reduce((s, pw) => s + sim.plan.populations[pw.source].size, 0);
    expect(estimate.memory.connectivity).toBe(2 * countEntries);
    const log = await sim.run();
    expect(log.connectivity_bytes).toBe(estimate.memory.connectivity);
    const explicit = await new Simulation(net(), { t_sim: 50, connectivity: 'explicit' }, { noOutput: true }).run();
    expect(explicit.connectivity_bytes).toBeGreaterThanOrEqual(8 * explicit.synapses);
    expect(explicit.connectivity_bytes).toBeLessThanOrEqual(sim.estimate('explicit').memory.connectivity);
    // Events per second and in-flight events scale with the rate assumed.
    const at5 = estimateResources(sim.plan, { connectivity: 'procedural', threads: 1, rate_Hz: 5, burstShare: 0 });
    const at10 = estimateResources(sim.plan, { connectivity: 'procedural', threads: 1, rate_Hz: 10, burstShare: 0 });
    expect(at5.eventsPerS).toBe(5 * sim.synapseCount);
    expect(at10.eventsPerS).toBe(2 * at5.eventsPerS);
    expect(at10.memory.events).toBeGreaterThan(at5.memory.events);
    expect(at10.wallPerBio_s).toBeGreaterThan(at5.wallPerBio_s);
    // Neurons starting above threshold fire at once: all their events are in flight together.
    const burst = estimateResources(sim.plan, { connectivity: 'procedural', threads: 1, rate_Hz: 5, burstShare: 0.5 });
    expect(burst.memory.events - at5.memory.events).toBeCloseTo(0.5 * sim.synapseCount * 8, 6);
    expect(burst.burstWall_s).toBeGreaterThan(0);
    // The toy's V0 = normal(-58, 5) mV against V_th = -50 mV: P = 1 - Phi(1.6) = 0.0548.
    const viaSim = sim.estimate('procedural');
    expect((viaSim.memory.events - estimateResources(sim.plan, { connectivity: 'procedural', threads: 2, rate_Hz: 5, burstShare: 0 }).memory.events) / (sim.synapseCount * 8)).toBeCloseTo(0.0548, 3);
  });

  it('auto connectivity is explicit when the synapses fit in the memory available, else procedural, and says why', () => {
    const sim = new Simulation(net(), { t_sim: 10 }, { noOutput: true });
    const explicitBytes = sim.estimate('explicit').memory.total;
    expect(sim.chooseConnectivity(10 * explicitBytes)).toMatchObject({ connectivity: 'explicit', reason: expect.stringMatching(/^auto: explicit synapses fit/) });
    expect(sim.chooseConnectivity(explicitBytes / 2)).toMatchObject({ connectivity: 'procedural', reason: expect.stringMatching(/^auto: explicit synapses would need .* GiB .* available, so they are regenerated/) });
    const forced = new Simulation(net(), { t_sim: 10, connectivity: 'explicit' }, { noOutput: true });
    expect(forced.chooseConnectivity(1)).toMatchObject({ connectivity: 'explicit', reason: 'connectivity = explicit', estimate: forced.estimate('explicit') });
  });

  it('refuses a run whose explicit synapses do not fit, naming the estimate and the memory available', async () => {
    const huge = toyNetwork({ synapses: [[4e10, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]] });
    const sim = new Simulation(huge, { t_sim: 1, connectivity: 'explicit' }, { noOutput: true });
    await expect(sim.run()).rejects.toThrow(/network too large for this machine: .* with explicit connectivity need an estimated .* GiB .* are available \(.*\).* Use connectivity procedural/);
    expect(() => new Simulation(net(), { connectivity: 'sparse' })).toThrow(/connectivity: .*expected 'auto', 'explicit' or 'procedural'/);
    expect(() => new Simulation(net(), { checkpoint: { every_min: 0 } })).toThrow(/checkpoint.every_min/);
  });
});
