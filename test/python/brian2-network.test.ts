/**
 * brian2_network.py reads the same network.json as run_nest.py, through mam_formats.py. Its network
 * reading (connectivity, external drive) needs only numpy, so it is checked here against the network
 * description without Brian2.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportNestRun, FORMATS_MODULE } from '../../simulation/index.ts';
import { HAS_PYTHON, readJson, smallModel } from '../simulation/nest/helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'mam-brian2-read-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const HAS_NUMPY = HAS_PYTHON && spawnSync('python3', ['-c', 'import numpy']).status === 0;
if (!HAS_NUMPY) console.warn('python3 with numpy not found: skipping the tests of brian2_network.py');

const READ_NETWORK = `
import json, sys
import numpy as np
import brian2_network as b
from mam_formats import NETWORK_FORMAT, read_document
net = read_document(sys.argv[1], NETWORK_FORMAT)
first, n = {}, 0
for p in net['populations']:
    if int(p['size']) > 0:
        first[p['label']] = n
        n += int(p['size'])
src, tgt, w, d = b.draw_connectivity(net, first, np.random.default_rng(1), 0.1)
rate, weight, delay = b.external_drive(net, first, n)
print(json.dumps({'neurons': n, 'synapses': int(src.size), 'excitatory': int((w > 0).sum()), 'min_delay_steps': int(d.min()),
                  'rate_hz': {k: float(rate[i]) for k, i in first.items()}, 'weight_pA': {k: float(weight[i]) for k, i in first.items()}, 'delay_ms': delay}))
`;

function readWithBrian2Script(runDir: string) {
  const script = join(tmp, 'read-network.py');
  writeFileSync(script, READ_NETWORK);
  return spawnSync('python3', [script, join(runDir, 'network.json')], {
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: dirname(FORMATS_MODULE), PYTHONDONTWRITEBYTECODE: '1' },
  });
}

describe.skipIf(!HAS_NUMPY)('brian2_network.py reads network.json', () => {
  it('builds the populations, synapses and external drive of the description', () => {
    const res = exportNestRun(smallModel(), { areas_simulated: ['V1', 'V2'], t_sim: 10 }, join(tmp, 'v1v2'));
    const r = readWithBrian2Script(res.dir);
    expect(r.stderr).toBe('');
    const got = JSON.parse(r.stdout);
    const net = res.network;
    expect(got.neurons).toBe(net.populations.reduce((s, p) => s + p.size, 0));
    expect(got.synapses).toBe(net.projections.reduce((s, p) => s + p.synapses, 0));
    expect(got.excitatory).toBe(net.projections.filter((p) => p.weight_min_pA === 0).reduce((s, p) => s + p.synapses, 0));
    expect(got.min_delay_steps).toBeGreaterThanOrEqual(1);
    const drive = new Map(net.external_input.inputs.map((x) => [x.target, x]));
    for (const p of net.populations) {
      expect(got.rate_hz[p.label]).toBe(drive.get(p.label)?.rate_hz ?? 0);
      expect(got.weight_pA[p.label]).toBe(drive.get(p.label)?.weight_pA ?? 0);
    }
    expect(got.delay_ms).toBe(1);
  });

  it('refuses a network.json of another version, naming the file and both versions', () => {
    const res = exportNestRun(smallModel(), { areas_simulated: ['V1'], t_sim: 10 }, join(tmp, 'old'));
    const file = join(res.dir, 'network.json');
    writeFileSync(file, JSON.stringify({ ...readJson(file), version: 1 }));
    const r = spawnSync('python3', [join(dirname(FORMATS_MODULE), 'brian2_network.py'), '--dir', res.dir], { encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`brian2_network.py: ${file} has format 'multiarea-nest-network' version 1; expected 'multiarea-nest-network' version 2`);
  });
});
