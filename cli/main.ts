import { Command } from 'commander';
import { exportCommand } from './commands/export.ts';
import { kernelCommand } from './commands/kernel.ts';
import { kernelsCommand } from './commands/kernels.ts';
import { lfpCommand } from './commands/lfp.ts';
import { simulateCommand } from './commands/simulate.ts';
import { ratesCommand } from './commands/rates.ts';
import { analyzeCommand } from './commands/analyze.ts';
import { theoryCommand } from './commands/theory.ts';
import { nestExportCommand } from './commands/nestExport.ts';
import { figuresCommand } from './commands/figures.ts';

export async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program
    .name('mam')
    .description('multiarea: multi-area spiking network models of cortex and their mean-field theory')
    .showHelpAfterError();
  program.addCommand(exportCommand());
  program.addCommand(kernelCommand());
  program.addCommand(kernelsCommand());
  program.addCommand(lfpCommand());
  program.addCommand(simulateCommand());
  program.addCommand(ratesCommand());
  program.addCommand(analyzeCommand());
  program.addCommand(theoryCommand());
  program.addCommand(nestExportCommand());
  program.addCommand(figuresCommand());
  await program.parseAsync(argv);
}
