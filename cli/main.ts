import { Command } from 'commander';
import { exportCommand } from './commands/export-command.ts';
import { kernelCommand } from './commands/kernel-command.ts';
import { kernelsCommand } from './commands/kernels-command.ts';
import { lfpCommand } from './commands/lfp-command.ts';
import { simulateCommand } from './commands/simulate-command.ts';
import { ratesCommand } from './commands/rates-command.ts';
import { analyzeCommand } from './commands/analyze-command.ts';
import { theoryCommand } from './commands/theory-command.ts';
import { nestExportCommand } from './commands/nest-export-command.ts';
import { figuresCommand } from './commands/figures-command.ts';
import { sonataExportCommand } from './commands/sonata-export-command.ts';
import { convertCommand } from './commands/convert-command.ts';
import { electrodesCommand } from './commands/electrodes-command.ts';

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
  program.addCommand(sonataExportCommand());
  program.addCommand(convertCommand());
  program.addCommand(electrodesCommand());
  await program.parseAsync(argv);
}
