/**
 * Serializations of the export document: JSON, YAML and CSV. All files are written atomically.
 *
 * CSV layout (`<out>` plus two sidecars; `<base>` is `<out>` without its `.csv` extension):
 * - `<out>`: connections, a long table with one row per (target, source) pair, targets and sources
 *   in `structure_vec` order, the external Poisson input as a last source named `external` per target:
 *   `target,source,K,synapses,W_pA,W_sd_pA,J_mV,delay_mean_ms,delay_sd_ms`
 *   (W_sd and the delays are empty for the external source, which has no such entries).
 * - `<base>.populations.csv`: `population,area,pop,N,add_DC_drive_pA`, one row per population.
 * - `<base>.meta.json`: label, custom and effective parameters, area list, structure, units.
 * Numbers are written in JavaScript's shortest round-trip form, so parsing them gives the exact values.
 */
import yaml from 'js-yaml';
import { OrderedRecord, stableJson, writeFileAtomic } from '../../core/index.ts';
import { EXPORT_UNITS, type ExportDocument } from './document.ts';
import { splitPopulationLabel } from '../population-label.ts';

export const EXPORT_FORMATS = ['json', 'yaml', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** JSON text: one matrix row per line; non-finite numbers (NaN marks a missing value) are written as null. */
export function documentToJson(doc: ExportDocument): string {
  return stableJson(doc, 1);
}

const isFlatArray = (v: unknown) => Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object');

/** Non-finite numbers become null, as in the JSON export, so both formats read back to the same document. */
const nonFiniteAsNull = (_key: string, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value);
const YAML_OPTIONS = { lineWidth: -1, noRefs: true, sortKeys: false, replacer: nonFiniteAsNull } as const;

/** One value in YAML flow style (one line); OrderedRecords keep their key order. */
function flowYaml(value: unknown): string {
  if (value instanceof OrderedRecord) return `{${value.entries.map(([k, v]) => `${flowYaml(k)}: ${flowYaml(v)}`).join(', ')}}`;
  return yaml.dump(value, { ...YAML_OPTIONS, flowLevel: 0 }).trimEnd();
}

/**
 * Plain YAML 1.2 (core schema, no tags), readable by any YAML library: vectors on one line,
 * matrices as one flow sequence per row, parameters in block style, area-keyed objects one area per
 * line in area order.
 */
export function documentToYaml(doc: ExportDocument): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(doc)) {
    if (value instanceof OrderedRecord) {
      parts.push(value.entries.length === 0 ? `${key}: {}\n` : `${key}:\n${value.entries.map(([k, v]) => `  ${flowYaml(k)}: ${flowYaml(v)}\n`).join('')}`);
      continue;
    }
    const blockStyle = key === 'params_effective' || key === 'custom_params' || key === 'units';
    const flowLevel = blockStyle ? -1 : isFlatArray(value) ? 1 : 2;
    parts.push(yaml.dump({ [key]: value }, { ...YAML_OPTIONS, flowLevel }));
  }
  return parts.join('');
}

function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const csvLine = (fields: Array<string | number | null | undefined>) => fields.map(csvField).join(',');

export const CONNECTIONS_CSV_HEADER = [
  'target', 'source', 'K', 'synapses', 'W_pA', 'W_sd_pA', 'J_mV', 'delay_mean_ms', 'delay_sd_ms',
] as const;
export const POPULATIONS_CSV_HEADER = ['population', 'area', 'pop', 'N', 'add_DC_drive_pA'] as const;

/** The connections table (see the module comment). */
export function connectionsCsv(doc: ExportDocument): string {
  const pops = doc.structure_vec;
  const n = pops.length;
  const lines: string[] = [CONNECTIONS_CSV_HEADER.join(',')];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= n; j++) {
      const external = j === n;
      lines.push(
        csvLine([
          pops[i],
          external ? 'external' : pops[j],
          doc.K_matrix[i][j],
          doc.syn_matrix[i][j],
          doc.W_matrix[i][j],
          external ? null : doc.W_sd_matrix[i][j],
          doc.J_matrix[i][j],
          external ? null : doc.delay_mean_matrix[i][j],
          external ? null : doc.delay_sd_matrix[i][j],
        ]),
      );
    }
  }
  return lines.join('\n') + '\n';
}

/** The populations table (see the module comment). */
export function populationsCsv(doc: ExportDocument): string {
  const lines: string[] = [POPULATIONS_CSV_HEADER.join(',')];
  doc.structure_vec.forEach((label, i) => {
    const { area, pop } = splitPopulationLabel(label);
    lines.push(csvLine([label, area, pop, doc.N_vec[i], doc.add_DC_drive[i]]));
  });
  return lines.join('\n') + '\n';
}

/** Paths of the CSV sidecars belonging to the connections file `out`. */
export function csvSidecarPaths(out: string): { populations: string; meta: string } {
  const base = out.toLowerCase().endsWith('.csv') ? out.slice(0, -4) : out;
  return { populations: `${base}.populations.csv`, meta: `${base}.meta.json` };
}

/** Writes the document in `format` to `out` (plus sidecars for CSV); returns the files written. */
export function writeExport(doc: ExportDocument, format: ExportFormat, out: string): string[] {
  switch (format) {
    case 'json':
      writeFileAtomic(out, documentToJson(doc));
      return [out];
    case 'yaml':
      writeFileAtomic(out, documentToYaml(doc));
      return [out];
    case 'csv': {
      const side = csvSidecarPaths(out);
      const meta = {
        label: doc.label,
        area_list: doc.area_list,
        structure: doc.structure,
        units: { ...EXPORT_UNITS, connections: `see ${CONNECTIONS_CSV_HEADER.join(',')}` },
        custom_params: doc.custom_params,
        params_effective: doc.params_effective,
      };
      writeFileAtomic(out, connectionsCsv(doc));
      writeFileAtomic(side.populations, populationsCsv(doc));
      writeFileAtomic(side.meta, stableJson(meta, 1));
      return [out, side.populations, side.meta];
    }
    default:
      throw new Error(`format: got ${JSON.stringify(format)}; expected one of ${EXPORT_FORMATS.join(', ')}`);
  }
}
