/**
 * What a pipeline run would do and why (`mam figures --dry-run`): for every rule, whether its output
 * for the current key exists and is usable, and otherwise what changed since its last output — the
 * config (which entries), its version, an input rule, or the data/release salt.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '../core/index.ts';
import type { Rule, RuleKeyParts } from './rules.ts';

/** File beside every rule output: its key parts, so a later run can say what changed. */
export const RULE_MARKER = 'rule.json';

export interface RuleMarker extends RuleKeyParts {
  key: string;
}

export interface PlannedRule {
  name: string;
  key: string;
  action: 'run' | 'up to date';
  /** Why it runs, or where its current output is. */
  reason: string;
}

function readMarker(dir: string): RuleMarker | null {
  try {
    const marker = JSON.parse(readFileSync(join(dir, RULE_MARKER), 'utf8')) as RuleMarker;
    return typeof marker.key === 'string' ? marker : null;
  } catch {
    return null;
  }
}

/** Short text of a config value for a reason line. */
function brief(value: unknown): string {
  const text = value === undefined ? 'unset' : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** Paths (a.b[2].c) where two JSON-like values differ, with both values. */
export function configDifferences(before: unknown, after: unknown, path = ''): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => configDifferences(before[k], after[k], path ? `${path}.${k}` : k));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((v, i) => configDifferences(v, after[i], `${path}[${i}]`));
  }
  if (canonicalJson(before ?? null) === canonicalJson(after ?? null)) return [];
  return [`${path || '(config)'}: ${brief(before)} -> ${brief(after)}`];
}

/** The most recent earlier output of a rule (any key), or null. */
function previousMarker(ruleDir: string, currentKey: string): RuleMarker | null {
  if (!existsSync(ruleDir)) return null;
  let best: { marker: RuleMarker; mtime: number } | null = null;
  for (const entry of readdirSync(ruleDir)) {
    if (entry === currentKey || entry.includes('.tmp-')) continue;
    const file = join(ruleDir, entry, RULE_MARKER);
    if (!existsSync(file)) continue;
    const marker = readMarker(join(ruleDir, entry));
    if (!marker) continue;
    const mtime = statSync(file).mtimeMs;
    if (!best || mtime > best.mtime) best = { marker, mtime };
  }
  return best?.marker ?? null;
}

/** Why a rule without a usable output for `parts` must run, compared with its last output. */
export function runReason(ruleDir: string, key: string, parts: RuleKeyParts, rerunning: ReadonlySet<string>): string {
  const previous = previousMarker(ruleDir, key);
  if (!previous) return 'no output yet';
  const reasons: string[] = [];
  if ((previous.version ?? 0) !== parts.version) reasons.push(`version ${previous.version ?? 0} -> ${parts.version}`);
  const changes = configDifferences(previous.config, parts.config);
  if (changes.length > 0) reasons.push(`config changed: ${changes.slice(0, 3).join('; ')}${changes.length > 3 ? `; and ${changes.length - 3} more` : ''}`);
  const needs = Object.entries(parts.inputs);
  const listed = (names: string[]): string => (names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', '));
  const runningNeeds = needs.filter(([need]) => rerunning.has(need)).map(([need]) => need);
  const changedNeeds = needs.filter(([need, needKey]) => !rerunning.has(need) && previous.inputs?.[need] !== needKey).map(([need]) => need);
  if (runningNeeds.length > 0) reasons.push(`needs ${listed(runningNeeds)}, which run${runningNeeds.length === 1 ? 's' : ''}`);
  if (changedNeeds.length > 0) reasons.push(`input${changedNeeds.length === 1 ? '' : 's'} ${listed(changedNeeds)} changed`);
  if (canonicalJson(previous.salt ?? null) !== canonicalJson(parts.salt ?? null)) reasons.push('dataset or release changed');
  return reasons.length > 0 ? reasons.join('; ') : 'inputs changed';
}

/** Plans `selected` (in dependency order): which rules run and why. */
export function planRules(
  selected: readonly Rule<any>[],
  keyOf: (name: string) => string,
  outputDir: (name: string) => string,
  partsOf: (rule: Rule<any>) => RuleKeyParts,
  ruleDirOf: (name: string) => string,
): PlannedRule[] {
  const rerunning = new Set<string>();
  return selected.map((rule) => {
    const key = keyOf(rule.name);
    const dir = outputDir(rule.name);
    const parts = partsOf(rule);
    if (existsSync(join(dir, RULE_MARKER))) {
      const problem = rule.checkOutput?.(dir) ?? null;
      if (problem === null) return { name: rule.name, key, action: 'up to date' as const, reason: `output ${dir}` };
      rerunning.add(rule.name);
      return { name: rule.name, key, action: 'run' as const, reason: `cached output unusable: ${problem}` };
    }
    rerunning.add(rule.name);
    return { name: rule.name, key, action: 'run' as const, reason: runReason(ruleDirOf(rule.name), key, parts, rerunning) };
  });
}
