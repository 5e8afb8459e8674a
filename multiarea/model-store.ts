/**
 * Saving a model specification under its label and finding it again, so that a network can be
 * rebuilt from its label alone (`MultiAreaModel.fromLabel`).
 *
 * Layout: `<dataPath>/<label>/network_spec.json` (written atomically), a JSON object with
 *   format        "multiarea-network-spec"
 *   version       2
 *   label_rule    the rule the label was made with (label.ts LABEL_RULE)
 *   label         the model label (see label.ts)
 *   params        the effective network parameters (full tree; data-file paths absolute)
 *   custom_params the custom parameters as the user gave them (for the record)
 *   files         data-file path -> "sha256:<hex>" at save time (a changed file changes the label,
 *                 so a rebuilt model whose label differs from the saved one reveals it)
 *   created       ISO time of saving
 * Rebuilding uses `params`: it is a complete tree, so later changes of the defaults do not alter
 * a saved model. Version 1 files hold labels of label rule 1 (rounded numbers), which cannot be
 * checked any more; reading one is an error that says how to save the model under its new label.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../core/index.ts';
import { LABEL_RULE, labelledFiles } from './label.ts';
import type { NetworkParams } from './params/defaults.ts';

export const NETWORK_SPEC_FILE = 'network_spec.json';
const FORMAT = 'multiarea-network-spec';
const VERSION = 2;

/** What a saved specification holds. */
export interface SavedModelSpec {
  label: string;
  params: NetworkParams;
  customParams: unknown;
  files: Record<string, string>;
  created: string;
  /** Absolute path of the spec file it was read from / written to. */
  path: string;
}

/** The parts of a model that are saved (MultiAreaModel satisfies it). */
export interface SavableModel {
  label: string;
  params: NetworkParams;
  customParams?: unknown;
}

const LABEL_PATTERN = /^[A-Za-z0-9_-]+$/;

function checkLabel(label: unknown): string {
  if (typeof label !== 'string' || !LABEL_PATTERN.test(label)) {
    throw new Error(`label: got ${JSON.stringify(label)}; expected a model label (letters, digits, '-' or '_')`);
  }
  return label;
}

/** Path of the spec file of `label` under `dataPath`. */
export function modelSpecPath(dataPath: string, label: string): string {
  return join(resolve(dataPath), checkLabel(label), NETWORK_SPEC_FILE);
}

/** Writes `<dataPath>/<label>/network_spec.json` and returns its path. */
export function saveModelSpec(dataPath: string, model: SavableModel): string {
  const path = modelSpecPath(dataPath, model.label);
  const files: Record<string, string> = {};
  for (const f of labelledFiles(model.params)) files[f.path] = f.digest;
  const doc = {
    format: FORMAT,
    version: VERSION,
    label_rule: LABEL_RULE,
    label: model.label,
    params: model.params,
    custom_params: model.customParams ?? null,
    files,
    created: new Date().toISOString(),
  };
  writeFileAtomic(path, JSON.stringify(doc, null, 1) + '\n');
  return path;
}

/** Reads the spec saved for `label` under `dataPath`; errors name the label and the file. */
export function loadModelSpec(dataPath: string, label: string): SavedModelSpec {
  const path = modelSpecPath(dataPath, label);
  if (!existsSync(path)) {
    const known = listSavedLabels(dataPath);
    throw new Error(
      `label: no saved model '${label}' (${path} does not exist); ` +
        (known.length ? `saved labels under ${resolve(dataPath)}: ${known.join(', ')}` : `nothing saved under ${resolve(dataPath)}`),
    );
  }
  let doc: any;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: invalid JSON (${(err as Error).message}); expected a saved network spec`);
  }
  if (doc?.format !== FORMAT || typeof doc.version !== 'number' || doc.version > VERSION || doc.version < 1) {
    throw new Error(`${path}: format ${JSON.stringify(doc?.format)} version ${doc?.version}; expected '${FORMAT}' version <= ${VERSION}`);
  }
  if (doc.version < VERSION) {
    throw new Error(
      `${path}: saved with label rule 1 (numbers rounded to 5 digits), whose label '${label}' cannot be checked any more; ` +
        `labels are exact since label rule ${LABEL_RULE}. Its parameters are still valid: build the model from the "params" ` +
        'of this file (new MultiAreaModel(params)) and save() it to store it under its new label',
    );
  }
  if (doc.label !== label) {
    throw new Error(`${path}: holds label '${doc.label}'; expected '${label}' (file moved or edited?)`);
  }
  return {
    label: doc.label,
    params: doc.params,
    customParams: doc.custom_params,
    files: doc.files ?? {},
    created: doc.created,
    path,
  };
}

/** Labels of all models saved under `dataPath` (sorted). */
export function listSavedLabels(dataPath: string): string[] {
  const root = resolve(dataPath);
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, NETWORK_SPEC_FILE)))
    .map((d) => d.name)
    .sort();
}
