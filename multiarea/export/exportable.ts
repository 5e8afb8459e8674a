/**
 * What the exporters need from a model, and the delay matrices derived from it.
 */
import type { NetworkArrays } from '../network-arrays.ts';
import type { DelayParams, NetworkParams } from '../params/defaults.ts';

/** Mean and standard deviation of the transmission delays (ms), populations x populations. */
export interface DelayMatrices {
  mean: number[][];
  sd: number[][];
}

/** A built model as the exporters see it (MultiAreaModel provides all of it). */
export interface ExportableModel {
  label: string;
  params: NetworkParams;
  arrays: NetworkArrays;
  /** Custom parameters as the user gave them (recorded in the export; default null). */
  customParams?: unknown;
  /** Delay matrices; computed from params and distances when absent. */
  delays?: DelayMatrices;
}

/**
 * Delays of every connection as the simulation draws them: within an area the mean is delay_e for
 * excitatory and delay_i for inhibitory sources; between areas it is distance / interarea_speed;
 * the standard deviation is delay_rel times the mean (before clipping at the time step).
 * The population type is the last character of its name ('E' or 'I').
 */
export function delayMatrices(arrays: NetworkArrays, delay: DelayParams): DelayMatrices {
  const labels = arrays.structureVec;
  const split = labels.map((label) => {
    const cut = label.lastIndexOf('-');
    if (cut <= 0) throw new Error(`structureVec: got ${JSON.stringify(label)}; expected "area-population"`);
    return { area: label.slice(0, cut), pop: label.slice(cut + 1) };
  });
  const n = labels.length;
  const mean: number[][] = [];
  const sd: number[][] = [];
  for (let i = 0; i < n; i++) {
    const target = split[i];
    const meanRow = new Array<number>(n);
    const sdRow = new Array<number>(n);
    for (let j = 0; j < n; j++) {
      const source = split[j];
      let m: number;
      if (source.area === target.area) {
        m = source.pop.endsWith('E') ? delay.delay_e : delay.delay_i;
      } else {
        const d = arrays.distances[target.area]?.[source.area];
        if (typeof d !== 'number') {
          throw new Error(`distances: no distance from ${source.area} to ${target.area}; expected a number in mm`);
        }
        m = d / delay.interarea_speed;
      }
      meanRow[j] = m;
      sdRow[j] = m * delay.delay_rel;
    }
    mean.push(meanRow);
    sd.push(sdRow);
  }
  return { mean, sd };
}

/** The model's delays, computing them when the model does not carry them. */
export function delaysOf(model: ExportableModel): DelayMatrices {
  return model.delays ?? delayMatrices(model.arrays, model.params.delay_params);
}

/** The shape of MultiAreaModel as far as exporting is concerned. */
export interface ModelLike {
  label: string;
  params: NetworkParams;
  customParams?: unknown;
  arrays: NetworkArrays | (() => NetworkArrays);
  delayMean?: number[][];
  delaySd?: number[][];
}

/** Adapts a MultiAreaModel (arrays() method, delayMean/delaySd fields) to the exporters' view. */
export function toExportable(model: ModelLike): ExportableModel {
  const arrays = typeof model.arrays === 'function' ? model.arrays() : model.arrays;
  const delays = model.delayMean && model.delaySd ? { mean: model.delayMean, sd: model.delaySd } : undefined;
  return { label: model.label, params: model.params, customParams: model.customParams, arrays, delays };
}
