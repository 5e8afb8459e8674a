/** `mam electrodes`: the SONATA electrodes file (per-compartment LFP weights) of a circuit with morphologies, for neurodamus. */
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { writeCircuitElectrodes } from '../../analysis/index.ts';
import { positiveNumber } from './command-options.ts';

export interface ElectrodesCommandOptions {
  circuit: string;
  electrodes: string;
  out: string;
  sigma: number;
  population?: string;
  nseg: number | 'lambda100' | 'lambda_f';
  ra?: number;
  cm?: number;
  leadField?: string[];
}

function nseg(v: string): number | 'lambda100' | 'lambda_f' {
  if (v === 'lambda100' || v === 'lambda_f') return v;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`--nseg: got '${v}'; expected a whole number >= 1, lambda100 or lambda_f`);
  return n;
}

const collect = (v: string, all: string[] = []) => [...all, v];

export async function runElectrodes(opts: ElectrodesCommandOptions) {
  return writeCircuitElectrodes(resolve(opts.circuit), resolve(opts.electrodes), resolve(opts.out), {
    sigma: opts.sigma,
    population: opts.population,
    nseg: opts.nseg,
    Ra: opts.ra,
    cm: opts.cm,
    leadFields: (opts.leadField ?? []).map((f) => resolve(f)),
  });
}

export function electrodesCommand(): Command {
  return new Command('electrodes')
    .description('Write the SONATA electrodes file (per-compartment weights, mV/nA) of a circuit with morphologies, as BlueRecording does for neurodamus')
    .requiredOption('--circuit <file>', 'SONATA circuit_config.json (nodes with morphology, x/y/z, orientation_* or rotation_angle_*)')
    .requiredOption('--electrodes <file>', 'BlueRecording electrode CSV: name,x,y,z,layer,region,type (PointSource, LineSource, Reciprocity, DipoleReciprocity)')
    .requiredOption('-o, --out <file>', 'electrodes file to write (.h5)')
    .option('--sigma <S/m>', 'extracellular conductivity of PointSource and LineSource contacts', positiveNumber('--sigma'), 0.277)
    .option('--population <name>', 'only this node population (default: all with morphologies)')
    .option('--nseg <n|lambda100|lambda_f>', 'compartments per section, as your simulator segments the cells (default 1)', nseg, 1)
    .option('--ra <ohm cm>', 'axial resistivity of the lambda rules (default 35.4)', positiveNumber('--ra'))
    .option('--cm <uF/cm2>', 'membrane capacitance of the lambda rules (default 1)', positiveNumber('--cm'))
    .option('--lead-field <file>', 'lead field (Sim4Life layout, as BlueRecording) of a Reciprocity/DipoleReciprocity contact; repeat, in CSV order', collect)
    .addHelpText(
      'after',
      `
Example:
  npx mam electrodes --circuit circuit/circuit_config.json --electrodes probe.csv --out electrodes.h5 --sigma 0.3

Compartments are ordered as SONATA numbers sections (soma, axon, basal, apical) and must match the
segmentation of your simulation (--nseg). Use the file as run.electrodes_file of neurodamus. See docs/sonata.md.`,
    )
    .action(async (opts: ElectrodesCommandOptions) => {
      const r = await runElectrodes(opts);
      for (const p of r.populations) console.log(`${p.name}: ${p.nodes} cells, ${p.compartments} compartments`);
      console.log(`Wrote the weights of ${r.contacts} contacts to ${resolve(opts.out)}`);
    });
}
