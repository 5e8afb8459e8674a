import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../helpers/shared.ts';

const MAM = join(PROJECT_ROOT, 'cli', 'mam.js');

describe('mam CLI', () => {
  it('prints help naming the program, every command and the exit codes', () => {
    const out = execFileSync(process.execPath, [MAM, '--help'], { encoding: 'utf8' });
    expect(out).toContain('Usage: mam');
    for (const name of ['export', 'kernel', 'kernels', 'lfp', 'simulate', 'rates', 'analyze', 'theory', 'nest-export', 'figures']) {
      expect(out).toMatch(new RegExp(`\\n  ${name} +\\S`));
    }
    expect(out).toContain('Exit codes: 0 success, 1 failure, 2 usage error');
  });

  it('help of a command lists its options', () => {
    const out = execFileSync(process.execPath, [MAM, 'help', 'simulate'], { encoding: 'utf8' });
    expect(out).toContain('Usage: mam simulate [options]');
    expect(out).toContain('--t-sim <ms>');
  });

  it('a reader that stops early (| head) is no error', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${MAM}" --help | head -n 1`], { encoding: 'utf8' });
    expect(r.stdout).toBe('Usage: mam [options] [command]\n');
    expect(r.stderr).toBe('');
  });
});
