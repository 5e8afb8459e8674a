/**
 * The browser host (web/platform/browser-host.ts), checked in Node against the Node host: its sha256
 * against node:crypto, its paths against path.posix, and its data source (the bundled files, "fetched"
 * here from the project folder through the same manifest the page uses) injected with setDataSource:
 * the model, its label, the dataset digest and the bundled kernels are then the same as from the files.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { setDataSource } from '../../core/index.ts';
import { BUNDLED } from '../../core/index.ts';
import { datasetDigest, MultiAreaModel } from '../../multiarea/index.ts';
import { defaultKernelInputs, loadOrComputeAreaUnitKernels } from '../../analysis/lfp/index.ts';
import { webDataFiles } from '../../web/build/data-files.ts';
import * as browser from '../../web/platform/browser-host.ts';
import * as posixPath from '../../web/platform/posix-path.ts';
import { Sha256State } from '../../web/platform/sha256.ts';
import { PROJECT_ROOT } from '../helpers/shared.ts';

/** A fetch that serves the page's data folder as the built page does: the manifest and the listed files. */
function projectFetch(served: string[]): typeof fetch {
  const { manifest } = webDataFiles();
  return (async (input: string | URL) => {
    const url = new URL(String(input));
    const path = url.pathname.replace(/^\/site\//, '');
    served.push(path);
    const body = path === 'data/manifest.json' ? Buffer.from(JSON.stringify(manifest)) : readFileSync(`${PROJECT_ROOT}/${path}`);
    return new Response(body, { status: 200 });
  }) as typeof fetch;
}

describe('browser host', () => {
  afterEach(() => setDataSource(null));

  it('sha256 equals node:crypto, at every padding boundary and in pieces', () => {
    const bytes = new Uint8Array(200_003);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    for (const n of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 200_003]) {
      const data = bytes.subarray(0, n);
      expect(new Sha256State().update(data).digestHex()).toBe(createHash('sha256').update(data).digest('hex'));
    }
    const text = 'multi-area model — χ, λ_max, µm';
    expect(new Sha256State().update(text.slice(0, 7)).update(bytes.subarray(0, 70)).update(text.slice(7)).digestHex()).toBe(
      createHash('sha256').update(text.slice(0, 7)).update(bytes.subarray(0, 70)).update(text.slice(7)).digest('hex'),
    );
  });

  it('paths agree with path.posix', () => {
    const cases = ['/data/multiarea/raw.json', '/a/b/../c/./d', '/a//b/', 'rel/x', '../x', '/', '/a/b/c.npy'];
    for (const p of cases) {
      expect(posixPath.dirname(p)).toBe(posix.dirname(p));
      expect(posixPath.basename(p)).toBe(posix.basename(p));
      expect(posixPath.isAbsolute(p)).toBe(posix.isAbsolute(p));
      expect(posixPath.join('/data', p)).toBe(posix.join('/data', p));
      expect(posixPath.resolve('/base', p)).toBe(posix.resolve('/base', p));
    }
    expect(posixPath.join('a', '', 'b')).toBe(posix.join('a', '', 'b'));
  });

  it('reading before loading names the missing step', () => {
    expect(() => browser.hostDataSource.readText('/data/multiarea/raw.json')).toThrow(/await loadBundledData\(\) first/);
  });

  it('the fetched bundle, injected, builds the same model and label as the files', async () => {
    const fileModel = new MultiAreaModel({ N_scaling: 0.01, K_scaling: 0.01, fullscale_rates: `${PROJECT_ROOT}/data/multiarea/fullscale_rates.json`, connection_params: { cc_weights_factor: 1.7 } });
    const fileDigest = datasetDigest();
    const served: string[] = [];
    // Mounted at this checkout's root: the library's paths (BUNDLED.*) are the Node host's here.
    const manifest = await browser.loadBundledData('http://127.0.0.1/site/', { fetch: projectFetch(served), root: PROJECT_ROOT, folders: ['data/multiarea'] });
    expect(served[0]).toBe('data/manifest.json');
    const kernelFile = 'data/kernels/area-unit-kernels-be381629d52574e3.npy';
    expect(manifest.files.map((f) => f.path)).toContain(kernelFile);
    // The kernels come when asked for; a second call shares the first load.
    expect(browser.hostDataSource.isFile(`${PROJECT_ROOT}/${kernelFile}`)).toBe(false);
    await browser.loadBundledData('http://127.0.0.1/site/', { fetch: projectFetch(served), root: PROJECT_ROOT });
    expect(browser.hostDataSource.isFile(`${PROJECT_ROOT}/${kernelFile}`)).toBe(true);
    await browser.loadBundledData('http://127.0.0.1/site/', { fetch: projectFetch(served), root: PROJECT_ROOT });
    expect(served.length).toBe(manifest.files.length + 1);
    expect(served.filter((p) => p === kernelFile)).toHaveLength(1);

    setDataSource(browser.hostDataSource);
    expect(datasetDigest()).toBe(fileDigest);
    const pageModel = new MultiAreaModel({ N_scaling: 0.01, K_scaling: 0.01, fullscale_rates: `${PROJECT_ROOT}/data/multiarea/fullscale_rates.json`, connection_params: { cc_weights_factor: 1.7 } });
    expect(pageModel.label).toBe(fileModel.label);
    expect(pageModel.K_matrix).toEqual(fileModel.K_matrix);
    expect(pageModel.add_DC_drive).toEqual(fileModel.add_DC_drive);
    expect(() => new MultiAreaModel({ N_scaling: 0.5, K_scaling: 0.5, fullscale_rates: '/data/multiarea/missing.json' })).toThrow(/fullscale_rates: file not found: \/data\/multiarea\/missing.json/);
    // The bundled kernels come through the same source.
    const { kernels } = loadOrComputeAreaUnitKernels(BUNDLED.kernelsDir, defaultKernelInputs());
    setDataSource(null);
    const fromFiles = loadOrComputeAreaUnitKernels(BUNDLED.kernelsDir, defaultKernelInputs()).kernels;
    expect(kernels.hash).toBe(fromFiles.hash);
    expect(kernels.dipole['23E<-4E']).toEqual(fromFiles.dipole['23E<-4E']);
  });
});
