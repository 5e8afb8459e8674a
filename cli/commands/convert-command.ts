/**
 * `mam convert`: spike recordings between our run folders, NEST run folders (run_nest.py's .dat files)
 * and SONATA spike files.
 */
import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  DEFAULT_POPULATION,
  detectRecording,
  recordingToSonata,
  sonataPopulationSpikes,
  SPIKE_SORTINGS,
  spikesToNestDat,
  spikesToRunFolder,
  type SpikeSorting,
} from '../../simulation/index.ts';

export interface ConvertCommandOptions {
  to: 'sonata' | 'nest' | 'run';
  out: string;
  population?: string;
  sorting?: SpikeSorting;
  vm?: string;
  nestLayout?: string;
  label?: string;
  layout?: string;
}

/** Converts as the CLI does; returns a one-line summary. */
export async function runConvert(input: string, opts: ConvertCommandOptions): Promise<string> {
  const src = resolve(input);
  const out = resolve(opts.out);
  const kind = detectRecording(src);
  if (opts.to === 'sonata') {
    if (kind === 'sonata') throw new Error(`${src} is already a SONATA spike file; use --to nest or --to run`);
    const r = await recordingToSonata(src, out, { population: opts.population ?? DEFAULT_POPULATION, sorting: opts.sorting, vmOut: opts.vm ? resolve(opts.vm) : undefined });
    return `Wrote ${r.spikes} spikes of the ${kind === 'run' ? 'run folder' : 'NEST run'} to ${out}${r.vm ? ` and its V_m to ${resolve(opts.vm!)}` : ''}`;
  }
  if (kind !== 'sonata') throw new Error(`--to ${opts.to}: the input must be a SONATA spike file (.h5); got a ${kind === 'run' ? 'run folder' : 'NEST run folder'}`);
  if (opts.vm) throw new Error('--vm: only with --to sonata');
  const spikes = await sonataPopulationSpikes(src, opts.population);
  if (opts.to === 'nest') {
    const file = spikesToNestDat(spikes, out, { label: opts.label, layout: opts.nestLayout ? resolve(opts.nestLayout) : undefined });
    return `Wrote ${spikes.nodeIds.length} spikes to ${file}${opts.nestLayout ? '' : ' (NEST ids = node ids + 1)'}`;
  }
  if (!opts.layout) throw new Error('--to run needs --layout: the simulation_config.json of `mam sonata-export` or a populations.json of a run folder');
  spikesToRunFolder(spikes, out, resolve(opts.layout));
  return `Wrote ${spikes.nodeIds.length} spikes as the run folder ${out} (read it with mam rates / mam analyze)`;
}

function sorting(v: string): SpikeSorting {
  if (!(SPIKE_SORTINGS as readonly string[]).includes(v)) throw new InvalidArgumentError(`--sorting: got '${v}'; expected one of ${SPIKE_SORTINGS.join(', ')}`);
  return v as SpikeSorting;
}

export function convertCommand(): Command {
  return new Command('convert')
    .description('Convert spike recordings: run folder or NEST run folder -> SONATA spike file; SONATA -> NEST .dat or run folder')
    .argument('<input>', 'a run folder, a NEST run folder (mam nest-export, after run_nest.py) or a SONATA spike file (.h5)')
    .addOption(new Option('--to <format>', 'output format').choices(['sonata', 'nest', 'run']).makeOptionMandatory())
    .requiredOption('-o, --out <path>', 'output: a .h5 file (sonata) or a folder (nest, run)')
    .option('--population <name>', `node population: name written (sonata, default ${DEFAULT_POPULATION}) or read (nest, run)`)
    .option('--sorting <order>', `spike order of a SONATA file: ${SPIKE_SORTINGS.join(', ')} (default by_time)`, sorting)
    .option('--vm <file>', 'with --to sonata: also write the V_m recordings as a SONATA report')
    .option('--nest-layout <file>', 'with --to nest: recordings/populations.json of a NEST run, to map node ids to its NEST ids')
    .option('--label <label>', 'with --to nest: file label (<label>-1-0.dat, default spikes)')
    .option('--layout <file>', 'with --to run: simulation_config.json of mam sonata-export, or a populations.json of a run folder')
    .addHelpText(
      'after',
      `
Examples:
  npx mam convert simulations/<label> --to sonata --out spikes.h5
  npx mam convert runs/nest-run --to sonata --out nest-spikes.h5 --vm nest-vm.h5
  npx mam convert spikes.h5 --to nest --out dat/ --nest-layout runs/nest-run/recordings/populations.json
  npx mam convert sonata/v1v2/output/spikes.h5 --to run --layout sonata/v1v2/simulation_config.json --out bmtk-run

Node ids are ours (the engine's neuron ids, the node ids of mam sonata-export). See docs/sonata.md.`,
    )
    .action(async (input: string, opts: ConvertCommandOptions) => {
      console.log(await runConvert(input, opts));
    });
}
