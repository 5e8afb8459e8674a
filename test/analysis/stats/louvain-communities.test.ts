import { describe, expect, it } from 'vitest';
import { louvainCommunities } from '../../../analysis/index.ts';

const labels = ['V1', 'V2', 'V4', '46', 'FEF', '7a'];
// Two blocks of three: 0.9 inside, 0.05 between, diagonal 1 (left out).
const blocks = labels.map((_, i) => labels.map((_, j) => (i === j ? 1 : Math.floor(i / 3) === Math.floor(j / 3) ? 0.9 : 0.05)));

describe('Louvain communities (graphology-communities-louvain, seeded)', () => {
  it('finds the two blocks, with the closed-form modularity', () => {
    const c = louvainCommunities({ labels, values: blocks }, { seed: 3 });
    expect(c.community).toEqual([0, 0, 0, 1, 1, 1]);
    expect(c.count).toBe(2);
    // m = 2 blocks x 3 x 0.9 + 9 x 0.05 = 5.85; each block: inside 2.7, degree sum 5.85.
    const m = 5.85;
    expect(c.modularity).toBeCloseTo(2 * (2.7 / m - (5.85 / (2 * m)) ** 2), 12);
  });

  it('is deterministic for a seed and independent of the label names (no integer-key reordering)', () => {
    const noisy = blocks.map((row, i) => row.map((v, j) => v + 0.01 * Math.sin(3 * i + 7 * j)));
    const sym = noisy.map((row, i) => row.map((v, j) => (v + noisy[j][i]) / 2));
    const a = louvainCommunities({ labels, values: sym }, { seed: 11 });
    const b = louvainCommunities({ labels, values: sym }, { seed: 11 });
    expect(b).toEqual(a);
    expect(a.labels).toEqual(labels);
    expect(a.community).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it('directed matrices (structural connectivity) and bad input', () => {
    const d = louvainCommunities({ labels, values: blocks }, { seed: 1, directed: true });
    expect(d.community).toEqual([0, 0, 0, 1, 1, 1]);
    const apart = louvainCommunities({ labels: ['A', 'B'], values: [[1, -0.2], [-0.2, 1]] });
    expect(apart.community).toEqual([0, 1]);
    expect(apart.modularity).toBeNaN();
    expect(() => louvainCommunities({ labels: ['A', 'B'], values: [[1, NaN], [NaN, 1]] })).toThrow(/is NaN/);
    expect(() => louvainCommunities({ labels: ['A', 'B'], values: [[1]] })).toThrow(/not 2 x 2/);
  });
});
