import { describe, expect, it } from 'vitest';
import { synapticCoupling, synapticInput, synapticKernel, synapticOutput } from '../../../analysis/index.ts';
import { seededUniform } from '../helpers.ts';

const u = seededUniform(3);
const rate = Array.from({ length: 60 }, () => 20 * u());

describe('synaptic output (rate filtered by exp(-t / tau_syn), 20 ms kernel)', () => {
  it('causal: output(t) = sum_k exp(-k / tau) rate(t - k), zero before the start', () => {
    const out = synapticOutput(rate, 0.5);
    for (let i = 0; i < rate.length; i++) {
      let direct = 0;
      for (let k = 0; k < 20 && k <= i; k++) direct += Math.exp(-k / 0.5) * rate[i - k];
      expect(out[i]).toBeCloseTo(direct, 12);
    }
  });

  it("'upstream': numpy.convolve(kernel, rate, 'same'), i.e. output(t) = sum_k exp(-k / tau) rate(t + 9 - k)", () => {
    const out = synapticOutput(rate, 2, 1, 'upstream');
    for (let i = 0; i < rate.length; i++) {
      let direct = 0;
      for (let k = 0; k < 20; k++) {
        const j = i + 9 - k;
        if (j >= 0 && j < rate.length) direct += Math.exp(-k / 2) * rate[j];
      }
      expect(out[i]).toBeCloseTo(direct, 12);
    }
  });

  it('a constant rate gives rate x sum of the kernel (geometric series) away from the start', () => {
    const out = synapticOutput(new Array(100).fill(8), 0.5, 1);
    const sum = (1 - Math.exp(-20 / 0.5)) / (1 - Math.exp(-1 / 0.5));
    expect(out[50]).toBeCloseTo(8 * sum, 12);
    // Kernel length follows numpy.arange(0, 20, b): 40 samples at b = 0.5 ms.
    expect(synapticKernel(0.5, 0.5).weights).toHaveLength(40);
    expect(() => synapticKernel(0, 1)).toThrow(/tau_syn_ms = 0/);
  });
});

describe('synaptic input = sum over sources of K |W| x output', () => {
  it('sums the coupled outputs; coupling uses |W| (inhibitory weights count positively)', () => {
    const K = [
      [10, 5, 0],
      [2, 0, 3],
    ];
    const W = [
      [87.8, -351.2, 40],
      [87.8, -351.2, 20],
    ];
    const coupling = synapticCoupling(K, W, [0, 1], [0, 1, 2]);
    expect(coupling).toEqual([
      [878, 1756, 0],
      [175.6, 0, 60],
    ]);
    const outputs = [Float64Array.of(1, 2), Float64Array.of(3, 4), Float64Array.of(5, 6)];
    const input = synapticInput(outputs, coupling);
    expect(Array.from(input[0])).toEqual([878 * 1 + 1756 * 3, 878 * 2 + 1756 * 4]);
    expect(input[1][1]).toBeCloseTo(175.6 * 2 + 60 * 6, 12);
    expect(() => synapticInput([Float64Array.of(1), Float64Array.of(1, 2)], [[1, 1]])).toThrow(/outputs\[1\] has 2 samples/);
    expect(() => synapticInput(outputs, [[1, 1]])).toThrow(/2 entries for 3 sources/);
  });
});
