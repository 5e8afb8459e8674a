/** `mam rates`: mean rate per population of a run over [t_min, t_max). */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { writeFileAtomic } from '../../core/index.ts';
import { populationRates } from '../../simulation/index.ts';
import { nonNegativeMs } from './command-options.ts';

export function ratesCommand(): Command {
  return new Command('rates')
    .requiredOption('-r, --run <dir>', 'run folder (<data_path>/<label>)')
    .requiredOption('--t-min <ms>', 'start of the window (ms)', nonNegativeMs('--t-min'))
    .requiredOption('--t-max <ms>', 'end of the window (ms)', nonNegativeMs('--t-max'))
    .option('-o, --out <file>', 'write the rates as JSON to this file (default: print them)')
    .addHelpText('after', '\nExample:\n  npx mam rates --run simulations/<label> --t-min 200 --t-max 1000 --out rates.json')
    .action((opts: { run: string; tMin: number; tMax: number; out?: string }) => writeRates(opts));
}

function writeRates(opts: { run: string; tMin: number; tMax: number; out?: string }): void {
  const rates = populationRates(resolve(opts.run), opts.tMin, opts.tMax);
  const text = JSON.stringify(rates, null, 1);
  if (opts.out) {
    writeFileAtomic(resolve(opts.out), text + '\n');
    console.log(`Wrote ${Object.keys(rates).length} population rates to ${resolve(opts.out)}`);
  } else console.log(text);
}
