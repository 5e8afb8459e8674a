/** CoCoMac connectivity: existence and laminar patterns of connections between areas of the FV91 scheme. */
import type { CocomacConnection } from './raw-types.ts';

type PatternPair = [string | null, string | null];

function asObject(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`${what}: expected a JSON object, got ${value === null ? 'null' : typeof value}`);
  }
  return value as Record<string, unknown>;
}

/** "FV91-V1" -> "V1": the area name without its parcellation prefix. */
function areaName(key: string): string {
  const parts = key.split('-');
  return parts[parts.length - 1];
}

/**
 * Connections to the model's areas: result[target][source]. CoCoMac_complete_81.json gives, for each
 * source and target, the laminar patterns at the source and at the target (strings of six characters,
 * one per layer, or null). A connection with neither pattern known is kept only if at least one
 * confirmative study reports it (cocomac_confirmative_studies.json). Sources outside the model are kept.
 */
export function parseCocomac(
  complete: unknown,
  confirmative: unknown,
  areaList: readonly string[],
  files = { complete: 'CoCoMac_complete_81.json', confirmative: 'cocomac_confirmative_studies.json' },
): Record<string, Record<string, CocomacConnection>> {
  const areas = new Set(areaList);
  const out: Record<string, Record<string, CocomacConnection>> = {};
  for (const target of areaList) out[target] = {};

  const data = asObject(complete, files.complete);
  const studies = asObject(confirmative, files.confirmative);
  for (const [sourceKey, targets] of Object.entries(data)) {
    for (const [targetKey, pair] of Object.entries(asObject(targets, `${files.complete} [${sourceKey}]`))) {
      const where = `${files.complete} [${sourceKey}][${targetKey}]`;
      if (!Array.isArray(pair) || pair.length < 2) throw new Error(`${where}: expected [source_pattern, target_pattern]`);
      const [sourcePattern, targetPattern] = pair as PatternPair;
      for (const p of [sourcePattern, targetPattern]) {
        if (p !== null && typeof p !== 'string') throw new Error(`${where}: a pattern must be a string or null`);
      }
      const target = areaName(targetKey);
      if (!areas.has(target)) continue;
      if (sourcePattern === null && targetPattern === null) {
        const count = asObject(studies[sourceKey], `${files.confirmative} [${sourceKey}]`)[targetKey];
        if (typeof count !== 'number') {
          throw new Error(`${files.confirmative} [${sourceKey}][${targetKey}]: expected a study count, got ${count}`);
        }
        if (!(count > 0)) continue;
      }
      out[target][areaName(sourceKey)] = {
        source_pattern: sourcePattern === null ? null : [...sourcePattern],
        target_pattern: targetPattern === null ? null : [...targetPattern],
      };
    }
  }
  return out;
}
