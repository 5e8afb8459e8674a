// Plotting layer of figures/: small chart helpers that return SVG strings (Vega-Lite, rendered headless).
export { renderVegaLite, renumberSvgIds, writeSvg, writeSvgAndPng, svgToPng, FIGURE_CONFIG, type ChartTitle } from './render.ts';
export { heatmapSvg, heatmapCells, type HeatmapOptions, type HeatmapCell } from './heatmap.ts';
export { scatterLineSvg, type ScatterLineOptions, type Series } from './scatter.ts';
export { barChartSvg, type BarChartOptions, type Bar } from './bar.ts';
export { rasterSvg, rasterPath, type RasterOptions, type RasterGroup } from './raster.ts';
export { boxPlotSvg, type BoxPlotOptions, type BoxGroup } from './boxplot.ts';
