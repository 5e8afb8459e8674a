import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { kernelCommand, runKernel } from '../../../cli/commands/kernel-command.ts';
import { loadKernelSpec, parseKernelSpec } from '../../../analysis/index.ts';
import { readProjectJson } from '../../helpers/shared.ts';
import { README_SPEC_FILE } from './helpers.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

// Temporary folders of this file, removed when its tests are done.
const tempDir = useTempDirs();

const fixture = readProjectJson('test', 'fixtures', 'lfpykernels_fixture.json');

function peaks(H: number[][]): number[] {
  return H.map((row) => row.reduce((m, v) => Math.max(m, Math.abs(v)), 0));
}

describe('mam kernel', () => {
  const dir = tempDir('mam-kernel-');

  it('computes the shipped README example (X = I): Gauss-cylinder and dipole kernels as the reference', () => {
    const out = join(dir, 'EI.json');
    const { models, nLags } = runKernel({ spec: README_SPEC_FILE, out });
    expect(models).toEqual(['GaussCylinderPotential', 'KernelApproxCurrentDipoleMoment']);
    expect(nLags).toBe(1601);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.lags[0]).toBe(-50);
    expect(json.lags[1600]).toBe(50);
    const ref = fixture.cases.readme_EI_gauss.H.GaussCylinderPotential.map((c: any) => c.peak);
    peaks(json.H.GaussCylinderPotential).forEach((p, ch) => expect(Math.abs(p - ref[ch]) / ref[ch]).toBeLessThan(1e-6));
    const refDipole = fixture.cases.EI_cdm.H.KernelApproxCurrentDipoleMoment[2].peak;
    expect(Math.abs(peaks(json.H.KernelApproxCurrentDipoleMoment)[2] / refDipole - 1)).toBeLessThan(1e-6);
  });

  it('reads YAML specs and the --X override through the command line', async () => {
    const spec = loadKernelSpec(README_SPEC_FILE);
    const yamlFile = join(dir, 'spec.yaml');
    writeFileSync(yamlFile, yaml.dump({ ...spec, forwardModels: [{ type: 'KernelApproxCurrentDipoleMoment' }] }));
    const out = join(dir, 'EE.json');
    await kernelCommand().exitOverride().parseAsync(['--spec', yamlFile, '--out', out, '--X', 'E'], { from: 'user' });
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.X).toBe('E');
    const ref = fixture.cases.EE_cdm.H.KernelApproxCurrentDipoleMoment[2].peak;
    expect(Math.abs(peaks(json.H.KernelApproxCurrentDipoleMoment)[2] / ref - 1)).toBeLessThan(1e-6);
  });

  it('takes forward models from an electrode CSV named in the spec', () => {
    const spec = JSON.parse(readFileSync(README_SPEC_FILE, 'utf8'));
    spec.cell.morphology = join(process.cwd(), spec.cell.morphology);
    spec.forwardModels = [{ type: 'electrodes', csv: 'contacts.csv', R: 150, sigmaZ: 75 }];
    writeFileSync(join(dir, 'contacts.csv'), 'name,x,y,z,layer,region,type\nc0,0,0,500,L1,V1,GaussCylinder\nc1,0,0,0,L5,V1,GaussCylinder\np0,300,0,0,L5,V1,PointSource\n');
    writeFileSync(join(dir, 'electrodes-spec.json'), JSON.stringify(spec));
    const out = join(dir, 'electrodes-out.json');
    expect(runKernel({ spec: join(dir, 'electrodes-spec.json'), out }).models).toEqual(['PointSource', 'GaussCylinder']);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.H.GaussCylinder.length).toBe(2);
    expect(json.H.PointSource.length).toBe(1);
    // contact at z = 500 um is the reference's channel 5 (z = 500)
    const ref = fixture.cases.readme_EI_gauss.H.GaussCylinderPotential[5].peak;
    expect(Math.abs(peaks(json.H.GaussCylinder)[0] / ref - 1)).toBeLessThan(1e-6);
  });

  it('reports every invalid field of a spec with its path', () => {
    const spec = JSON.parse(readFileSync(README_SPEC_FILE, 'utf8'));
    spec.N_Y = -5;
    spec.delay[1].scale = 'wide';
    spec.forwardModels.push({ type: 'Telepathy' });
    spec.synapse[0].tua1 = 1;
    let message = '';
    try {
      parseKernelSpec(spec, 'my-spec.json');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/my-spec\.json is invalid/);
    expect(message).toMatch(/N_Y: expected a positive number/);
    expect(message).toMatch(/delay\.1\.scale/);
    expect(message).toMatch(/forwardModels\.2/);
    expect(message).toMatch(/synapse\.0.*tua1/);
  });

  it('rejects inconsistent population lists and unknown X', () => {
    const spec = loadKernelSpec(README_SPEC_FILE);
    spec.kernel.X = 'L5E';
    const file = join(dir, 'badX.json');
    writeFileSync(file, JSON.stringify({ ...spec, cell: { ...spec.cell, morphology: join(process.cwd(), spec.cell.morphology) } }));
    expect(() => runKernel({ spec: file, out: join(dir, 'x.json') })).toThrow(/X = "L5E" is unknown; expected one of E, I/);
    writeFileSync(file, JSON.stringify({ ...spec, C_YX: [0.05] }));
    expect(() => runKernel({ spec: file, out: join(dir, 'x.json') })).toThrow(/C_YX has 1 entries, expected 2/);
    expect(() => runKernel({ spec: join(dir, 'missing.json'), out: join(dir, 'x.json') })).toThrow(/missing\.json: cannot be read/);
  });
});
