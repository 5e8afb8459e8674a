/**
 * Key acceptance test: our pseudo-time integration reproduces upstream's theory (NEST 3.10
 * siegert_neuron network) for the full-scale model with ground-state weights, final rates and the
 * whole trajectory at 1 ms, to 1e-5 relative (1e-6 spikes/s absolute for near-silent populations).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MultiAreaModel } from '../../multiarea/index.ts';
import { Theory, type TheoryModel } from '../../theory/index.ts';
import { HAS_SHARED, PROJECT_ROOT, readSharedJson, SKIP_SHARED_MESSAGE } from '../helpers/shared.ts';
import { referenceNetwork } from '../helpers/reference-network.ts';

const GROUND_STATE = { connection_params: { cc_weights_factor: 1, cc_weights_I_factor: 1 } };

function groundStateModel(): TheoryModel {
  const m = new MultiAreaModel(GROUND_STATE);
  return { arrays: m.arrays(), params: m.params };
}

/** |got - want| <= 1e-5 |want| or <= 1e-6 spikes/s; returns the worst relative error over want > 1e-3. */
function compareRates(got: ArrayLike<number>, want: ArrayLike<number>, what: string): number {
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i] - want[i]);
    if (err > 1e-6 && err > 1e-5 * Math.abs(want[i])) {
      throw new Error(`${what}[${i}]: got ${got[i]}, expected ${want[i]} (error ${err})`);
    }
    if (Math.abs(want[i]) > 1e-3) worst = Math.max(worst, err / Math.abs(want[i]));
  }
  return worst;
}

describe('ground-state theory against a compact fixture (no ../shared needed)', () => {
  it('reproduces the trajectories of a few populations', () => {
    const fixture = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test/fixtures/theory_ground_state_subset.json'), 'utf8'));
    const theory = new Theory(groundStateModel(), { rec_interval: 1 });
    const { times, runs } = theory.integrateSiegert();
    expect(times).toEqual(fixture.trajectory_times_ms);
    for (const [label, ref] of Object.entries<any>(fixture.populations)) {
      const i = theory.structureVec.indexOf(label);
      expect(i, label).toBeGreaterThanOrEqual(0);
      compareRates(runs[0].rates[i], ref.trajectory_1ms, `${label} trajectory`);
      compareRates([runs[0].final[i]], [ref.final_rate], `${label} final rate`);
    }
  });

  it('reproduces the final rates of all populations', () => {
    const fixture = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test/fixtures/theory_ground_state_subset.json'), 'utf8'));
    const theory = new Theory(groundStateModel(), { rec_interval: 1 });
    expect(theory.structureVec).toEqual(fixture.labels);
    expect(compareRates(theory.integrateSiegert().runs[0].final, fixture.final_rates, 'final_rates')).toBeLessThan(1e-5);
  });
});

describe.skipIf(!HAS_SHARED)('ground-state theory against theory_ground_state.json', () => {
  if (!HAS_SHARED) console.warn(SKIP_SHARED_MESSAGE);
  const ref = HAS_SHARED ? readSharedJson('refs', 'theory', 'theory_ground_state.json') : null;

  function check(model: TheoryModel) {
    const theory = new Theory(model, { rec_interval: 1 });
    expect(theory.structureVec).toEqual(ref.labels);
    const { times, runs } = theory.integrateSiegert();
    expect(times).toEqual(ref.trajectory_times_ms);
    const run = runs[0];
    const worstFinal = compareRates(run.final, ref.final_rates, 'final_rates');
    let worstTraj = 0;
    for (let i = 0; i < ref.labels.length; i++) {
      worstTraj = Math.max(worstTraj, compareRates(run.rates[i], ref.trajectory_1ms[i], `trajectory ${ref.labels[i]}`));
    }
    expect(worstFinal).toBeLessThan(1e-5);
    expect(worstTraj).toBeLessThan(1e-5);
    return run;
  }

  it('with the network of our MultiAreaModel (cc_weights_factor = cc_weights_I_factor = 1)', () => {
    check(groundStateModel());
  });

  it("with upstream's own network (case_default.json with the cc weight factors undone)", () => {
    const { net, params } = referenceNetwork('case_default');
    const cp = params.connection_params;
    const area = net.structureVec.map((l) => l.split('-')[0]);
    const pop = net.structureVec.map((l) => l.split('-')[1]);
    // Upstream multiplies every cortico-cortical weight by cc_weights_factor, and those onto
    // inhibitory populations also by cc_weights_I_factor.
    const J = net.J.map((row, i) =>
      row.map((x, j) =>
        j < area.length && area[i] !== area[j]
          ? x / cp.cc_weights_factor / (pop[i].includes('I') ? cp.cc_weights_I_factor : 1)
          : x,
      ),
    );
    check({ arrays: { ...net, J }, params });
  });
});
