import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Listr } from 'listr2';
import { removeStaleTemps, writeFolderAtomic } from '../core/index.ts';
import { planRules, RULE_MARKER, type PlannedRule, type RuleMarker } from './rule-plan.ts';
import { orderRules, ruleKeyParts, ruleKeys, ruleWaves, type Rule } from './rules.ts';

export interface PipelineOptions {
  /** Directory under which every rule output lives as `<name>/<key>/`. */
  cacheDir: string;
  /** listr2 renderer: 'default' (interactive), 'simple' (plain lines) or 'silent'. */
  renderer?: 'default' | 'simple' | 'silent';
  /** Rules of one wave run concurrently up to this many at a time (exclusive rules always alone). */
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

/** Rules share the machine: any number of ordinary rules at once, or one exclusive rule alone. */
class SharedOrExclusive {
  private running = 0;
  private exclusive = false;
  private readonly waiting: (() => void)[] = [];

  async acquire(exclusive: boolean): Promise<() => void> {
    while (exclusive ? this.running > 0 || this.exclusive : this.exclusive) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    if (exclusive) this.exclusive = true;
    else this.running++;
    return () => {
      if (exclusive) this.exclusive = false;
      else this.running--;
      this.waiting.splice(0).forEach((wake) => wake());
    };
  }
}

/**
 * Runs figure rules like a tiny Snakemake: outputs are directories keyed by content hashes, a rule runs
 * only when no usable output exists for its key, and an output appears only after its rule succeeded
 * (the rule writes into a temporary directory that is renamed into place), so an interrupted run never
 * leaves an output that looks complete. Temporary folders of killed runs (their process is gone) are
 * removed when a run starts; those of runs still going are left alone. Ctrl-C aborts the running rules (they see `ctx.signal`), removes
 * their temporary folders and rejects with an "interrupted" error; a second Ctrl-C exits at once.
 */
export class Pipeline {
  private readonly rules: Rule<any>[];
  private readonly keys: Map<string, string>;
  private readonly gate = new SharedOrExclusive();

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

  /** An output exists for the current key and its rule still accepts it. */
  isUpToDate(name: string): boolean {
    const dir = this.outputDir(name);
    if (!existsSync(join(dir, RULE_MARKER))) return false;
    const rule = this.rules.find((r) => r.name === name)!;
    return (rule.checkOutput?.(dir) ?? null) === null;
  }

  /** What `run(targets)` would do, rule by rule in dependency order, with the reason (nothing is run). */
  plan(targets?: string[]): PlannedRule[] {
    return planRules(
      this.withDependencies(targets ?? this.rules.map((rule) => rule.name)),
      (name) => this.key(name),
      (name) => this.outputDir(name),
      (rule) => ruleKeyParts(rule, this.keys, this.options.salt ?? null),
      (name) => join(this.options.cacheDir, name),
    );
  }

  /** Runs what is needed to produce `targets` (default: all rules). */
  async run(targets?: string[]): Promise<PipelineResult> {
    const selected = this.withDependencies(targets ?? this.rules.map((rule) => rule.name));
    this.removeStaleTemps();
    const result: PipelineResult = { ran: [], upToDate: [], outputs: {} };
    for (const rule of selected) result.outputs[rule.name] = this.outputDir(rule.name);
    const abort = new AbortController();
    let interrupts = 0;
    const onSigint = (): void => {
      interrupts++;
      if (interrupts > 1) process.exit(130);
      abort.abort(new Error('interrupted (Ctrl-C)'));
    };
    process.on('SIGINT', onSigint);

    const waves = ruleWaves(selected).map((wave) =>
      wave.map((rule) => ({
        title: `${rule.name} [${this.key(rule.name)}]`,
        skip: () => {
          if (!this.isUpToDate(rule.name)) return false;
          result.upToDate.push(rule.name);
          return `${rule.name}: up to date`;
        },
        task: async (_ctx: unknown, task: { output: string | undefined }) => {
          const release = await this.gate.acquire(rule.exclusive ?? false);
          try {
            abort.signal.throwIfAborted();
            await this.runRule(rule, (line) => (task.output = line), abort.signal);
          } finally {
            release();
          }
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
      {
        renderer: this.options.renderer ?? 'default',
        exitOnError: true,
        // Ctrl-C is ours: listr2's own handler would exit before the rules could clean up.
        registerSignalListeners: false,
        rendererOptions: { collapseSubtasks: false } as any,
      },
    );
    try {
      await tasks.run();
    } catch (err) {
      if (abort.signal.aborted) throw new Error(`figures: interrupted (Ctrl-C); rules finished before: ${result.ran.join(', ') || 'none'}`);
      throw err;
    } finally {
      process.off('SIGINT', onSigint);
    }
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

  private async runRule(rule: Rule<any>, report: (line: string) => void, signal: AbortSignal): Promise<void> {
    const finalDir = this.outputDir(rule.name);
    const inputs = Object.fromEntries((rule.needs ?? []).map((need) => [need, this.outputDir(need)]));
    await writeFolderAtomic(finalDir, async (outDir) => {
      await rule.run({ config: rule.config, key: this.key(rule.name), outDir, inputs, report, signal });
      const marker: RuleMarker = { key: this.key(rule.name), ...ruleKeyParts(rule, this.keys, this.options.salt ?? null) };
      await writeFile(join(outDir, RULE_MARKER), JSON.stringify(marker, null, 2));
    });
  }
}
