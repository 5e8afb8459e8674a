/**
 * CoCoMac completion: laminar patterns get numeric placeholders, connections found by Markov et al.
 * (FLN > 0) but absent in CoCoMac are added, and every model area gets a self-connection entry.
 */
import type { CompletedCocomacEntry, CompletedLaminarPattern, RawData } from './processed-types.ts';

type RawLaminarPattern = string[];
type RawCocomacEntry = RawData['cocomac_data'][string][string];

/**
 * Source pattern: 'X' (present, strength unknown) -> 2; '?' -> 0 for layers 1 and 4 (no projection
 * neurons there) and -1 (unknown) otherwise. Digits stay as given.
 */
function completeSourcePattern(pattern: RawLaminarPattern): CompletedLaminarPattern {
  return pattern.map((entry, i) => {
    if (entry === 'X') return 2;
    if (entry === '?') return i === 0 || i === 3 ? 0 : -1;
    return entry;
  });
}

/** Target pattern: 'X' -> 2, '?' -> -1. */
function completeTargetPattern(pattern: RawLaminarPattern): CompletedLaminarPattern {
  return pattern.map((entry) => (entry === 'X' ? 2 : entry === '?' ? -1 : entry));
}

function checkPattern(pattern: RawLaminarPattern | null, where: string): void {
  if (pattern !== null && (!Array.isArray(pattern) || pattern.length !== 6)) {
    throw new Error(`cocomac_data: ${where} is ${JSON.stringify(pattern)}; expected null or six layer entries`);
  }
}

/**
 * @param flnMapped FLN data mapped to FV91 (target -> source -> FLN), used to add connections that
 *   CoCoMac lacks.
 */
export function completeCocomac(
  cocomacData: Record<string, Record<string, RawCocomacEntry>>,
  flnMapped: Record<string, Record<string, number>>,
  areaList: readonly string[],
): Record<string, Record<string, CompletedCocomacEntry>> {
  const completed: Record<string, Record<string, CompletedCocomacEntry>> = {};
  for (const [target, sources] of Object.entries(cocomacData)) {
    const out: Record<string, CompletedCocomacEntry> = {};
    for (const [source, entry] of Object.entries(sources)) {
      checkPattern(entry.source_pattern, `source_pattern of ${source} -> ${target}`);
      checkPattern(entry.target_pattern, `target_pattern of ${source} -> ${target}`);
      out[source] = {
        source_pattern: entry.source_pattern === null ? null : completeSourcePattern(entry.source_pattern),
        target_pattern: entry.target_pattern === null ? null : completeTargetPattern(entry.target_pattern),
      };
    }
    completed[target] = out;
  }

  for (const target of Object.keys(cocomacData)) {
    const fln = flnMapped[target];
    if (fln === undefined) throw new Error(`FLN data: no entry for CoCoMac target "${target}"; expected one per model area`);
    for (const [source, value] of Object.entries(fln)) {
      if (!areaList.includes(source) || source === target || source in cocomacData[target]) continue;
      if (value > 0) completed[target][source] = { target_pattern: null, source_pattern: null };
    }
  }

  for (const area of areaList) {
    if (completed[area] === undefined) throw new Error(`cocomac_data: no entry for model area "${area}"; expected one per area of area_list`);
    if (!(area in completed[area])) completed[area][area] = { target_pattern: null, source_pattern: null };
  }
  return completed;
}
