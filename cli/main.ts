import { Command } from 'commander';
import { COMMANDS, selectedCommand } from './command-registry.ts';
import { reportError } from './cli-errors.ts';

/** Commander settings of `mam` and every subcommand: errors are thrown to {@link main}, printed as one line. */
function configure(cmd: Command, commandPath: string): Command {
  return cmd.exitOverride().configureOutput({
    outputError: (text, write) => write(`${commandPath}: ${text.replace(/^error: /, '')}`),
  });
}

/**
 * Runs `mam` with process-style arguments (node, script, args...). Returns the exit code (also set as
 * process.exitCode): 0 success, 1 runtime failure, 2 usage error (see cli-errors.ts); commands may set others
 * (e.g. `mam simulate`: 3 runaway activity, 130 interrupted).
 */
export async function main(argv: string[]): Promise<number> {
  const selected = selectedCommand(argv);
  const commandPath = selected ? `mam ${selected.name}` : 'mam';
  const program = configure(new Command(), 'mam')
    .name('mam')
    .description('multiarea: multi-area spiking network models of cortex and their mean-field theory')
    .addHelpText('after', '\nExit codes: 0 success, 1 failure, 2 usage error. MAM_DEBUG=1 prints stack traces of errors.');
  try {
    for (const entry of COMMANDS) {
      // Only the command being run is loaded; the others are listed by name and summary.
      const cmd = entry === selected ? await entry.load() : new Command(entry.name);
      if (!cmd.description()) cmd.description(entry.summary);
      program.addCommand(configure(cmd.summary(entry.summary), `mam ${entry.name}`));
    }
    await program.parseAsync(argv);
  } catch (err) {
    const code = reportError(err, commandPath);
    process.exitCode = code;
    return code;
  }
  return Number(process.exitCode ?? 0);
}
