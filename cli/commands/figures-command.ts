/**
 * `mam figures`: regenerate the figures of Schmidt et al. 2018a/b as SVG panels plus data JSON, through
 * the hash-keyed rule runner (a rerun with unchanged inputs does nothing; a changed parameter reruns
 * only the figures that depend on it).
 */
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { PAPER_FIGURES, paperFigureRules, runPaperFigures, type PaperFiguresResult } from '../../figures/index.ts';
import { readParamsFile } from './command-options.ts';
import { UsageError } from '../cli-errors.ts';

export interface FiguresCommandOptions {
  out: string;
  only?: string;
  list?: boolean;
  params?: string;
  slnFitMethod?: 'aod' | 'mle';
  quiet?: boolean;
}

/** Lines of `mam figures --list`: every figure with the paper figure it corresponds to. */
export function figureListing(): string {
  const width = Math.max(...PAPER_FIGURES.map((f) => f.name.length));
  return PAPER_FIGURES.map((f) => `${f.name.padEnd(width)}  ${f.paperFigure}\n${' '.repeat(width + 2)}${f.description}`).join('\n');
}

/** Parses --only: comma-separated names of figures (or intermediate rules). */
export function parseOnly(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const names = value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  const known = new Set(paperFigureRules().map((rule) => rule.name));
  const unknown = names.filter((name) => !known.has(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new UsageError(
      `--only: got '${value}'; expected comma-separated figure names from: ${PAPER_FIGURES.map((f) => f.name).join(', ')}`,
    );
  }
  return names;
}

/** Summary printed after a run; says explicitly when nothing had to be done. */
export function summarizeRun(result: PaperFiguresResult, outDir: string, ms: number): string {
  const lines: string[] = [];
  if (result.ran.length === 0) {
    lines.push(`nothing to do: all ${result.upToDate.length} rules up to date (${ms} ms)`);
  } else {
    lines.push(`ran ${result.ran.length} rule(s): ${result.ran.join(', ')} (${ms} ms)`);
    if (result.upToDate.length > 0) lines.push(`up to date: ${result.upToDate.join(', ')}`);
  }
  lines.push(
    result.written.length === 0
      ? `${result.files.length} files in ${outDir} unchanged`
      : `wrote ${result.written.length} of ${result.files.length} files in ${outDir}`,
  );
  return lines.join('\n');
}

export function figuresCommand(): Command {
  return new Command('figures')
    .option('-o, --out <dir>', 'output folder (rule outputs are cached in <dir>/cache)', 'mam-figures')
    .option('--only <names>', 'comma-separated figure names (see --list); default: all')
    .option('--list', 'list the figures and the paper figures they correspond to, then exit')
    .option('-p, --params <file>', 'custom network parameters (.json/.yaml) for the model-based figures')
    .addOption(new Option('--sln-fit-method <method>', 'method of our SLN fit shown next to the published one').choices(['aod', 'mle']))
    .option('-q, --quiet', 'no progress lines, only the summary')
    .addHelpText(
      'after',
      `
Examples:
  npx mam figures --list
  npx mam figures --out figs
  npx mam figures --out figs --only sln-fit,fln-distance
  npx mam figures --out figs --params custom.yaml     # reruns only the model-based figures

Each figure writes <name>.json (the plotted numbers, its config and the paper figure) and one SVG per
panel, <name>[-<panel>].svg. A rerun with unchanged inputs does nothing. Data-file paths inside
--params resolve against the current directory.`,
    )
    .action(async (opts: FiguresCommandOptions) => {
      if (opts.list) {
        console.log(figureListing());
        return;
      }
      const only = parseOnly(opts.only);
      const model = opts.params ? (readParamsFile(opts.params) as Record<string, unknown>) : undefined;
      const outDir = resolve(opts.out);
      const t0 = performance.now();
      const result = await runPaperFigures({
        outDir,
        only,
        model,
        slnFitMethod: opts.slnFitMethod,
        renderer: opts.quiet ? 'silent' : process.stdout.isTTY ? 'default' : 'simple',
      });
      console.log(summarizeRun(result, outDir, Math.round(performance.now() - t0)));
    });
}
