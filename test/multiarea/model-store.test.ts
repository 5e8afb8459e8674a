/**
 * Saving a MultiAreaModel under its label and rebuilding it from the label; the label is an exact
 * function of the parameters, the anatomical data and the built N and K.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { modelLabel } from '../../multiarea/label.ts';
import { MultiAreaModel } from '../../multiarea/multi-area-model.ts';
import { writeNpy } from '../../core/io/npy.ts';
import { listSavedLabels } from '../../multiarea/model-store.ts';
import { HAS_SHARED, SKIP_SHARED_MESSAGE } from '../helpers/shared.ts';
import { referenceNetwork } from '../helpers/reference-network.ts';
import { upstreamInputs } from './model/inputs.ts';

if (!HAS_SHARED) console.warn(`test/multiarea/model-store: ${SKIP_SHARED_MESSAGE}`);

const tmp = mkdtempSync(join(tmpdir(), 'mam-store-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!HAS_SHARED)('MultiAreaModel labels, save and fromLabel', () => {
  // Read lazily: the suite body runs at collection even when skipped.
  let cached: ReturnType<typeof upstreamInputs> | undefined;
  const inputs = () => (cached ??= upstreamInputs());

  it('the label is that of the built arrays and the data they came from, exactly', () => {
    const model = new MultiAreaModel({}, { data: inputs() });
    expect(model.label).toBe(
      modelLabel({ params: model.params, N: model.N_vec, K: model.K_matrix, structure: model.structure, data: inputs() }),
    );
    expect(new MultiAreaModel({}, { data: inputs() }).label).toBe(model.label);
    expect(new MultiAreaModel({ connection_params: { g: -12 } }, { data: inputs() }).label).not.toBe(model.label);
    expect(new MultiAreaModel({ connection_params: { cc_weights_factor: 1.90001 } }, { data: inputs() }).label).not.toBe(model.label);
    // Upstream's reference arrays equal ours to ~1e-11 but not bit for bit: exact labels tell them apart,
    // as they should (the rounded labels of label rule 1 did not).
    const { net } = referenceNetwork('case_default');
    const refLabel = modelLabel({ params: model.params, N: net.N, K: net.K, structure: net.structure, data: inputs() });
    const maxRelDiff = Math.max(...net.K.flatMap((row, i) => row.map((k, j) => Math.abs(k - model.K_matrix[i][j]) / Math.max(k, 1e-300))));
    expect(maxRelDiff).toBeLessThan(1e-10);
    expect(refLabel === model.label).toBe(maxRelDiff === 0 && net.N.every((n, i) => n === model.N_vec[i]));
  });

  it('save + fromLabel rebuild the same model', async () => {
    const dataPath = join(tmp, 'sims');
    const custom = { connection_params: { cc_weights_factor: 1, cc_weights_I_factor: 1 } };
    const model = new MultiAreaModel(custom, { data: inputs() });
    const file = await model.save(dataPath);
    expect(file).toBe(join(dataPath, model.label, 'network_spec.json'));
    expect(listSavedLabels(dataPath)).toEqual([model.label]);
    const back = await MultiAreaModel.fromLabel(model.label, { dataPath, data: inputs() });
    expect(back.label).toBe(model.label);
    expect(back.params).toEqual(model.params);
    expect(back.K_matrix).toEqual(model.K_matrix);
    expect(back.W_matrix).toEqual(model.W_matrix);
    await expect(MultiAreaModel.fromLabel('0123abcd', { dataPath, data: inputs() })).rejects.toThrow(/no saved model '0123abcd'/);
  });

  it('fromLabel refuses a model whose K_stable file changed since saving', async () => {
    const dataPath = join(tmp, 'sims-k');
    const kFile = join(tmp, 'K_user.npy');
    writeNpy(kFile, inputs().kPrime);
    const model = new MultiAreaModel({ connection_params: { K_stable: kFile } }, { data: inputs() });
    expect(model.K_matrix).toEqual(new MultiAreaModel({}, { data: inputs() }).K_matrix); // same matrix as bundled
    await model.save(dataPath);
    const k = inputs().kPrime;
    const changed = { shape: k.shape, data: k.data.map((x) => x * 1.01) };
    writeNpy(kFile, changed);
    await expect(MultiAreaModel.fromLabel(model.label, { dataPath, data: inputs() })).rejects.toThrow(
      new RegExp(`label: rebuilding .* gave label '[0-9a-f]{32}', not '${model.label}'`),
    );
  });
});
