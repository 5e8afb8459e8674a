/** Model view: area- and population-level indegrees (log colour scale, hover values), the area graph, population sizes. */
import { splitPopulationLabel } from '../../multiarea/index.ts';
import type { ModelSummary } from './protocol.ts';
import { VegaChart } from './vega-plot.ts';

export class ModelView {
  private readonly areaMatrix: VegaChart;
  private readonly popMatrix: VegaChart;
  private readonly graph: VegaChart;
  private readonly sizes: VegaChart;

  constructor(private readonly root: HTMLElement) {
    root.innerHTML = `
      <p class="summary" id="model-summary"></p>
      <div class="grid2">
        <section><h3>Area-level indegrees K (synapses per neuron, target ← source)</h3><div id="area-matrix"></div></section>
        <section><h3>Area graph (edges: the strongest area-level indegrees, ≥ 2 % of the largest)</h3><div id="area-graph"></div></section>
        <section><h3>Population-level indegrees K (254 × 254)</h3><div id="pop-matrix"></div></section>
        <section><h3>Population sizes N (neurons)</h3><div id="pop-sizes"></div></section>
      </div>`;
    this.areaMatrix = new VegaChart(root.querySelector('#area-matrix')!);
    this.graph = new VegaChart(root.querySelector('#area-graph')!);
    this.popMatrix = new VegaChart(root.querySelector('#pop-matrix')!);
    this.sizes = new VegaChart(root.querySelector('#pop-sizes')!);
  }

  /** Settles when every chart of the last show() is drawn. */
  complete: Promise<unknown> = Promise.resolve();

  /** Draws the summary and the area matrix, then (without waiting) the other charts. */
  async show(m: ModelSummary): Promise<void> {
    this.root.querySelector('#model-summary')!.textContent =
      `model ${m.label}: ${m.areaList.length} areas, ${m.structureVec.length} populations, ${m.totalNeurons.toLocaleString('en', { maximumFractionDigits: 0 })} neurons, ` +
      `${Math.round(m.totalSynapses).toLocaleString('en')} synapses; built in ${m.buildMs.toFixed(0)} ms`;
    const areaCells = m.areaList.flatMap((t, i) => m.areaList.map((s, j) => ({ target: t, source: s, K: m.K_areas[i][j] }))).filter((c) => c.K > 0);
    const pops = m.structureVec;
    const popCells: { target: string; source: string; K: number }[] = [];
    const n = pops.length;
    m.K.forEach((K, k) => K > 0 && popCells.push({ target: pops[Math.floor(k / n)], source: pops[k % n], K }));
    const first = this.areaMatrix.show({
        width: 380, height: 380,
        data: { values: areaCells },
        mark: 'rect',
        encoding: {
          x: { field: 'source', type: 'nominal', sort: m.areaList, axis: { labelFontSize: 8 } },
          y: { field: 'target', type: 'nominal', sort: m.areaList, axis: { labelFontSize: 8 } },
          color: { field: 'K', type: 'quantitative', scale: { type: 'log', scheme: 'viridis' }, title: 'K' },
          tooltip: [{ field: 'target' }, { field: 'source' }, { field: 'K', format: '.4g' }],
        },
      });
    await first;
    this.complete = Promise.all([
      this.popMatrix.show({
        width: 380, height: 380,
        data: { values: popCells },
        mark: { type: 'rect', tooltip: true },
        encoding: {
          x: { field: 'source', type: 'nominal', sort: pops, axis: null },
          y: { field: 'target', type: 'nominal', sort: pops, axis: null },
          color: { field: 'K', type: 'quantitative', scale: { type: 'log', scheme: 'viridis' }, title: 'K' },
          tooltip: [{ field: 'target' }, { field: 'source' }, { field: 'K', format: '.4g' }],
        },
      }),
      this.graph.show(areaGraphSpec(m)),
      this.sizes.show({
        width: 380, height: 380,
        data: { values: pops.map((label, i) => ({ ...splitPopulationLabel(label), N: m.N[i] })) },
        mark: 'rect',
        encoding: {
          x: { field: 'pop', type: 'nominal', sort: ['23E', '23I', '4E', '4I', '5E', '5I', '6E', '6I'] },
          y: { field: 'area', type: 'nominal', sort: m.areaList, axis: { labelFontSize: 8 } },
          color: { field: 'N', type: 'quantitative', scale: { type: 'log', scheme: 'blues' } },
          tooltip: [{ field: 'area' }, { field: 'pop' }, { field: 'N', format: ',.0f' }],
        },
      }),
    ]);
  }
}

/** Areas on a circle, edges for strong area-level indegrees (width by K). */
function areaGraphSpec(m: ModelSummary) {
  const n = m.areaList.length;
  const pos = m.areaList.map((area, i) => ({ area, x: Math.cos((2 * Math.PI * i) / n - Math.PI / 2), y: Math.sin((2 * Math.PI * i) / n - Math.PI / 2) }));
  const edges: object[] = [];
  const maxK = Math.max(...m.K_areas.flatMap((row, i) => row.filter((_, j) => j !== i)));
  m.areaList.forEach((t, i) => m.areaList.forEach((s, j) => {
    const K = m.K_areas[i][j];
    if (i !== j && K >= 0.02 * maxK) edges.push({ target: t, source: s, K, x: pos[j].x, y: pos[j].y, x2: pos[i].x, y2: pos[i].y });
  }));
  const scale = { domain: [-1.15, 1.15] };
  return {
    width: 380, height: 380,
    layer: [
      {
        data: { values: edges },
        mark: { type: 'rule' as const, opacity: 0.35 },
        encoding: {
          x: { field: 'x', type: 'quantitative' as const, scale, axis: null }, y: { field: 'y', type: 'quantitative' as const, scale, axis: null },
          x2: { field: 'x2' }, y2: { field: 'y2' },
          strokeWidth: { field: 'K', type: 'quantitative' as const, scale: { range: [0.3, 3] }, legend: null },
          tooltip: [{ field: 'target' }, { field: 'source' }, { field: 'K', format: '.4g' }],
        },
      },
      {
        data: { values: pos },
        mark: { type: 'text' as const, fontSize: 10, fontWeight: 'bold' as const },
        encoding: { x: { field: 'x', type: 'quantitative' as const, scale }, y: { field: 'y', type: 'quantitative' as const, scale }, text: { field: 'area' } },
      },
    ],
  };
}
