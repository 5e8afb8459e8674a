import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { MultiAreaModel } from '../../multiarea/index.ts';
import { PROJECT_ROOT } from '../helpers/shared.ts';
import { expectArraysInDocument } from '../multiarea/export/document.ts';

const tmp = mkdtempSync(join(tmpdir(), 'mam-cli-export-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function mam(...args: string[]) {
  const r = spawnSync(process.execPath, [join(PROJECT_ROOT, 'cli', 'mam.js'), ...args], {
    cwd: tmp,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('mam export (CLI)', () => {
  it('--help documents the options', () => {
    const r = mam('export', '--help');
    expect(r.status).toBe(0);
    for (const opt of ['--format', '--out', '--params', 'yaml', 'json', 'csv']) expect(r.stdout).toContain(opt);
  });

  it('rejects an unknown format and a missing --out, naming them', () => {
    const r = mam('export', '--format', 'xml', '--out', 'x.xml');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/'xml'.*invalid|invalid.*'xml'/i);
    expect(r.stderr).toContain('json');
    const o = mam('export', '--format', 'json');
    expect(o.status).not.toBe(0);
    expect(o.stderr).toContain('--out');
  });

  it('errors in the params file name the parameter and the file', () => {
    const dir = join(tmp, 'bad');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'custom.json'), JSON.stringify({ connection_params: { x: 1, g: 'big' } }));
    const r = mam('export', '--format', 'json', '--params', join(dir, 'custom.json'), '--out', 'o.json');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("unknown parameter 'connection_params.x'");
    expect(r.stderr).toContain('connection_params.g: got "big"; expected a number');
    expect(r.stderr).toContain(join(dir, 'custom.json'));
    // Data files are resolved relative to the params file.
    writeFileSync(join(dir, 'k.yaml'), 'connection_params:\n  K_stable: missing.npy\n');
    const k = mam('export', '--format', 'json', '--params', join(dir, 'k.yaml'), '--out', 'o.json');
    expect(k.status).toBe(1);
    expect(k.stderr).toContain(`connection_params.K_stable: file not found: ${join(dir, 'missing.npy')}`);
    const m = mam('export', '--format', 'json', '--params', join(dir, 'nope.json'), '--out', 'o.json');
    expect(m.status).toBe(1);
    expect(m.stderr).toContain(`--params: file not found: ${join(dir, 'nope.json')}`);
    writeFileSync(join(dir, 'broken.json'), '{"N_scaling": ');
    const b = mam('export', '--format', 'json', '--params', join(dir, 'broken.json'), '--out', 'o.json');
    expect(b.status).toBe(1);
    expect(b.stderr).toContain(`--params ${join(dir, 'broken.json')}: cannot be read`);
  });

  it('exports the model built from a params file; YAML round-trips to the model arrays', () => {
    const dir = join(tmp, 'good');
    mkdirSync(dir, { recursive: true });
    const custom = { connection_params: { K_stable: null, g: -12 } };
    writeFileSync(join(dir, 'custom.yaml'), yaml.dump(custom));
    const out = join(tmp, 'connectivity.yaml');
    const r = mam('export', '--format', 'yaml', '--params', join(dir, 'custom.yaml'), '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const doc: any = yaml.load(readFileSync(out, 'utf8'));
    const model = new MultiAreaModel(custom);
    const a = model.arrays();
    expect(r.stdout).toContain(model.label);
    expect(doc.label).toBe(model.label);
    expect(doc.custom_params).toEqual(custom);
    expect(doc.params_effective.connection_params.g).toBe(-12);
    expectArraysInDocument(doc, a);
    expect(doc.delay_mean_matrix).toEqual(model.delayMean);
  });
});
