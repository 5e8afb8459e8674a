import { describe, expect, it } from 'vitest';
import {
  facetBarSvg,
  heatmapStatusCells,
  heatmapSvg,
  histogramBins,
  histogramCounts,
  histogramEdges,
  histogramSvg,
  pathDiagramSvg,
  sampledHeatmapCells,
  sampledHeatmapSvg,
  scatterLineSvg,
  traceScale,
  tracesSvg,
} from '../../../figures/plot/index.ts';
import { xmlProblems } from '../xml.ts';

describe('histograms', () => {
  it('edges: linear and log-spaced, with exact ends', () => {
    expect(histogramEdges(0, 1, 4)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const log = histogramEdges(1e-3, 10, 4, true);
    expect(log[0]).toBeCloseTo(1e-3, 15);
    expect(log[4]).toBeCloseTo(10, 12);
    expect(log[2] / log[1]).toBeCloseTo(log[1] / log[0], 12);
    expect(() => histogramEdges(0, 1, 2, true)).toThrow(/positive minimum/);
    expect(() => histogramEdges(0, 1, 0)).toThrow(/whole number >= 1/);
  });

  it('counts: half-open bins, the last one closed, values outside and NaN not counted', () => {
    expect(histogramCounts([0, 0.25, 0.3, 0.99, 1, 1.01, -0.1, Number.NaN], [0, 0.25, 0.5, 1])).toEqual([1, 2, 2]);
    // Edges 1, 2, 3, 4: [1, 2) holds 1, [2, 3) holds 2, [3, 4] holds 3 and 4.
    const bins = histogramBins({ series: [{ name: 'a', values: [1, 2, 3, 4] }, { name: 'b', values: [4] }], bins: 3 });
    expect(bins.filter((b) => b.series === 'a').map((b) => b.count)).toEqual([1, 1, 2]);
    expect(bins.filter((b) => b.series === 'b').map((b) => b.count)).toEqual([0, 0, 1]);
    // Log axis: non-positive values are left out.
    const log = histogramBins({ series: [{ name: 'a', values: [0, -1, 1, 10, 100] }], bins: 2, xScale: 'log' });
    expect(log.reduce((s, b) => s + b.count, 0)).toBe(3);
  });

  it('renders bars and labelled markers', async () => {
    const svg = await histogramSvg({ series: [{ name: 'null', values: [1, 2, 2, 3] }], bins: 3, markers: [{ value: 2.5, label: 'model' }], xTitle: 'Q' });
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).toContain('>model<');
    expect(svg.match(/aria-roledescription="bar"/g)?.length ?? 0).toBeGreaterThan(0);
  });
});

describe('heatmap status cells', () => {
  const rows = ['a', 'b'];
  const columns = ['x', 'y'];
  it('marks values below the floor and missing cells; zero stays blank', () => {
    const values = [
      [1e-5, 0.5],
      [Number.NaN, 0],
    ];
    const cells = heatmapStatusCells({ rows, columns, values, floor: { value: 1e-3, label: 'low' }, missing: { label: 'none' } });
    expect(cells).toEqual([
      { row: 'a', column: 'x', status: 'low' },
      { row: 'b', column: 'x', status: 'none' },
    ]);
  });

  it('draws the floor and missing entries in the legend; categories replace the colour scale', async () => {
    const svg = await heatmapSvg({ rows, columns, values: [[1e-5, 0.5], [Number.NaN, 2]], floor: { value: 1e-3, label: '< 1e-3 spikes/s' }, missing: { label: 'no population' } });
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).toContain('&lt; 1e-3 spikes/s');
    expect(svg).toContain('>no population<');
    const binary = await heatmapSvg({ rows, columns, values: [[1, 0], [0, 1]], scale: 'linear', categories: [{ value: 1, label: 'reported', color: '#000000' }] });
    expect(binary).toContain('>reported<');
    expect(binary.match(/aria-roledescription="rect mark"/g)).toHaveLength(2);
  });
});

describe('scatter legends', () => {
  it('draws line series as strokes (dashed when dashed) and points as circles', async () => {
    const svg = await scatterLineSvg({
      series: [
        { name: 'data', kind: 'points', x: [1, 2], y: [1, 2] },
        { name: 'fit', kind: 'line', x: [1, 2], y: [1, 2] },
        { name: 'other fit', kind: 'line', dashed: true, x: [1, 2], y: [2, 1] },
      ],
    });
    expect(xmlProblems(svg)).toEqual([]);
    // The legend's symbols: one circle (an arc path) and two horizontal strokes (Vega's 'stroke' shape).
    const symbols = [...svg.matchAll(/role-legend-symbol[^>]*><path [^>]*d="([^"]*)"[^>]*stroke-dasharray="([^"]*)"/g)].map((m) => [m[1].startsWith('M-') && /L[\d.]+,0$/.test(m[1]) ? 'stroke' : 'circle', m[2]]);
    expect(symbols).toEqual([
      ['circle', '1,0'],
      ['stroke', '1,0'],
      ['stroke', '5,3'],
    ]);
  });

  it('leaves out points a log axis cannot show instead of failing', async () => {
    const svg = await scatterLineSvg({ series: [{ name: 'r', kind: 'points', x: [0, 1, 10], y: [1, 0, 10] }], xScale: 'log', yScale: 'log' });
    expect(svg.match(/aria-roledescription="point"/g)).toHaveLength(1);
  });
});

describe('raster, traces, faceted bars and path diagrams', () => {
  it('raster cells fill half-way to the neighbours', () => {
    const cells = sampledHeatmapCells({ x: [0, 1, 2], y: [0, -100], panels: [{ name: 'p', values: [[1, 2, 3], [4, 5, Number.NaN]] }] });
    expect(cells).toHaveLength(5);
    expect(cells[0]).toEqual({ panel: 'p', x: -0.5, x2: 0.5, y: 50, y2: -50, value: 1 });
    expect(cells[4]).toEqual({ panel: 'p', x: 0.5, x2: 1.5, y: -50, y2: -150, value: 5 });
    expect(() => sampledHeatmapCells({ x: [0, 1], y: [0, 1], panels: [{ name: 'p', values: [[1, 2]] }] })).toThrow(/got 1 rows; expected 2/);
  });

  it('trace scale is the power of 2 nearest the largest amplitude', () => {
    expect(traceScale([[0.3, -0.7], [0.1]])).toBe(0.5);
    expect(traceScale([[3]])).toBe(4);
    expect(traceScale([[0]])).toBe(1);
  });

  it('render well-formed SVG with their labels', async () => {
    const raster = await sampledHeatmapSvg({ x: [0, 1], y: [0, -100], panels: [{ name: 'from 4I', values: [[1, -1], [0.5, 0]] }], colorScale: 'symlog' });
    const traces = await tracesSvg({ t: [0, 1, 2], traces: [{ label: '-100 µm', values: [0, 1, 0] }], unit: 'mV', title: 'LFP' });
    const bars = await facetBarSvg({ panels: ['FB'], categories: ['L1', 'L2'], bars: [{ panel: 'FB', category: 'L1', value: 3 }], xTitle: 'Count' });
    const paths = await pathDiagramSvg({
      panels: ['FF'],
      nodes: [
        { id: 's', x: 0, y: 0, group: 'E', label: '2/3E' },
        { id: 't', x: 1, y: 0, group: 'E' },
      ],
      edges: [{ panel: 'FF', from: 's', to: 't', weight: 5 }],
      weightTitle: 'Area pairs',
      groups: { E: { shape: 'triangle-up', color: 'blue' } },
    });
    for (const svg of [raster, traces, bars, paths]) expect(xmlProblems(svg)).toEqual([]);
    expect(raster).toContain('>from 4I<');
    expect(traces).toContain('scale bar: one trace spacing = 2^-1 mV (0.500 mV)'); // mean removed: [-1/3, 2/3, -1/3]
    expect(bars).toContain('>FB<');
    expect(paths).toContain('>2/3E<');
    await expect(facetBarSvg({ panels: ['FB'], categories: ['L1'], bars: [{ panel: 'FF', category: 'L1', value: 1 }] })).rejects.toThrow(/panel "FF" is not one of FB/);
    await expect(
      pathDiagramSvg({ panels: ['A'], nodes: [], edges: [{ panel: 'A', from: 'x', to: 'y', weight: 1 }], weightTitle: 'w', groups: {} }),
    ).rejects.toThrow(/edge x -> y names an unknown node/);
  });
});
