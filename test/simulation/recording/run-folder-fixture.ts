/**
 * Test fixtures of run folders written by hand: the run_log.json a finished run would have, so that
 * readers (which refuse runs without one) accept them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { spikeRecordCounts } from '../../../simulation/index.ts';

/** Writes run_log.json of a completed run: status, simulated_ms = t_sim of populations.json, and the record count of every spike file. */
export function writeCompletedRunLog(runDir: string, fields: Record<string, unknown> = {}): void {
  const layout = JSON.parse(readFileSync(join(runDir, 'populations.json'), 'utf8'));
  const log = { label: basename(runDir), status: 'completed', message: `simulated ${layout.t_sim} ms`, simulated_ms: layout.t_sim, spike_records: spikeRecordCounts(runDir), ...fields };
  writeFileSync(join(runDir, 'run_log.json'), JSON.stringify(log, null, 1));
}
