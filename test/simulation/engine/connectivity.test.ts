/**
 * The generated network against the definition of NEST's fixed_total_number with normal weights and
 * delays: exact totals per pathway, per-source and per-target synapse counts against their binomial
 * distributions, weights and delays against the truncated (and, for delays, gridded) normal
 * distributions, and against an independent straightforward implementation (every synapse drawn on
 * its own, as NEST does). Explicit mode stores exactly what procedural mode redraws.
 */
import { describe, expect, it } from 'vitest';
import { logChoose, normalCdf, uniformGenerator } from '../../../core/index.ts';
import { Connectivity, SynapseScratch, type PathwayStream } from '../../../simulation/engine/connectivity.ts';
import { ExplicitTable } from '../../../simulation/engine/explicit-table.ts';
import { workerLayout } from '../../../simulation/engine/layout.ts';
import { STREAM_SYNAPSES, StreamRng } from '../../../simulation/engine/rng.ts';
import { Simulation } from '../../../simulation/index.ts';
import { toyNetwork } from '../toy-network.ts';
import { chi2Critical, chiSquare, ksCritical, ksCritical2, ksDistance, twoSampleKs } from './test-statistics.ts';

const N = [800, 200, 800, 200];
const SYNAPSES = [
  [64000, 16000, 8000, 0],
  [16000, 4000, 2000, 0],
  [8000, 0, 64000, 16000],
  [2000, 0, 16000, 4000],
];
const sim = new Simulation(toyNetwork({ N, synapses: SYNAPSES }), { t_sim: 0, dt: 0.1 }, { noOutput: true });
const plan = sim.plan;
const layout = workerLayout(plan, [[0, 1, 2, 3]], 0);

/** Input indices per neuron, and an input layout of that stride (excitatory input at 6 i + 3, inhibitory at 6 i + 4). */
const STRIDE = 6;
const INPUTS = { inputStride: STRIDE, inputIndex: (local: number, inhibitory: boolean) => STRIDE * local + (inhibitory ? 4 : 3) };

function built(): { connectivity: Connectivity; table: ExplicitTable } {
  const connectivity = new Connectivity(plan, layout, INPUTS);
  for (const _ of connectivity.drawCounts());
  const table = new ExplicitTable(connectivity, STRIDE * layout.size, 0);
  for (const _ of table.build());
  return { connectivity, table };
}
const { connectivity, table } = built();

/** All synapses of a pathway from the explicit table: source index, target (local), weight, delay steps. */
function synapsesOf(pw: PathwayStream) {
  const g = connectivity.groups.findIndex((gr) => gr.pathways.includes(pw));
  const group = connectivity.groups[g];
  const cols = group.pathways.length;
  const j = group.pathways.indexOf(pw);
  const sources: number[] = [];
  const targets: number[] = [];
  const weights: number[] = [];
  const delays: number[] = [];
  for (let i = 0; i < group.size; i++) {
    let at = table.rowStart[table.rowBase[g] + i];
    for (let jj = 0; jj < j; jj++) at += group.counts[i * cols + jj];
    for (let k = 0; k < group.counts[i * cols + j]; k++, at++) {
      const p = table.packedAt(at);
      const input = p & table.inputMask;
      sources.push(i);
      targets.push(Math.floor((input - pw.inputFirst) / STRIDE));
      weights.push(table.weightAt(at));
      delays.push(p >>> table.inputBits);
    }
  }
  return { sources, targets, weights: Float64Array.from(weights), delays: Int32Array.from(delays) };
}

/** The same pathway drawn synapse by synapse with an independent generator (uniform sources and targets, Box-Muller normals, redraws). */
function referencePathway(pw: PathwayStream, sourceSize: number, seed: number) {
  const u = uniformGenerator(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  const sources = new Int32Array(pw.pathway.count);
  const weights = new Float64Array(pw.pathway.count);
  const delays = new Int32Array(pw.pathway.count);
  for (let k = 0; k < pw.pathway.count; k++) {
    sources[k] = Math.floor(u() * sourceSize);
    let w = pw.pathway.weightMean_pA + pw.pathway.weightSd_pA * normal();
    while (w < pw.pathway.weightMin_pA || w > pw.pathway.weightMax_pA) w = pw.pathway.weightMean_pA + pw.pathway.weightSd_pA * normal();
    let d = pw.pathway.delayMean_ms + pw.pathway.delaySd_ms * normal();
    while (d < 0.1) d = pw.pathway.delayMean_ms + pw.pathway.delaySd_ms * normal();
    weights[k] = Math.fround(w);
    delays[k] = Math.round(d * 10);
  }
  const counts = new Int32Array(sourceSize);
  for (const s of sources) counts[s]++;
  return { counts, weights, delays };
}

const binomialPmf = (n: number, p: number) => (k: number) => Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
const pathways = connectivity.groups.flatMap((g) => g.pathways);

describe('generated connectivity (fixed_total_number, normal weights and delays)', () => {
  it('has exactly int(synapses) synapses per pathway, in the counts and in the explicit table', () => {
    expect(pathways.length).toBe(12);
    for (const g of connectivity.groups) {
      const cols = g.pathways.length;
      g.pathways.forEach((pw, j) => {
        let sum = 0;
        for (let i = 0; i < g.size; i++) sum += g.counts[i * cols + j];
        expect(sum).toBe(pw.pathway.count);
        expect(pw.pathway.count).toBe(SYNAPSES[plan.pathways[pw.index].target][plan.pathways[pw.index].source]);
      });
    }
    expect(table.count).toBe(SYNAPSES.flat().reduce((a, b) => a + b, 0));
    // 2 bytes per pathway and source neuron.
    expect(connectivity.countBytes).toBe(2 * pathways.reduce((s, pw) => s + plan.populations[plan.pathways[pw.index].source].size, 0));
  });

  it('synapses per source and per target follow Binomial(C, 1/N) (chi-square)', () => {
    for (const pw of pathways) {
      const pp = plan.pathways[pw.index];
      const nS = plan.populations[pp.source].size;
      const { sources, targets } = synapsesOf(pw);
      const perSource = new Int32Array(nS);
      for (const s of sources) perSource[s]++;
      const perTarget = new Int32Array(pw.targetSize);
      for (const t of targets) perTarget[t]++;
      for (const [counts, n] of [[perSource, nS], [perTarget, pw.targetSize]] as const) {
        const mean = pw.pathway.count / n;
        const sd = Math.sqrt(mean);
        const { chi2, dof } = chiSquare(counts, binomialPmf(pw.pathway.count, 1 / n), Math.max(0, Math.floor(mean - 8 * sd)), Math.ceil(mean + 8 * sd + 5));
        expect(chi2).toBeLessThan(chi2Critical(Math.max(dof, 1)));
      }
      expect(targets.every((t) => t >= 0 && t < pw.targetSize)).toBe(true);
    }
  });

  it('weights follow the normal distribution redrawn into their bounds, delays the gridded normal redrawn to >= dt (KS, chi-square)', () => {
    let inhibitory = 0;
    for (const pw of pathways) {
      const { weights, delays } = synapsesOf(pw);
      const { weightMean_pA: m, weightSd_pA: s, weightMin_pA: lo, weightMax_pA: hi } = pw.pathway;
      const a = normalCdf((lo - m) / s);
      const b = normalCdf((hi - m) / s);
      expect(ksDistance(weights, (x) => (normalCdf((x - m) / s) - a) / (b - a))).toBeLessThan(ksCritical(weights.length));
      expect(weights.every((w) => w >= lo && w <= hi)).toBe(true);
      if (hi <= 0) inhibitory++;
      const dm = pw.pathway.delayMean_ms;
      const ds = pw.pathway.delaySd_ms;
      const above = 1 - normalCdf((0.1 - dm) / ds);
      const pmf = (k: number) => {
        const from = Math.max(0.1, (k - 0.5) / 10);
        const to = (k + 0.5) / 10;
        return to <= from ? 0 : (normalCdf((to - dm) / ds) - normalCdf((from - dm) / ds)) / above;
      };
      const { chi2, dof } = chiSquare(delays, pmf, 1, Math.ceil((dm + 8 * ds) * 10));
      expect(chi2).toBeLessThan(chi2Critical(dof));
      expect(Math.min(...delays)).toBeGreaterThanOrEqual(1);
    }
    expect(inhibitory).toBe(4);
  });

  it('matches an independent synapse-by-synapse implementation (two-sample KS on per-source counts, weights, delays)', () => {
    for (const pw of pathways) {
      const pp = plan.pathways[pw.index];
      const nS = plan.populations[pp.source].size;
      const ours = synapsesOf(pw);
      const ref = referencePathway(pw, nS, 1000 + pw.index);
      const perSource = new Float64Array(nS);
      for (const s of ours.sources) perSource[s]++;
      expect(twoSampleKs(perSource, Float64Array.from(ref.counts))).toBeLessThan(ksCritical2(nS, nS));
      expect(twoSampleKs(ours.weights, ref.weights)).toBeLessThan(ksCritical2(pw.pathway.count, pw.pathway.count));
      expect(twoSampleKs(Float64Array.from(ours.delays), Float64Array.from(ref.delays))).toBeLessThan(ksCritical2(pw.pathway.count, pw.pathway.count));
    }
  });

  it('the explicit table holds exactly what procedural mode redraws for each source', () => {
    const rng = new StreamRng();
    const scratch = new SynapseScratch();
    let compared = 0;
    let differ = 0;
    connectivity.groups.forEach((g, gi) => {
      const cols = g.pathways.length;
      for (let i = 0; i < g.size; i++) {
        let at = table.rowStart[table.rowBase[gi] + i];
        for (let j = 0; j < cols; j++) {
          const c = g.counts[i * cols + j];
          scratch.ensure(c);
          connectivity.drawSynapses(rng, g.pathways[j], i, c, scratch);
          for (let k = 0; k < c; k++, at++) {
            compared++;
            if (table.packedAt(at) !== ((scratch.delays[k] << table.inputBits) | scratch.words[k]) >>> 0 || table.weightAt(at) !== scratch.weights[k]) differ++;
          }
        }
        if (at !== table.rowStart[table.rowBase[gi] + i + 1]) differ++;
      }
    });
    expect(compared).toBe(table.count);
    expect(differ).toBe(0);
  });

  it('draws with the samplers of StreamRng (uniform integers, ziggurat normals, redraws) that samplers.test.ts checks', () => {
    const rng = new StreamRng();
    const reference = new StreamRng();
    const scratch = new SynapseScratch();
    let compared = 0;
    for (const pw of pathways) {
      for (const source of [0, 1, 17, 99]) {
        scratch.ensure(500);
        connectivity.drawSynapses(rng, pw, source, 500, scratch);
        reference.seed(STREAM_SYNAPSES, plan.seed, pw.pathway.key, source);
        for (let k = 0; k < 500; k++, compared++) {
          const target = pw.inputFirst + STRIDE * reference.below(pw.targetSize, pw.targetReject);
          let w = pw.pathway.weightMean_pA + pw.pathway.weightSd_pA * reference.normal();
          while (w < pw.pathway.weightMin_pA || w > pw.pathway.weightMax_pA) w = pw.pathway.weightMean_pA + pw.pathway.weightSd_pA * reference.normal();
          let d = pw.pathway.delayMean_ms + pw.pathway.delaySd_ms * reference.normal();
          while (d < 0.1) d = pw.pathway.delayMean_ms + pw.pathway.delaySd_ms * reference.normal();
          expect([scratch.words[k], scratch.delays[k], scratch.weights[k]]).toEqual([w < 0 ? target + 1 : target, Math.round(d * 10), Math.fround(w)]);
        }
      }
    }
    expect(compared).toBe(24000);
  });

  it('the same seed gives the same network in every build; another seed another', () => {
    const again = built();
    expect(Buffer.from(again.table.synapses.buffer).equals(Buffer.from(table.synapses.buffer))).toBe(true);
    const other = new Simulation(toyNetwork({ N, synapses: SYNAPSES }), { t_sim: 0, rng_seed: 2 }, { noOutput: true });
    const c2 = new Connectivity(other.plan, workerLayout(other.plan, [[0, 1, 2, 3]], 0), INPUTS);
    for (const _ of c2.drawCounts());
    expect(c2.groups[0].counts).not.toEqual(connectivity.groups[0].counts);
  });
});
