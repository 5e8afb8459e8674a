// Plotting layer of figures/: small chart helpers that return SVG strings (Vega-Lite, rendered headless).
export { renderVegaLite, renumberSvgIds, writeSvg, writeSvgAndPng, svgToPng, titleSpec, FIGURE_CONFIG, type ChartTitle } from './render.ts';
export { heatmapSvg, heatmapCells, heatmapStatusCells, type HeatmapOptions, type HeatmapCell, type CellStatus } from './heatmap.ts';
export { scatterLineSvg, type ScatterLineOptions, type Series } from './scatter.ts';
export { barChartSvg, type BarChartOptions, type Bar } from './bar.ts';
export { rasterSvg, rasterPath, type RasterOptions, type RasterGroup } from './raster.ts';
export { boxPlotSvg, type BoxPlotOptions, type BoxGroup } from './boxplot.ts';
export { histogramSvg, histogramBins, histogramCounts, histogramEdges, type HistogramOptions, type HistogramSeries, type HistogramBin } from './histogram.ts';
export { facetBarSvg, type FacetBarOptions, type FacetBar } from './facet-bar.ts';
export { pathDiagramSvg, type PathDiagramOptions, type PathNode, type PathEdge } from './path-diagram.ts';
export {
  sampledHeatmapSvg,
  sampledHeatmapCells,
  type SampledHeatmapOptions,
  type SampledHeatmapPanel,
  type SampledHeatmapCell,
} from './sampled-heatmap.ts';
export { tracesSvg, traceScale, type TracesOptions, type Trace } from './traces.ts';
