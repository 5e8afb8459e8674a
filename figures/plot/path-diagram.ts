import type { TopLevelSpec } from 'vega-lite';
import { renderVegaLite, titleSpec } from './render.ts';

/** A node of a path diagram (the same nodes are drawn in every panel). */
export interface PathNode {
  id: string;
  x: number;
  y: number;
  /** Node class, mapped to a shape and colour (e.g. 'excitatory'). */
  group: string;
  /** Text beside the node (default: none). */
  label?: string;
  /** Which side of the node the label goes. */
  labelSide?: 'left' | 'right';
}

/** A weighted connection drawn as a line from one node to another in one panel. */
export interface PathEdge {
  panel: string;
  from: string;
  to: string;
  weight: number;
}

export interface PathDiagramOptions {
  panels: readonly string[];
  nodes: readonly PathNode[];
  edges: readonly PathEdge[];
  title?: string;
  subtitle?: string | string[];
  /** Legend title of the line widths (with units, e.g. 'Area pairs'). */
  weightTitle: string;
  /** Shape and colour of each node group. */
  groups: Readonly<Record<string, { shape: string; color: string }>>;
  panelWidth?: number;
  panelHeight?: number;
  /** Largest line width (px). */
  maxStrokeWidth?: number;
}

/**
 * Panels of nodes joined by lines whose width encodes a weight (one scale for all panels, with a legend),
 * e.g. the laminar paths of Schmidt et al. 2018a, Fig. 8; as an SVG string.
 */
export async function pathDiagramSvg(options: PathDiagramOptions): Promise<string> {
  const byId = new Map(options.nodes.map((n) => [n.id, n]));
  const edges = options.edges
    .filter((e) => e.weight > 0)
    .map((e) => {
      const a = byId.get(e.from);
      const b = byId.get(e.to);
      if (!a || !b) throw new Error(`path diagram: edge ${e.from} -> ${e.to} names an unknown node; expected one of ${[...byId.keys()].join(', ')}`);
      if (!options.panels.includes(e.panel)) throw new Error(`path diagram: edge panel "${e.panel}" is not one of ${options.panels.join(', ')}`);
      return { kind: 'edge', panel: e.panel, from: e.from, to: e.to, weight: e.weight, x: a.x, y: a.y, x2: b.x, y2: b.y };
    });
  const nodes = options.panels.flatMap((panel) => options.nodes.map((n) => ({ kind: 'node', panel, ...n, label: n.label ?? '', labelSide: n.labelSide ?? 'left' })));
  const groups = Object.keys(options.groups);
  const xs = options.nodes.map((n) => n.x);
  const ys = options.nodes.map((n) => n.y);
  const pad = (lo: number, hi: number, f: number): [number, number] => [lo - (hi - lo) * f, hi + (hi - lo) * f];
  const x = { type: 'quantitative', scale: { domain: pad(Math.min(...xs), Math.max(...xs), 0.25), nice: false, zero: false }, axis: null };
  const y = { type: 'quantitative', scale: { domain: pad(Math.min(...ys), Math.max(...ys), 0.15), nice: false, zero: false }, axis: null };
  const maxWeight = Math.max(1, ...edges.map((e) => e.weight));
  const title = titleSpec(options.title, options.subtitle);
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(title ? { title } : {}),
    data: { values: [...edges, ...nodes] },
    facet: { column: { field: 'panel', type: 'nominal', sort: [...options.panels], header: { title: null, labelFontSize: 12, labelFontWeight: 'bold' } } },
    spec: {
      width: options.panelWidth ?? 200,
      height: options.panelHeight ?? 180,
      layer: [
        {
          transform: [{ filter: "datum.kind === 'edge'" }],
          mark: { type: 'rule', color: '#7f7f7f', strokeCap: 'round', opacity: 0.85 },
          encoding: {
            x: { field: 'x', ...x },
            y: { field: 'y', ...y },
            x2: { field: 'x2' },
            y2: { field: 'y2' },
            strokeWidth: {
              field: 'weight',
              type: 'quantitative',
              title: options.weightTitle,
              scale: { domain: [0, maxWeight], range: [0, options.maxStrokeWidth ?? 14] },
              legend: { values: legendValues(maxWeight), titleLimit: 300, symbolType: 'stroke', symbolStrokeColor: '#7f7f7f' },
            },
            tooltip: [{ field: 'from' }, { field: 'to' }, { field: 'weight', type: 'quantitative' }],
          },
        },
        {
          transform: [{ filter: "datum.kind === 'node'" }],
          mark: { type: 'point', filled: true, size: 220, stroke: 'black', strokeWidth: 0.5, opacity: 1 },
          encoding: {
            x: { field: 'x', ...x },
            y: { field: 'y', ...y },
            shape: { field: 'group', type: 'nominal', title: null, scale: { domain: groups, range: groups.map((g) => options.groups[g].shape) } },
            color: { field: 'group', type: 'nominal', title: null, scale: { domain: groups, range: groups.map((g) => options.groups[g].color) } },
          },
        },
        ...(['left', 'right'] as const).map((side) => ({
          transform: [{ filter: `datum.kind === 'node' && datum.labelSide === '${side}'` }],
          mark: { type: 'text', align: side === 'left' ? 'right' : 'left', dx: side === 'left' ? -12 : 12, fontSize: 11 },
          encoding: { x: { field: 'x', ...x }, y: { field: 'y', ...y }, text: { field: 'label' } },
        })),
      ],
    },
  } as TopLevelSpec;
  return renderVegaLite(spec);
}

/** Three round legend values up to `max` (a quarter, half and all of the largest round value). */
function legendValues(max: number): number[] {
  const step = 10 ** Math.floor(Math.log10(max));
  const top = Math.floor(max / step) * step;
  return [...new Set([top / 4, top / 2, top].map((v) => Math.max(1, Math.round(v))))];
}
