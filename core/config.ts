/**
 * Loading the user configuration (data path, cluster job template): `config.ts` in the project root
 * if present (copied by the user from `config.template.ts`), else the template's defaults.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import templateConfig, { type UserConfig } from '../config.template.ts';
import { mergeAndValidate } from './validation.ts';
import { PROJECT_ROOT } from './paths.ts';

export type { UserConfig } from '../config.template.ts';


const userConfigSchema = z.strictObject({
  data_path: z.string().min(1),
  jobscript_template: z.string().nullable(),
  submit_cmd: z.string().min(1).nullable(),
});

/** The configuration in effect, with `data_path` absolute and the file it came from. */
export interface ResolvedUserConfig extends UserConfig {
  /** The config file read, or null when the template defaults apply. */
  source: string | null;
}

export interface LoadUserConfigOptions {
  /** Config file to read instead of `<project>/config.ts` (also settable via MULTIAREA_CONFIG). */
  configFile?: string;
}

/**
 * The default export of a config module, wherever it lies. A `.ts` file outside a `"type": "module"`
 * package is CommonJS to Node and tsx; a plain import() of it from our ESM code then fails
 * ("Cannot require() ES Module ... in a cycle"). tsx's tsImport loads it in its own scope either way;
 * a CommonJS-compiled module arrives as its `exports` object, marked `__esModule`.
 */
async function importConfigModule(file: string): Promise<unknown> {
  let mod: any;
  try {
    // Loaded here, not at the top: every `mam` command imports core, and only a config file needs tsx.
    const { tsImport } = await import('tsx/esm/api');
    mod = await tsImport(pathToFileURL(file).href, { parentURL: import.meta.url, tsconfig: false });
  } catch (err) {
    throw new Error(`config file ${file}: cannot be loaded (${(err as Error).message})`);
  }
  const exported = mod.default?.__esModule ? mod.default : mod;
  const custom = exported.default ?? exported.config;
  if (custom === undefined) {
    throw new Error(`config file ${file}: no default export; expected \`export default { data_path, ... }\``);
  }
  return custom;
}

/**
 * Reads the user configuration: `options.configFile`, else $MULTIAREA_CONFIG, else `<project>/config.ts`
 * if it exists, else the defaults of config.template.ts. Keys missing from the file take the template
 * defaults; unknown keys and wrong types are errors naming the key and the file. Relative `data_path`s
 * are resolved against the config file's folder (the project root for the defaults).
 */
export async function loadUserConfig(options: LoadUserConfigOptions = {}): Promise<ResolvedUserConfig> {
  const explicit = options.configFile ?? process.env.MULTIAREA_CONFIG;
  const candidate = explicit ? resolve(explicit) : resolve(PROJECT_ROOT, 'config.ts');
  if (explicit && !existsSync(candidate)) {
    throw new Error(`config file: ${candidate} does not exist; expected a config module like config.template.ts`);
  }
  let custom: unknown = {};
  let source: string | null = null;
  if (existsSync(candidate)) {
    custom = await importConfigModule(candidate);
    source = candidate;
  }
  const merged = mergeAndValidate(
    userConfigSchema,
    { ...templateConfig },
    custom,
    source ? `user configuration (${source})` : 'user configuration',
  );
  const baseDir = source ? dirname(source) : PROJECT_ROOT;
  const dataPath = isAbsolute(merged.data_path) ? merged.data_path : resolve(baseDir, merged.data_path);
  return { ...merged, data_path: dataPath, source };
}

/**
 * Fills the `{name}` placeholders of a template (job script, command), as Python's str.format does:
 * `{{` and `}}` stand for literal braces (so `${{SLURM_JOB_ID}}` gives `${SLURM_JOB_ID}`), and any
 * other brace is an error. Every placeholder must have a value: an unknown one is an error naming it,
 * so a typo cannot silently produce a broken job script. `what` names the template in errors.
 */
export function fillTemplate(template: string, values: Record<string, string | number>, what = 'jobscript_template'): string {
  const token = /\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}|[{}]/g;
  let out = '';
  let last = 0;
  for (let m = token.exec(template); m !== null; m = token.exec(template)) {
    out += template.slice(last, m.index);
    last = token.lastIndex;
    const [text, name] = m;
    if (text === '{{' || text === '}}') out += text[0];
    else if (name === undefined) throw new Error(`${what}: lone '${text}' at ${where(template, m.index)}; write {{ and }} for literal braces, {name} for a placeholder`);
    else if (!Object.hasOwn(values, name)) {
      throw new Error(`${what}: placeholder {${name}} has no value; available: ${Object.keys(values).map((k) => `{${k}}`).join(', ')} ({{ and }} for literal braces)`);
    } else out += String(values[name]);
  }
  return out + template.slice(last);
}

/** "line L, column C: <the line>" of a position in a text, for error messages. */
function where(text: string, index: number): string {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  const start = before.lastIndexOf('\n') + 1;
  const end = text.indexOf('\n', index);
  return `line ${line}, column ${index - start + 1} (${JSON.stringify(text.slice(start, end < 0 ? undefined : end))})`;
}
