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
    let mod: any;
    try {
      mod = await importConfigModule(candidate);
    } catch (err) {
      throw new Error(`config file ${candidate}: cannot be loaded (${(err as Error).message})`);
    }
    custom = mod.default ?? mod.config;
    if (custom === undefined) {
      throw new Error(`config file ${candidate}: no default export; expected \`export default { data_path, ... }\``);
    }
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
 * Imports a config module. Under tsx or vitest a .ts file imports directly; the compiled `mam` bundle runs
 * without a TypeScript loader, so there a .ts file goes through tsx's tsImport.
 */
async function importConfigModule(file: string): Promise<any> {
  const url = pathToFileURL(file).href;
  try {
    return await import(url);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw err;
    const { tsImport } = await import('tsx/esm/api');
    const mod = await tsImport(url, import.meta.url);
    // Outside an ESM package a .ts file loads as CommonJS, with its exports under `default`.
    const inner = mod.default;
    return inner && typeof inner === 'object' && ('default' in inner || 'config' in inner) ? inner : mod;
  }
}

/**
 * Fills `{name}` placeholders of a job-script template. Every placeholder must have a value: an
 * unknown one is an error naming it, so a typo cannot silently produce a broken job script.
 */
export function fillTemplate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_match, name: string) => {
    if (!(name in values)) {
      throw new Error(
        `jobscript_template: placeholder {${name}} has no value; available: ${Object.keys(values).map((k) => `{${k}}`).join(', ')}`,
      );
    }
    return String(values[name]);
  });
}
