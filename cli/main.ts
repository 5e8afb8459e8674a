import { Command } from 'commander';

export async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program
    .name('mam')
    .description('multiarea: multi-area spiking network models of cortex and their mean-field theory')
    .showHelpAfterError();
  await program.parseAsync(argv);
}
