// Export of a built model to JSON, YAML and CSV (see writers.ts for the file layouts).
export { exportDocument, EXPORT_UNITS, type ExportDocument } from './document.ts';
export {
  documentToJson,
  documentToYaml,
  connectionsCsv,
  populationsCsv,
  csvSidecarPaths,
  writeExport,
  EXPORT_FORMATS,
  CONNECTIONS_CSV_HEADER,
  POPULATIONS_CSV_HEADER,
  type ExportFormat,
} from './writers.ts';

import { exportDocument } from './document.ts';
import type { NetworkSource } from '../network-source.ts';
import { EXPORT_FORMATS, writeExport, type ExportFormat } from './writers.ts';

/** Exports `model` as `format` to `out` (atomically); returns the files written. */
export function exportModel(model: NetworkSource, format: ExportFormat, out: string): string[] {
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new Error(`format: got ${JSON.stringify(format)}; expected one of ${EXPORT_FORMATS.join(', ')}`);
  }
  return writeExport(exportDocument(model), format, out);
}
