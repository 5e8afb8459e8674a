/**
 * The engine core (neuron update, synapse build, delivery, Poisson drive, step loop, plan) must run in
 * a browser: none of the modules it loads at run time may import node: built-ins. Type-only imports
 * are erased and do not count.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../helpers/shared.ts';

const CORE_ENTRIES = ['simulation/engine/shard.ts', 'simulation/engine/plan.ts', 'simulation/engine/cost-model.ts', 'simulation/engine/layout.ts'];

/** Module specifiers that a file loads at run time (import/export ... from, minus `import type`). */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^(import|export)\s+(type\s+)?([^;]*?)\s+from\s+'([^']+)'/gms)) {
    if (m[2]) continue;
    out.push(m[4]);
  }
  for (const m of text.matchAll(/^import\s+'([^']+)'/gm)) out.push(m[1]);
  for (const m of text.matchAll(/import\(\s*'([^']+)'\s*\)/g)) out.push(m[1]);
  return out;
}

function loadedModules(entries: string[]): { files: Set<string>; nodeImports: string[] } {
  const files = new Set<string>();
  const nodeImports: string[] = [];
  const queue = entries.map((e) => join(PROJECT_ROOT, e));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of runtimeImports(file)) {
      if (spec.startsWith('node:')) nodeImports.push(`${relative(PROJECT_ROOT, file)} imports ${spec}`);
      else if (spec.startsWith('.')) queue.push(resolve(dirname(file), spec));
      else nodeImports.push(`${relative(PROJECT_ROOT, file)} imports package ${spec}`);
    }
  }
  return { files, nodeImports };
}

describe('engine core', () => {
  it('loads no node: built-in (nor any package), directly or through its imports', () => {
    const { files, nodeImports } = loadedModules(CORE_ENTRIES);
    const names = [...files].map((f) => relative(PROJECT_ROOT, f));
    // The walk does reach the parts of the core.
    for (const part of ['neuron/iaf-psc-exp.ts', 'engine/connectivity.ts', 'engine/explicit-table.ts', 'engine/event-buckets.ts', 'engine/spike-delivery.ts', 'engine/poisson-drive.ts', 'engine/checkpoint-format.ts', 'engine/cost-model.ts', 'engine/neuron-block.ts', 'engine/wasm-assembler.ts', 'recording/record-format.ts']) {
      expect(names).toContain(`simulation/${part}`);
    }
    expect(nodeImports).toEqual([]);
  });

  it('the import scan sees node: imports where there are some', () => {
    expect(loadedModules(['simulation/engine/worker.ts']).nodeImports).toContain('simulation/engine/worker.ts imports node:worker_threads');
    expect(loadedModules(['simulation/simulation.ts']).nodeImports.length).toBeGreaterThan(0);
  });
});
