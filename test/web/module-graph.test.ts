/**
 * The explorer's pages and workers load no node: built-in: with the browser substitutions
 * (web/platform/browser-substitutes.ts), the module graph of each web entry reaches the library's own
 * modules (the model, theory, engine, kernels) and not one node: import. Without the substitutions the
 * same scan finds them, so the check can fail.
 */
import { describe, expect, it } from 'vitest';
import { browserModuleGraph } from '../../web/build/module-graph.ts';
import { BROWSER_SUBSTITUTES } from '../../web/platform/browser-substitutes.ts';

const WEB_ENTRIES = ['web/src/explorer-page.ts', 'web/src/model-worker.ts', 'web/src/sim-worker.ts'];

describe('web module graph', () => {
  it('reaches the library and no node: built-in', async () => {
    const graph = await browserModuleGraph(WEB_ENTRIES);
    expect(graph.nodeImports).toEqual([]);
    for (const module of [
      'multiarea/multi-area-model.ts',
      'multiarea/data/dataset.ts',
      'multiarea/label.ts',
      'theory/theory.ts',
      'theory/end-states.ts',
      'simulation/network/build-network.ts',
      'simulation/engine/shard.ts',
      'simulation/engine/plan.ts',
      'analysis/lfp/area-kernels.ts',
      'analysis/lfp/area-activity.ts',
      'multiarea/export/document.ts',
      'simulation/sonata/h5-core.ts',
      'simulation/sonata/spike-layout.ts',
      'web/platform/browser-host.ts',
    ]) {
      expect(graph.projectModules).toContain(module);
    }
    // Replaced modules are not loaded.
    for (const replaced of Object.keys(BROWSER_SUBSTITUTES)) expect(graph.projectModules).not.toContain(replaced);
  }, 60_000);

  it('sees node: imports where the substitutions are left out', async () => {
    const graph = await browserModuleGraph(['web/src/model-worker.ts'], { substitute: false });
    expect(graph.nodeImports).toContain('core/io/node-host.ts imports node:fs');
    expect(graph.nodeImports.some((line) => line.startsWith('core/config.ts imports'))).toBe(true);
  }, 60_000);
});
