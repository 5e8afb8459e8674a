/** `mam sonata-export`: write a network and simulation as a SONATA circuit that BMTK PointNet runs on NEST. */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { exportSonataCircuit, type SonataExportResult } from '../../simulation/index.ts';
import { tempPathFor } from '../../core/index.ts';
import { addModelOptions, addSimOptions, modelFromOptions, simParamsFromOptions } from './command-options.ts';

export interface SonataExportCommandOptions {
  params?: string;
  sim?: string;
  out: string;
  scale?: number;
  areas?: string[];
  tSim?: number;
  name?: string;
  maxSize?: number;
  force?: boolean;
}

function gibibytes(v: string): number {
  const x = Number(v);
  if (!Number.isFinite(x) || x <= 0) throw new InvalidArgumentError(`--max-size: got '${v}'; expected a size in GiB > 0 (e.g. 2)`);
  return x;
}

/** Runs the export as the CLI does. */
export async function runSonataExport(opts: SonataExportCommandOptions): Promise<SonataExportResult> {
  const { model, baseDir } = modelFromOptions(opts);
  const sim = simParamsFromOptions(opts);
  return exportSonataCircuit(model, sim, opts.out, {
    baseDir,
    name: opts.name,
    overwrite: opts.force,
    maxBytes: opts.maxSize === undefined ? undefined : opts.maxSize * 2 ** 30,
  });
}

export function sonataExportCommand(): Command {
  const cmd = new Command('sonata-export')
    .description('Write the network and simulation as a SONATA circuit (nodes, explicit synapses, Poisson generators) for BMTK PointNet on NEST')
    .requiredOption('-o, --out <dir>', 'folder to create (must be new or empty unless --force)');
  return addSimOptions(addModelOptions(cmd))
    .option('--name <name>', 'node population name (default multiarea; inputs are <name>_input)')
    .option('--max-size <GiB>', 'refuse circuits whose files would exceed this size (default 2)', gibibytes)
    .option('--force', 'replace an existing non-empty --out folder')
    .addHelpText(
      'after',
      `
Examples:
  npx mam sonata-export --params net.yaml --sim sim.yaml --out sonata/full
  npx mam sonata-export --scale 0.01 --areas V1,V2 --t-sim 1000 --out sonata/v1v2

Run it with BMTK PointNet (NEST 3): cd <out> && python3 run_pointnet.py
Synapses are the ones our engine builds for the same parameters and seed. See docs/sonata.md.`,
    )
    .action(async (opts: SonataExportCommandOptions) => {
      // The export is written to <out>.tmp-<pid> and renamed at the end; Ctrl-C removes the partial folder.
      const partial = tempPathFor(resolve(opts.out));
      const onSigint = () => {
        rmSync(partial, { recursive: true, force: true });
        console.error('mam sonata-export: interrupted; nothing was written');
        process.exit(130);
      };
      process.once('SIGINT', onSigint);
      try {
        const r = await runSonataExport(opts);
        console.log(`SONATA circuit '${r.name}': ${r.nodes} neurons, ${r.edges} synapses; ${r.inputNodes} Poisson generators with ${r.inputEdges} edges; ${r.currentInputs} step-current inputs`);
        console.log(`Wrote ${r.files.length} files, ${(r.bytes / 2 ** 20).toFixed(1)} MiB, to ${r.dir} (validated against the SONATA layout)`);
        console.log(`Run with BMTK PointNet: cd ${r.dir} && python3 run_pointnet.py`);
      } finally {
        process.off('SIGINT', onSigint);
      }
    });
}
