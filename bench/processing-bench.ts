/**
 * Timing of the processing step (run: npx tsx bench/processing.ts). Reports, in one fresh process:
 * the default path (compiled processed.json), loading the raw input, the first (cold, un-JITted)
 * processRawData call and the median of repeated calls, and the SLN fit on the built table.
 */
import {
  fitSlnProbit,
  getProcessedData,
  getSlnFitTable,
  loadProcessingInput,
  processRawData,
  PUBLISHED_SLN_FIT_COEFFICIENTS,
  slnFitInput,
} from '../multiarea/index.ts';

function time<T>(run: () => T): [T, number] {
  const start = performance.now();
  const value = run();
  return [value, performance.now() - start];
}

const options = { slnFitCoefficients: PUBLISHED_SLN_FIT_COEFFICIENTS };
const [, defaultMs] = time(() => getProcessedData());
const [input, loadMs] = time(() => loadProcessingInput());
const [, coldMs] = time(() => processRawData(input, options));
const repeats: number[] = [];
for (let i = 0; i < 200; i++) repeats.push(time(() => processRawData(input, options))[1]);
repeats.sort((a, b) => a - b);
const [table, tableMs] = time(() => getSlnFitTable());
const [fit, fitMs] = time(() => fitSlnProbit(slnFitInput(table)));

console.log(`getProcessedData() (compiled processed.json): ${defaultMs.toFixed(1)} ms`);
console.log(`loadProcessingInput() (raw.json + 3 tables):   ${loadMs.toFixed(1)} ms`);
console.log(`processRawData, first call:                  ${coldMs.toFixed(1)} ms`);
console.log(`processRawData, median of 200:               ${repeats[100].toFixed(2)} ms (min ${repeats[0].toFixed(2)} ms)`);
console.log(`SLN-fit table (${table.length} rows):                 ${tableMs.toFixed(1)} ms`);
console.log(`fitSlnProbit on it:                          ${fitMs.toFixed(1)} ms -> (${fit.intercept}, ${fit.slope})`);
