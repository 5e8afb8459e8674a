/**
 * The spike raster: a plain canvas, since a live run produces 10^5 spikes and more. One dot per spike,
 * neuron ids top to bottom in population order, area bands labelled; the window follows the simulation.
 */
import { isInhibitoryPopulation, splitPopulationLabel } from '../../multiarea/index.ts';
import type { NetworkPlan } from '../../simulation/engine/plan.ts';
import type { SpikeStore } from './live-simulation.ts';

const E_COLOR = '#1f5fa8';
const I_COLOR = '#c0392b';

export class RasterCanvas {
  private readonly ctx: CanvasRenderingContext2D;
  private drawn = 0;
  private windowStartMs = -1;

  constructor(
    readonly canvas: HTMLCanvasElement,
    private readonly plan: NetworkPlan,
    private readonly windowMs = 1000,
  ) {
    this.ctx = canvas.getContext('2d')!;
    this.inhibitory = new Uint8Array(plan.totalNeurons);
    for (const p of plan.populations) if (isInhibitoryPopulation(splitPopulationLabel(p.label).pop)) this.inhibitory.fill(1, p.first, p.first + p.size);
  }

  /** 1 for the neurons of inhibitory populations. */
  private readonly inhibitory: Uint8Array;

  private readonly margin = { left: 56, right: 8, top: 8, bottom: 22 };

  private frame(startMs: number): void {
    const { ctx, canvas, plan, margin } = this;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = '#333';
    ctx.font = '11px sans-serif';
    const h = canvas.height - margin.top - margin.bottom;
    const areas = new Map<string, { first: number; last: number }>();
    for (const p of plan.populations) {
      const a = areas.get(p.area) ?? { first: p.first, last: p.first + p.size };
      a.last = p.first + p.size;
      areas.set(p.area, a);
    }
    ctx.strokeStyle = '#ccc';
    for (const [area, { first, last }] of areas) {
      const y0 = margin.top + (first / plan.totalNeurons) * h;
      const y1 = margin.top + (last / plan.totalNeurons) * h;
      ctx.beginPath();
      ctx.moveTo(margin.left, y1);
      ctx.lineTo(canvas.width - margin.right, y1);
      ctx.stroke();
      if (y1 - y0 > 10) ctx.fillText(area, 4, (y0 + y1) / 2 + 4);
    }
    for (let k = 0; k <= 4; k++) {
      const t = startMs + (k * this.windowMs) / 4;
      const x = margin.left + (k / 4) * (canvas.width - margin.left - margin.right);
      ctx.fillText(`${t.toFixed(0)} ms`, Math.min(x, canvas.width - 50), canvas.height - 6);
    }
  }

  /** Draws the spikes that arrived since the last call; starts a new window when time passes its end. */
  update(spikes: SpikeStore, simulatedMs: number): void {
    const { plan, margin, canvas, ctx } = this;
    const startMs = Math.floor(Math.max(0, simulatedMs - 1e-9) / this.windowMs) * this.windowMs;
    if (startMs !== this.windowStartMs) {
      this.windowStartMs = startMs;
      this.frame(startMs);
      // Redraw whatever of the new window already arrived.
      this.drawn = 0;
    }
    const w = canvas.width - margin.left - margin.right;
    const h = canvas.height - margin.top - margin.bottom;
    const inhibitory = this.inhibitory;
    for (let k = this.drawn; k < spikes.count; k++) {
      const t = spikes.stamps[k] * plan.dt_ms;
      if (t < startMs || t >= startMs + this.windowMs) continue;
      const id = spikes.ids[k];
      ctx.fillStyle = inhibitory[id] ? I_COLOR : E_COLOR;
      ctx.fillRect(margin.left + ((t - startMs) / this.windowMs) * w, margin.top + (id / plan.totalNeurons) * h, 1.5, 1.5);
    }
    this.drawn = spikes.count;
  }
}
