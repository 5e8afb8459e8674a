/**
 * Options and messages shared by the commands that read the spikes of a run (`mam rates`, `mam
 * analyze`, `mam lfp`): which run (any layout simulation/ reads), --allow-incomplete, --layout, and
 * what each says about the data it used.
 */
import type { Command } from 'commander';
import { endReason, openSpikeSource, type SpikeSource, type SpikeWindow } from '../../simulation/index.ts';

export interface SourceOptions {
  allowIncomplete?: boolean;
  layout?: string;
}

export const RUN_HELP = 'run: a run folder of `mam simulate`, a NEST run folder (run_nest.py), an upstream multi-area-model run folder, or a SONATA spike file (.h5)';

/** Adds --allow-incomplete (and, with `layout`, --layout for SONATA files). */
export function addSourceOptions(cmd: Command, layout = true): Command {
  cmd.option('--allow-incomplete', 'use a run that did not finish (killed, crashed) up to its last complete step; the output says which time that is');
  if (layout) cmd.option('--layout <file>', "SONATA files: the population layout, a run folder's populations.json or an exported simulation_config.json (default: found beside the file)");
  return cmd;
}

export async function openRunSource(path: string, opts: SourceOptions): Promise<SpikeSource> {
  return openSpikeSource(path, { allowIncomplete: opts.allowIncomplete, layout: opts.layout });
}

/** "window [a, b) ms of <run> (<simulator>; <how it ended>)". */
export function windowLine(source: SpikeSource, window: SpikeWindow): string {
  const { info } = source;
  const valid = source.window;
  const whole = window.t_min_ms === valid.t_min_ms && window.t_max_ms === valid.t_max_ms;
  return (
    `window [${window.t_min_ms}, ${window.t_max_ms}) ms of ${info.path} (${info.simulator}; ` +
    `${whole ? '' : `valid [${valid.t_min_ms}, ${valid.t_max_ms}) ms, `}ends at ${endReason(source)})`
  );
}

/** Prints what the reader established (window end, checks) to stderr, one line each. */
export function printNotes(command: string, source: SpikeSource): void {
  for (const note of source.info.notes) console.error(`mam ${command}: note: ${note}`);
}
