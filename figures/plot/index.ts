// Plotting layer of figures/: small chart helpers that return SVG strings (Vega-Lite, rendered headless).
export { renderVegaLite, renumberSvgIds, writeSvg, writeSvgAndPng, svgToPng, FIGURE_CONFIG } from './render.ts';
export { heatmapSvg, heatmapCells, type HeatmapOptions, type HeatmapCell } from './heatmap.ts';
export { scatterLineSvg, type ScatterLineOptions, type Series } from './scatter.ts';
export { barChartSvg, type BarChartOptions, type Bar } from './bar.ts';
