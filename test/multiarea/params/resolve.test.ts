import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BUNDLED_K_PRIME } from '../../../multiarea/params/defaults.ts';
import { resolveNetworkParams } from '../../../multiarea/params/resolve.ts';
import { mergeAndValidate, nestedMerge, ParameterError } from '../../../core/validation.ts';

function errorOf(fn: () => unknown): ParameterError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ParameterError);
    return e as ParameterError;
  }
  throw new Error('expected a ParameterError, none was thrown');
}

const tmp = mkdtempSync(join(tmpdir(), 'mam-params-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('resolveNetworkParams: merging', () => {
  it('merges nested custom values and leaves siblings at their defaults', () => {
    const p = resolveNetworkParams({
      connection_params: { g: -12, K_stable: null },
      neuron_params: { single_neuron_dict: { tau_m: 20 } },
    });
    expect(p.connection_params.g).toBe(-12);
    expect(p.connection_params.K_stable).toBeNull();
    expect(p.connection_params.PSP_e).toBe(0.15);
    expect(p.neuron_params.single_neuron_dict.tau_m).toBe(20);
    expect(p.neuron_params.single_neuron_dict.C_m).toBe(250);
  });

  it('does not mutate the custom object', () => {
    const custom = { connection_params: { g: -12 } };
    const snapshot = structuredClone(custom);
    resolveNetworkParams(custom);
    expect(custom).toEqual(snapshot);
  });

  it('accepts down-scaling with inline full-scale rates', () => {
    const p = resolveNetworkParams({ N_scaling: 0.1, K_scaling: 0.1, fullscale_rates: { V1: { '23E': 1.5 } } });
    expect(p.fullscale_rates).toEqual({ V1: { '23E': 1.5 } });
  });
});

describe('resolveNetworkParams: errors name the parameter, the value and what is allowed', () => {
  it('unknown key -> full path', () => {
    const e = errorOf(() => resolveNetworkParams({ connection_params: { x: 1 } }));
    expect(e.message).toContain("unknown parameter 'connection_params.x'");
    expect(e.message).toContain('K_stable'); // lists the allowed keys
    expect(errorOf(() => resolveNetworkParams({ foo: {} })).message).toContain("'foo'");
    expect(
      errorOf(() => resolveNetworkParams({ neuron_params: { single_neuron_dict: { V_m: 1 } } })).message,
    ).toContain("'neuron_params.single_neuron_dict.V_m'");
  });

  it('out-of-range numbers', () => {
    const e = errorOf(() => resolveNetworkParams({ N_scaling: 0 }));
    expect(e.message).toMatch(/N_scaling: got 0; expected a number > 0/);
    expect(errorOf(() => resolveNetworkParams({ K_scaling: -1 })).message).toMatch(/K_scaling: got -1/);
    expect(errorOf(() => resolveNetworkParams({ input_params: { rate_ext: -2 } })).message).toMatch(
      /input_params\.rate_ext: got -2; expected a number >= 0/,
    );
    expect(errorOf(() => resolveNetworkParams({ connection_params: { g: 4 } })).message).toMatch(
      /connection_params\.g: got 4; expected a number <= 0/,
    );
    expect(errorOf(() => resolveNetworkParams({ surface: Number.NaN })).message).toMatch(
      /surface: got NaN; expected a finite number/,
    );
    expect(errorOf(() => resolveNetworkParams({ delay_params: { delay_e: Infinity } })).message).toMatch(
      /delay_params\.delay_e: got Infinity; expected a finite number/,
    );
    expect(
      errorOf(() => resolveNetworkParams({ neuron_params: { neuron_model: 'iaf_cond_exp' } })).message,
    ).toContain('neuron_params.neuron_model: got "iaf_cond_exp"; expected "iaf_psc_exp"');
  });

  it('negative full-scale rates', () => {
    const e = errorOf(() =>
      resolveNetworkParams({ N_scaling: 0.5, fullscale_rates: { V1: { '23E': -1 } } }),
    );
    expect(e.message).toMatch(/fullscale_rates\.V1\.23E: got -1; expected a number >= 0/);
  });

  it('wrong types', () => {
    expect(
      errorOf(() => resolveNetworkParams({ neuron_params: { single_neuron_dict: { C_m: 'a' } } })).message,
    ).toMatch(/neuron_params\.single_neuron_dict\.C_m: got "a"; expected a number/);
    expect(errorOf(() => resolveNetworkParams({ connection_params: { E_specificity: 1 } })).message).toMatch(
      /connection_params\.E_specificity: got 1; expected a boolean/,
    );
    expect(errorOf(() => resolveNetworkParams(42)).message).toMatch(/got 42; expected an object/);
    expect(errorOf(() => resolveNetworkParams({ connection_params: 3 })).message).toMatch(
      /connection_params: got 3; expected an object/,
    );
  });

  it('unknown option strings list the allowed options', () => {
    const e = errorOf(() => resolveNetworkParams({ connection_params: { replace_cc: 'foo' } }));
    expect(e.message).toContain('connection_params.replace_cc: got "foo"');
    expect(e.message).toContain('"het_poisson_stat"');
    expect(e.message).toContain('false');
    const r = errorOf(() => resolveNetworkParams({ connection_params: { rho_syn: 'x' } }));
    expect(r.message).toContain('"constant", "area-specific"');
    const s = errorOf(() => resolveNetworkParams({ connection_params: { SLN_fit: 'R' } }));
    expect(s.message).toContain('connection_params.SLN_fit: got "R"');
    const k = errorOf(() => resolveNetworkParams({ connection_params: { K_stable: 'bundled:other' } }));
    expect(k.message).toContain(BUNDLED_K_PRIME);
    const t = errorOf(() => resolveNetworkParams({ connection_params: { K_stable: true } }));
    expect(t.message).toMatch(/connection_params\.K_stable: got true/);
  });

  it('down-scaling without full-scale rates', () => {
    const e = errorOf(() => resolveNetworkParams({ N_scaling: 0.01 }));
    expect(e.message).toMatch(/fullscale_rates: got null with N_scaling = 0\.01/);
    expect(errorOf(() => resolveNetworkParams({ K_scaling: 0.5 })).message).toMatch(/fullscale_rates/);
  });

  it('replace_cc without an input source', () => {
    const e = errorOf(() => resolveNetworkParams({ connection_params: { replace_cc: 'het_poisson_stat' } }));
    expect(e.message).toContain('connection_params.replace_cc_input_source: got null');
    // Homogeneous replacement uses rate_ext and needs no source.
    const hom = resolveNetworkParams({ connection_params: { replace_cc: 'hom_poisson_stat' } });
    expect(hom.connection_params.replace_cc).toBe('hom_poisson_stat');
  });

  it('reports several problems at once', () => {
    const e = errorOf(() => resolveNetworkParams({ N_scaling: -1, delay_params: { delay_e: 0 } }));
    expect(e.issues.length).toBe(2);
  });
});

describe('resolveNetworkParams: data-file paths', () => {
  const sub = join(tmp, 'spec');
  mkdirSync(sub, { recursive: true });
  writeFileSync(join(sub, 'K.npy'), 'not really npy');
  writeFileSync(join(sub, 'rates.json'), '{}');

  it('resolves relative paths against baseDir', () => {
    const p = resolveNetworkParams(
      {
        N_scaling: 0.1,
        fullscale_rates: 'rates.json',
        connection_params: { K_stable: 'K.npy', replace_cc_input_source: 'input/rates' },
      },
      { baseDir: sub },
    );
    expect(p.fullscale_rates).toBe(join(sub, 'rates.json'));
    expect(p.connection_params.K_stable).toBe(join(sub, 'K.npy'));
    // A base name of .npy series need not exist itself.
    expect(p.connection_params.replace_cc_input_source).toBe(join(sub, 'input', 'rates'));
  });

  it('keeps absolute paths and the bundled sentinel', () => {
    const abs = join(sub, 'K.npy');
    expect(resolveNetworkParams({ connection_params: { K_stable: abs } }, { baseDir: '/' }).connection_params.K_stable).toBe(abs);
    expect(resolveNetworkParams({}, { baseDir: sub }).connection_params.K_stable).toBe(BUNDLED_K_PRIME);
  });

  it('missing files are errors naming the parameter and the file', () => {
    const e = errorOf(() => resolveNetworkParams({ connection_params: { K_stable: 'missing.npy' } }, { baseDir: sub }));
    expect(e.message).toContain('connection_params.K_stable: file not found');
    expect(e.message).toContain(join(sub, 'missing.npy'));
    const r = errorOf(() =>
      resolveNetworkParams({ N_scaling: 0.5, fullscale_rates: 'nope.json' }, { baseDir: sub }),
    );
    expect(r.message).toContain('fullscale_rates: file not found');
    const c = errorOf(() =>
      resolveNetworkParams({ connection_params: { replace_cc_input_source: 'nope.json' } }, { baseDir: sub }),
    );
    expect(c.message).toContain('connection_params.replace_cc_input_source: file not found');
    // checkFiles: false skips the existence check (e.g. for specs written on another machine).
    expect(() =>
      resolveNetworkParams({ connection_params: { K_stable: 'missing.npy' } }, { baseDir: sub, checkFiles: false }),
    ).not.toThrow();
  });
});

describe('generic mergeAndValidate / nestedMerge', () => {
  const schema = z.strictObject({ a: z.number().int().min(1), b: z.strictObject({ c: z.enum(['x', 'y']) }) });
  const defaults = { a: 1, b: { c: 'x' as 'x' | 'y' } };

  it('merges and validates with the given root name', () => {
    expect(mergeAndValidate(schema, defaults, { b: { c: 'y' } }, 'test params')).toEqual({ a: 1, b: { c: 'y' } });
    const e = errorOf(() => mergeAndValidate(schema, defaults, { a: 1.5, b: { c: 'z' } }, 'test params'));
    expect(e.message).toMatch(/^Invalid test params:/);
    expect(e.message).toContain('a: got 1.5; expected an int');
    expect(e.message).toContain('b.c: got "z"; expected one of "x", "y"');
  });

  it('nestedMerge replaces non-object defaults wholesale and copies inputs', () => {
    const d = { x: null as null | object, y: { z: [1, 2] } };
    const m = nestedMerge(d, { x: { k: 1 }, y: { z: [3] } });
    expect(m).toEqual({ x: { k: 1 }, y: { z: [3] } });
    expect(d.y.z).toEqual([1, 2]);
  });
});
