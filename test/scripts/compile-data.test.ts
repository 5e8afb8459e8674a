import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDataset, diffDataset, resolveSourceDir, writeDataset } from '../../scripts/compile-data/build.ts';
import { DATASET_OUTPUTS, structureVecLabels } from '../../scripts/compile-data/outputs.ts';
import { runCompileData } from '../../scripts/compile-data/cli.ts';
import { DATASET_DIR, DATASET_FILES } from '../../multiarea/data/dataset.ts';
import { HAS_SHARED, PROJECT_ROOT, SHARED_DIR, SKIP_SHARED_MESSAGE, readSharedJson } from '../helpers/shared.ts';

const tmp = mkdtempSync(join(tmpdir(), 'compile-data-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!HAS_SHARED)(`compile-data from ../shared${HAS_SHARED ? '' : ` (${SKIP_SHARED_MESSAGE})`}`, () => {
  const files = HAS_SHARED ? buildDataset(resolveSourceDir(SHARED_DIR)) : new Map<string, Uint8Array>();

  it('rebuilds every committed dataset file byte for byte', () => {
    expect(files.size).toBe(DATASET_OUTPUTS.length + 1);
    expect(diffDataset(DATASET_DIR, files)).toEqual([]);
  });

  it('is deterministic: a second build gives identical bytes', () => {
    const again = buildDataset(resolveSourceDir(SHARED_DIR));
    for (const [file, bytes] of files) expect(Buffer.compare(Buffer.from(again.get(file)!), Buffer.from(bytes)), file).toBe(0);
  });

  it('records the sha256 of every input and output in PROVENANCE.json', () => {
    const provenance = JSON.parse(Buffer.from(files.get(DATASET_FILES.provenance)!).toString('utf8'));
    expect(provenance.source.commit).toBe('355d94042f4fe613e5602918082f5e667695932e');
    expect(provenance.licence.name).toBe('CC BY-NC-SA 4.0');
    const inputs = Object.keys(provenance.inputs.sha256);
    expect(inputs).toContain('raw_data/SLN_Data.csv');
    expect(inputs).toContain('K_prime_original.npy');
    expect(inputs.filter((f) => f.startsWith('raw_data/'))).toHaveLength(28);
    expect(Object.keys(provenance.outputs).sort()).toEqual(DATASET_OUTPUTS.map((o) => o.file).sort());
    expect(JSON.stringify(provenance)).not.toMatch(/20\d\d-\d\d-\d\dT/); // no build timestamp
  });

  it('labels K\' with upstream structure_vec order', () => {
    const reference = readSharedJson<{ structure_vec: string[] }>('refs', 'structure', 'case_default.json');
    expect(structureVecLabels()).toEqual(reference.structure_vec);
  });

  it('CLI: --out writes atomically; --check exits 0 when equal and 1 naming the file that differs', () => {
    const lines: string[] = [];
    const io = { log: (l: string) => lines.push(l), error: (l: string) => lines.push(l) };
    const out = join(tmp, 'dataset');
    expect(runCompileData(['node', 'compile-data', '--shared', SHARED_DIR, '--out', out], io)).toBe(0);
    expect(readFileSync(join(out, DATASET_FILES.raw))).toEqual(readFileSync(join(DATASET_DIR, DATASET_FILES.raw)));
    expect(readdirSync(out).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(runCompileData(['node', 'compile-data', '--shared', SHARED_DIR, '--out', out, '--check'], io)).toBe(0);
    expect(lines.at(-1)).toMatch(/equal a rebuild/);

    // The npm entry point, as a separate process, on a modified copy.
    writeFileSync(join(out, DATASET_FILES.fullscaleRates), '{}\n');
    const tsx = join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
    const script = join(PROJECT_ROOT, 'scripts', 'compile-data.ts');
    const bad = spawnSync(tsx, [script, '--shared', SHARED_DIR, '--out', out, '--check'], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`${join(out, DATASET_FILES.fullscaleRates)}: differs from a rebuild`);
  });

  it('reports a --shared folder without the data clearly', () => {
    expect(() => resolveSourceDir(tmp)).toThrow(/--shared .* holds neither data\/multiarea\/raw_data nor raw_data/);
  });

  it('names the input file when one is missing', () => {
    const partial = join(tmp, 'partial');
    cpSync(resolveSourceDir(SHARED_DIR), partial, { recursive: true });
    rmSync(join(partial, 'raw_data', 'Numbers_V1.csv'));
    expect(() => buildDataset(partial)).toThrow(/raw_data\/Numbers_V1\.csv cannot be read/);
  });
});
