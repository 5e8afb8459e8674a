import { existsSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Listr } from 'listr2';
import { ensureDir, removeStaleTemps, tempPathFor } from '../core/index.ts';
import { orderRules, ruleKeys, ruleWaves, type Rule } from './rules.ts';

export interface PipelineOptions {
  /** Directory under which every rule output lives as `<name>/<key>/`. */
  cacheDir: string;
  /** listr2 renderer: 'default' (interactive), 'simple' (plain lines) or 'silent'. */
  renderer?: 'default' | 'simple' | 'silent';
  /** Rules of one wave run concurrently up to this many at a time. */
  concurrency?: number;
  /** Enters every rule key: inputs shared by all rules that their configs do not name (data, code version). */
  salt?: unknown;
}

export interface PipelineResult {
  /** Rules that ran now, in the order they finished. */
  ran: string[];
  /** Rules whose output for the current key already existed. */
  upToDate: string[];
  /** Output directory of every requested rule and its dependencies. */
  outputs: Record<string, string>;
}

const MARKER = 'rule.json';

/**
 * Runs figure rules like a tiny Snakemake: outputs are directories keyed by content hashes, a rule runs
 * only when no output exists for its key, and an output appears only after its rule succeeded (the rule
 * writes into a temporary directory `<key>.tmp-<pid>` that is renamed into place), so an interrupted run
 * never leaves an output that looks complete. Temporary directories of killed runs (their process is gone)
 * are removed when a run starts; those of runs still going are left alone.
 */
export class Pipeline {
  private readonly rules: Rule<any>[];
  private readonly keys: Map<string, string>;

  constructor(rules: readonly Rule<any>[], private readonly options: PipelineOptions) {
    this.rules = orderRules(rules);
    this.keys = ruleKeys(this.rules, options.salt ?? null);
  }

  key(name: string): string {
    const key = this.keys.get(name);
    if (key === undefined) throw new Error(`figures: no rule named "${name}"`);
    return key;
  }

  outputDir(name: string): string {
    return join(this.options.cacheDir, name, this.key(name));
  }

  isUpToDate(name: string): boolean {
    return existsSync(join(this.outputDir(name), MARKER));
  }

  /** Runs what is needed to produce `targets` (default: all rules). */
  async run(targets?: string[]): Promise<PipelineResult> {
    const selected = this.withDependencies(targets ?? this.rules.map((rule) => rule.name));
    this.removeStaleTemps();
    const result: PipelineResult = { ran: [], upToDate: [], outputs: {} };
    for (const rule of selected) result.outputs[rule.name] = this.outputDir(rule.name);

    const waves = ruleWaves(selected).map((wave) =>
      wave.map((rule) => ({
        title: `${rule.name} [${this.key(rule.name)}]`,
        skip: () => {
          if (!this.isUpToDate(rule.name)) return false;
          result.upToDate.push(rule.name);
          return `${rule.name}: up to date`;
        },
        task: async () => {
          await this.runRule(rule);
          result.ran.push(rule.name);
        },
      })),
    );
    const tasks = new Listr(
      waves.map((wave, index) => ({
        title: `wave ${index + 1} of ${waves.length}`,
        task: (_ctx: unknown, task: any) =>
          task.newListr(wave, { concurrent: this.options.concurrency ?? 2, exitOnError: true }),
      })),
      { renderer: this.options.renderer ?? 'default', exitOnError: true, rendererOptions: {} as any },
    );
    await tasks.run();
    return result;
  }

  /** Removes the temporary output folders of killed runs (every rule's, not only the selected ones). */
  removeStaleTemps(): string[] {
    return this.rules.flatMap((rule) => removeStaleTemps(join(this.options.cacheDir, rule.name)));
  }

  private withDependencies(targets: string[]): Rule<any>[] {
    const byName = new Map(this.rules.map((rule) => [rule.name, rule]));
    const wanted = new Set<string>();
    const add = (name: string): void => {
      const rule = byName.get(name);
      if (!rule) throw new Error(`figures: unknown target "${name}"; rules are ${[...byName.keys()].join(', ')}`);
      if (wanted.has(name)) return;
      wanted.add(name);
      for (const need of rule.needs ?? []) add(need);
    };
    targets.forEach(add);
    return this.rules.filter((rule) => wanted.has(rule.name));
  }

  private async runRule(rule: Rule<any>): Promise<void> {
    const finalDir = this.outputDir(rule.name);
    const tempDir = tempPathFor(finalDir);
    await rm(tempDir, { recursive: true, force: true });
    ensureDir(tempDir);
    const inputs = Object.fromEntries((rule.needs ?? []).map((need) => [need, this.outputDir(need)]));
    try {
      await rule.run({ config: rule.config, key: this.key(rule.name), outDir: tempDir, inputs });
      const marker = { rule: rule.name, key: this.key(rule.name), version: rule.version ?? 0, config: rule.config, inputs };
      await writeFile(join(tempDir, MARKER), JSON.stringify(marker, null, 2));
      await rm(finalDir, { recursive: true, force: true });
      await rename(tempDir, finalDir);
    } catch (error) {
      await rm(tempDir, { recursive: true, force: true });
      throw error;
    }
  }
}
