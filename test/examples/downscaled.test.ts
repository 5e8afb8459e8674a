import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/shared.ts';

describe('examples', () => {
  it('examples/downscaled.ts builds, solves the theory, simulates and analyses a short V1 run', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'mam-example-'));
    try {
      const tsx = join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
      const out = execFileSync(process.execPath, [tsx, join(PROJECT_ROOT, 'examples', 'downscaled.ts'), '100', 'V1'], { cwd, encoding: 'utf8' });
      expect(out).toMatch(/network [0-9a-f]{32}: 4\d{4} neurons/);
      expect(out).toMatch(/mean-field mean rate: \d+\.\d+ spikes\/s/);
      expect(out).toContain("'V1-23E'");
      expect(out).toMatch(/LvR: \d/);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
