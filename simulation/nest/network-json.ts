/**
 * network.json of a NEST run folder: the network description (simulation/network/) as written to disk.
 * The only change is that time series of replaced input are named relative to the run folder
 * (inputs/<file>), where the export copies them; their values stay in the .npy files.
 */
import { basename } from 'node:path';
import type { NetworkDescription } from '../network/network-types.ts';

export const NEST_NETWORK_FORMAT = 'multiarea-nest-network';
/** 2: model_population_count and population rows added; zero-rate Poisson inputs and inputs to empty populations left out. */
export const NEST_NETWORK_VERSION = 2;

export type NestNetworkSpec = { format: typeof NEST_NETWORK_FORMAT; version: typeof NEST_NETWORK_VERSION } & Omit<NetworkDescription, 'series'>;

/** A file the run folder must contain (copied there by the export). */
export interface NestInputFile {
  /** Absolute path of the original. */
  from: string;
  /** Path inside the run folder. */
  to: string;
}

/** network.json of a description, and the input files it names (to be copied into the run folder). */
export function nestNetworkJson(net: NetworkDescription): { spec: NestNetworkSpec; files: NestInputFile[] } {
  const { series: _values, ...content } = net;
  const files = new Map<string, NestInputFile>();
  const inputs = net.replaced_input.inputs.map((x) => {
    if (x.series_file === undefined) return x;
    let f = files.get(x.series_file);
    if (!f) {
      f = { from: x.series_file, to: `inputs/${basename(x.series_file)}` };
      const clash = [...files.values()].find((g) => g.to === f!.to);
      if (clash) throw new Error(`replaced input: time series ${clash.from} and ${f.from} would both be copied to ${f.to}; expected distinct file names`);
      files.set(x.series_file, f);
    }
    return { ...x, series_file: f.to };
  });
  const spec: NestNetworkSpec = {
    format: NEST_NETWORK_FORMAT,
    version: NEST_NETWORK_VERSION,
    ...content,
    replaced_input: { ...content.replaced_input, inputs },
  };
  return { spec, files: [...files.values()] };
}
