/**
 * The committed fixtures are exactly what scripts/fixtures cuts from the ../shared bundle (so each can be
 * reproduced and its provenance checked); a changed fixture is reported by name.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePythonJson } from '../../core/index.ts';
import { runCutFixtures } from '../../scripts/fixtures/cut-fixtures.ts';
import { FIXTURES } from '../../scripts/fixtures/fixture-registry.ts';
import { HAS_SHARED, PROJECT_ROOT, SHARED_DIR, SKIP_SHARED_MESSAGE } from '../helpers/shared.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs();

function run(...args: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCutFixtures(['node', 'cut-fixtures', ...args], { log: (l) => out.push(l), error: (l) => err.push(l) });
  return { code, out, err };
}

describe('npm run fixtures', () => {
  it('names the missing bundle and unknown fixtures', () => {
    const missing = join(tempDir('mam-fixtures-'), 'shared');
    expect(run('--shared', missing, '--check')).toMatchObject({ code: 1, err: [expect.stringContaining(`--shared ${missing} has no refs/ folder`)] });
    expect(run('--check', 'no-such-fixture').err[0]).toContain('unknown fixture(s) no-such-fixture');
  });

  it('every fixture records its script and, for those cut from ../shared, each source with its sha256', () => {
    for (const fixture of FIXTURES.filter((f) => f.path.endsWith('.json'))) {
      const doc = parsePythonJson(readFileSync(join(PROJECT_ROOT, fixture.path), 'utf8')) as any;
      const prov = doc.provenance ?? doc._provenance;
      expect(prov.script, fixture.name).toMatch(/^scripts\/fixtures\//);
      expect(prov.sources.length, fixture.name).toBeGreaterThan(0);
      for (const source of prov.sources) expect(source.sha256, `${fixture.name} ${source.file}`).toMatch(/^[0-9a-f]{64}$/);
      expect(prov.cut.length, fixture.name).toBeGreaterThan(20);
    }
    expect(readFileSync(join(PROJECT_ROOT, 'test/fixtures/sln-prepared-logdensities.txt'), 'utf8')).toMatch(/^# Cut by scripts\/fixtures\/cut-sln-table\.ts .*sha256 [0-9a-f]{64}/);
  });
});

describe.skipIf(!HAS_SHARED)('fixtures against ../shared', () => {
  if (!HAS_SHARED) console.warn(SKIP_SHARED_MESSAGE);

  it('a fresh cut equals every committed fixture (analysis-upstream needs an upstream checkout: skipped)', () => {
    const r = run('--shared', SHARED_DIR, '--check');
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out.some((l) => l.startsWith('analysis-upstream: skipped'))).toBe(true);
  });

  it('a changed fixture is named; writing restores it', () => {
    const root = tempDir('mam-fixtures-');
    mkdirSync(join(root, 'test'));
    cpSync(join(PROJECT_ROOT, 'test', 'fixtures'), join(root, 'test', 'fixtures'), { recursive: true });
    const file = join(root, 'test/fixtures/theory_ground_state_subset.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"final_rates": [', '"final_rates": [1e-3, '));
    const check = run('--shared', SHARED_DIR, '--root', root, '--check', 'theory-ground-state', 'model-rows');
    expect(check.code).toBe(1);
    expect(check.err).toContain('  test/fixtures/theory_ground_state_subset.json');
    expect(check.err.join('\n')).not.toContain('model_reference_rows');
    expect(run('--shared', SHARED_DIR, '--root', root, 'theory-ground-state').out).toEqual(['theory-ground-state: wrote test/fixtures/theory_ground_state_subset.json']);
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(join(PROJECT_ROOT, 'test/fixtures/theory_ground_state_subset.json'), 'utf8'));
  });
});
