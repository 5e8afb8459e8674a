/**
 * The subcommands of `mam`: name, one-line summary (the list in `mam --help`) and how to load the module that
 * defines them. Only the command being run is loaded, so `mam --help` and light commands start fast.
 */
import type { Command } from 'commander';

export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'export',
    summary: 'Build the model and export populations, N, K, synapse numbers, weights (W, W_sd, J) and delays',
    load: async () => (await import('./commands/export-command.ts')).exportCommand(),
  },
  {
    name: 'kernel',
    summary: 'Compute LFP/dipole/EEG kernels of a presynaptic population X onto a postsynaptic population Y',
    load: async () => (await import('./commands/kernel-command.ts')).kernelCommand(),
  },
  {
    name: 'kernels',
    summary: 'Precompute the LFP/dipole unit kernels of all intra-area population pairs (cached by parameter hash)',
    load: async () => (await import('./commands/kernels-command.ts')).kernelsCommand(),
  },
  {
    name: 'lfp',
    summary: 'Per-area laminar LFP, current dipole moment and EEG of a simulation run, by spike-signal kernels',
    load: async () => (await import('./commands/lfp-command.ts')).lfpCommand(),
  },
  {
    name: 'simulate',
    summary: 'Simulate the spiking multi-area network (iaf_psc_exp, NEST semantics) and record spikes',
    load: async () => (await import('./commands/simulate-command.ts')).simulateCommand(),
  },
  {
    name: 'rates',
    summary: 'Mean firing rate (spikes/s) per population of a simulation run, keyed "area-pop"',
    load: async () => (await import('./commands/rates-command.ts')).ratesCommand(),
  },
  {
    name: 'analyze',
    summary: 'Spike statistics of a simulation run: rates (spikes/s), CV of ISIs, LvR and synchrony per population and area',
    load: async () => (await import('./commands/analyze-command.ts')).analyzeCommand(),
  },
  {
    name: 'theory',
    summary: 'Mean-field theory: stationary rates (spikes/s) per population by pseudo-time integration',
    load: async () => (await import('./commands/theory-command.ts')).theoryCommand(),
  },
  {
    name: 'nest-export',
    summary: 'Write a NEST 3 run folder (network.json, sim.json, run_nest.py) for a network and simulation; optionally submit it to a cluster',
    load: async () => (await import('./commands/nest-export-command.ts')).nestExportCommand(),
  },
  {
    name: 'figures',
    summary: 'Regenerate the paper figures (SVG panels + data JSON); reruns only what changed',
    load: async () => (await import('./commands/figures-command.ts')).figuresCommand(),
  },
  {
    name: 'sonata-export',
    summary: 'Write the network and simulation as a SONATA circuit for BMTK PointNet on NEST',
    load: async () => (await import('./commands/sonata-export-command.ts')).sonataExportCommand(),
  },
  {
    name: 'convert',
    summary: 'Convert spike recordings between run folders, NEST .dat recordings and SONATA spike files',
    load: async () => (await import('./commands/convert-command.ts')).convertCommand(),
  },
  {
    name: 'electrodes',
    summary: 'Write the SONATA electrodes file (per-compartment weights) of a circuit, as BlueRecording does',
    load: async () => (await import('./commands/electrodes-command.ts')).electrodesCommand(),
  },
];

/**
 * The subcommand `argv` (process-style: node, script, args...) runs, or asks help for (`mam help NAME`);
 * undefined for `mam`, `mam --help` and unknown names.
 */
export function selectedCommand(argv: readonly string[]): CommandEntry | undefined {
  const operands = argv.slice(2).filter((a) => !a.startsWith('-'));
  const name = operands[0] === 'help' ? operands[1] : operands[0];
  return COMMANDS.find((c) => c.name === name);
}
