/** Vega-Lite charts in the page (canvas renderer), with a tooltip that shows the hovered values. */
import { changeset, parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

let tooltip: HTMLDivElement | null = null;

function tooltipHandler(_handler: unknown, event: MouseEvent, _item: unknown, value: unknown): void {
  tooltip ??= Object.assign(document.body.appendChild(document.createElement('div')), { className: 'tooltip' });
  if (value === null || value === undefined || value === '') {
    tooltip.style.display = 'none';
    return;
  }
  const entries = typeof value === 'object' ? Object.entries(value as Record<string, unknown>) : [['', value]];
  tooltip.textContent = '';
  for (const [k, v] of entries) {
    const line = tooltip.appendChild(document.createElement('div'));
    line.textContent = k ? `${k}: ${typeof v === 'number' ? formatNumber(v) : String(v)}` : String(v);
  }
  tooltip.style.display = 'block';
  tooltip.style.left = `${event.pageX + 12}px`;
  tooltip.style.top = `${event.pageY + 12}px`;
}

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e4 || a < 1e-2 ? v.toExponential(3) : v.toPrecision(4).replace(/\.?0+$/, '');
}

/** A chart in `container`, replaced on every call with the same container. */
export class VegaChart {
  private view: View | null = null;

  constructor(private readonly container: HTMLElement) {}

  /** A new chart; `initial` fills a named dataset of the spec before the first layout. */
  async show(spec: TopLevelSpec, initial?: { name: string; values: object[] }): Promise<void> {
    this.specKey = '';
    const vg = compile(spec).spec;
    this.view?.finalize();
    this.container.textContent = '';
    this.view = new View(parse(vg), { renderer: 'canvas', container: this.container, hover: true });
    this.view.tooltip(tooltipHandler as never);
    if (initial) this.view.data(initial.name, initial.values);
    await this.view.runAsync();
  }

  private specKey = '';

  /**
   * A chart whose data is the named dataset `name` of `spec`: the first call (or a changed spec) builds
   * the view, later calls only replace the values, which is much faster than compiling again.
   */
  async showData(name: string, values: object[], spec: TopLevelSpec): Promise<void> {
    const key = JSON.stringify(spec);
    if (this.view === null || key !== this.specKey) {
      await this.show(spec, { name, values });
      this.specKey = key;
      return;
    }
    this.view.change(name, changeset().remove(() => true).insert(values));
    // New values can change the axis labels: lay the chart out again.
    await this.view.resize().runAsync();
  }
}
