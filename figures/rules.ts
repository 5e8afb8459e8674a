import objectHash from 'object-hash';

/** What a rule's `run` receives: its config, a fresh directory to write into, and its inputs' outputs. */
export interface RuleContext<Config> {
  config: Config;
  /** Content key of this rule's output (hash of its name, version, config and its inputs' keys). */
  key: string;
  /** Empty directory for this rule's files; renamed into place only when `run` resolves. */
  outDir: string;
  /** Output directories of the rules named in `needs`, by rule name. */
  inputs: Record<string, string>;
  /** Shows a progress line under the rule's title (long steps: simulations, Granger causality). */
  report: (line: string) => void;
  /** Aborted on Ctrl-C: long rules stop early and throw, so nothing half-done is kept. */
  signal: AbortSignal;
}

/**
 * One step of a figure pipeline. Its output is a directory keyed by the hash of everything that
 * determines it, so an unchanged rule is never rerun and a changed one invalidates only its dependents.
 */
export interface Rule<Config = unknown> {
  name: string;
  config: Config;
  /** Names of rules whose outputs this rule reads. */
  needs?: string[];
  /** Bump to invalidate earlier outputs when the rule's code changes meaning. */
  version?: number;
  /** Runs alone, never beside another rule (a simulation uses every core). */
  exclusive?: boolean;
  /**
   * Why an existing output of this key can no longer be used (e.g. the run folder it points to was
   * deleted), or null when it can. The rule then reruns.
   */
  checkOutput?: (outDir: string) => string | null;
  run(ctx: RuleContext<Config>): Promise<void> | void;
}

/** Rules in an order where every rule comes after the rules it needs; errors name the offending rule. */
export function orderRules(rules: readonly Rule<any>[]): Rule<any>[] {
  const byName = new Map<string, Rule<any>>();
  for (const rule of rules) {
    if (byName.has(rule.name)) throw new Error(`figures: rule name "${rule.name}" is used twice; names must be unique`);
    byName.set(rule.name, rule);
  }
  const ordered: Rule<any>[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (rule: Rule<any>, path: string[]): void => {
    const seen = state.get(rule.name);
    if (seen === 'done') return;
    if (seen === 'visiting') throw new Error(`figures: dependency cycle ${[...path, rule.name].join(' -> ')}`);
    state.set(rule.name, 'visiting');
    for (const need of rule.needs ?? []) {
      const dependency = byName.get(need);
      if (!dependency) throw new Error(`figures: rule "${rule.name}" needs "${need}", which is not a rule of this pipeline`);
      visit(dependency, [...path, rule.name]);
    }
    state.set(rule.name, 'done');
    ordered.push(rule);
  };
  for (const rule of rules) visit(rule, []);
  return ordered;
}

/** What enters a rule's key; also stored beside its output (rule.json), so a later run can say what changed. */
export interface RuleKeyParts {
  rule: string;
  version: number;
  config: unknown;
  inputs: Record<string, string | undefined>;
  salt: unknown;
}

/**
 * Content keys of all rules (16 hex digits of object-hash's sha256, which hashes every number by its exact
 * shortest decimal form and ignores key order; configs must be plain JSON-like data), computed in
 * dependency order. `salt` enters every key: what all rules
 * depend on without saying so in their configs (the bundled dataset, the code version).
 */
export function ruleKeys(rules: readonly Rule<any>[], salt: unknown = null): Map<string, string> {
  const keys = new Map<string, string>();
  for (const rule of orderRules(rules)) keys.set(rule.name, objectHash(ruleKeyParts(rule, keys, salt), { algorithm: 'sha256', encoding: 'hex' }).slice(0, 16));
  return keys;
}

export function ruleKeyParts(rule: Rule<any>, keys: ReadonlyMap<string, string>, salt: unknown): RuleKeyParts {
  const inputs = Object.fromEntries((rule.needs ?? []).map((need) => [need, keys.get(need)]));
  return { rule: rule.name, version: rule.version ?? 0, config: rule.config ?? null, inputs, salt };
}

/** Groups rules into waves: every rule's inputs are in earlier waves, so a wave can run concurrently. */
export function ruleWaves(rules: readonly Rule<any>[]): Rule<any>[][] {
  const depth = new Map<string, number>();
  const waves: Rule<any>[][] = [];
  for (const rule of orderRules(rules)) {
    const level = Math.max(-1, ...(rule.needs ?? []).map((need) => depth.get(need)!)) + 1;
    depth.set(rule.name, level);
    (waves[level] ??= []).push(rule);
  }
  return waves;
}
