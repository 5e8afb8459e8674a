/** `mam rates`: mean rate per population of a run over [t_min, t_max) (default: the run's valid window). */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { writeFileAtomic } from '../../core/index.ts';
import { populationRates, windowWithin } from '../../simulation/index.ts';
import { nonNegativeMs } from './command-options.ts';
import { addSourceOptions, openRunSource, printNotes, RUN_HELP, type SourceOptions, windowLine } from './source-options.ts';

interface RatesOptions extends SourceOptions {
  run: string;
  tMin?: number;
  tMax?: number;
  out?: string;
}

export function ratesCommand(): Command {
  const cmd = new Command('rates')
    .requiredOption('-r, --run <path>', RUN_HELP)
    .option('--t-min <ms>', 'start of the window (ms; default: start of the valid data)', nonNegativeMs('--t-min'))
    .option('--t-max <ms>', 'end of the window (ms; default: end of the valid data)', nonNegativeMs('--t-max'))
    .option('-o, --out <file>', 'write the rates as JSON to this file (default: print them)');
  return addSourceOptions(cmd)
    .addHelpText(
      'after',
      '\nThe window used, and how the run ended, go to stderr. A run that did not finish is refused unless --allow-incomplete.\n\nExample:\n  npx mam rates --run simulations/<label> --t-min 200 --t-max 1000 --out rates.json',
    )
    .action((opts: RatesOptions) => writeRates(opts));
}

async function writeRates(opts: RatesOptions): Promise<void> {
  const source = await openRunSource(resolve(opts.run), opts);
  const window = windowWithin(source, { t_min_ms: opts.tMin, t_max_ms: opts.tMax }, source.window, 'rates window');
  const rates = populationRates(source, window.t_min_ms, window.t_max_ms);
  printNotes('rates', source);
  console.error(`mam rates: ${windowLine(source, window)}`);
  const text = JSON.stringify(rates, null, 1);
  if (opts.out) {
    writeFileAtomic(resolve(opts.out), text + '\n');
    console.log(`Wrote ${Object.keys(rates).length} population rates to ${resolve(opts.out)}`);
  } else console.log(text);
}
