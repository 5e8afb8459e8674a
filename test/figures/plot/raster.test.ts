import { describe, expect, it } from 'vitest';
import { boxPlotSvg, rasterPath, rasterSvg } from '../../../figures/plot/index.ts';
import { xmlProblems } from '../xml.ts';

describe('raster plots', () => {
  it('draw one thin tick per spike inside the window, in one path per group', () => {
    const { path, spikes } = rasterPath({ name: 'E', color: 'blue', times_ms: [10, 15, 20, 30], rows: [0, 1, 3, 0] }, [10, 20], 4, 100, 40);
    expect(spikes).toBe(3); // 30 ms lies outside [10, 20]
    // x = (t - 10) / 10 * 100 px; rows 10 px high, ticks centred on them.
    expect(path).toBe('M0.0 0.0v10.0M50.0 10.0v10.0M100.0 30.0v10.0');
  });

  it('keep 10^5 spikes legible and compact: two paths, no element per spike', async () => {
    const n = 100_000;
    const times = Array.from({ length: n }, (_, i) => 1000 + ((i * 7919) % 500000) / 1000);
    const rows = Array.from({ length: n }, (_, i) => (i * 104729) % 2000);
    const svg = await rasterSvg({
      groups: [
        { name: 'E', color: '#4c72b0', times_ms: times.slice(0, 80_000), rows: rows.slice(0, 80_000) },
        { name: 'I', color: '#c44e52', times_ms: times.slice(80_000), rows: rows.slice(80_000) },
      ],
      rowCount: 2000,
      window_ms: [1000, 1500],
      rowTicks: [{ label: 'L2/3', row: 300 }],
      title: { text: 'V1', subtitle: 'run abc' },
      legend: [{ name: 'excitatory', color: '#4c72b0' }],
    });
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg.length).toBeLessThan(2.2e6);
    expect(svg.match(/<path[^>]*stroke="#4c72b0"/g)).toHaveLength(1);
    expect(svg.match(/<path[^>]*stroke="#c44e52"/g)).toHaveLength(1);
    expect(svg).toContain('>L2/3<');
    expect(svg).toContain('Time (ms)');
    await expect(rasterSvg({ groups: [{ name: 'E', color: 'b', times_ms: [1], rows: [] }], rowCount: 1, window_ms: [0, 1] })).rejects.toThrow(/1 times but 0 rows/);
    await expect(rasterSvg({ groups: [], rowCount: 1, window_ms: [5, 5] })).rejects.toThrow(/expected start < end/);
  });
});

describe('box plots', () => {
  it('draw one box per group in the given order, with the mean', async () => {
    const svg = await boxPlotSvg({ groups: [{ name: '2/3E', values: [1, 2, 3, 10] }, { name: '2/3I', values: [4, Number.NaN, 6], color: 'red' }], xTitle: 'Rate (spikes/s)' });
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg.indexOf('>2/3E<')).toBeLessThan(svg.indexOf('>2/3I<'));
    const means = svg.slice(svg.indexOf('layer_1_marks'));
    expect(means).toContain('aria-label="Rate (spikes/s): 4; group: 2/3E"'); // (1 + 2 + 3 + 10) / 4
    expect(means).toContain('aria-label="Rate (spikes/s): 5; group: 2/3I"'); // NaN skipped
    expect(svg).toContain('Median of Rate (spikes/s): 2.5; Q1 of Rate (spikes/s): 1.75');
  });
});
