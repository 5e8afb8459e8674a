import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../helpers/shared.ts';

describe('mam CLI', () => {
  it('prints help naming the program', () => {
    const out = execFileSync(process.execPath, [join(PROJECT_ROOT, 'cli', 'mam.js'), '--help'], { encoding: 'utf8' });
    expect(out).toContain('Usage: mam');
  });
});
