import { describe, expect, it } from 'vitest';
import { Labelled } from '../../../analysis/index.ts';

describe('Labelled (ordered label -> value table)', () => {
  it('keeps insertion order where a plain object would put integer-like keys first', () => {
    const labels = ['V1', 'V2', '46', '7a'];
    const t = new Labelled(labels, [1, 2, 3, 4]);
    expect(Object.keys(Object.fromEntries(t.entries()))).toEqual(['46', 'V1', 'V2', '7a']); // the problem
    expect(t.labels).toEqual(labels);
    expect(JSON.stringify(t)).toBe('{"labels":["V1","V2","46","7a"],"values":[1,2,3,4]}');
    expect(t.map((v, l) => `${l}:${v * 2}`).values).toEqual(['V1:2', 'V2:4', '46:6', '7a:8']);
    expect(t.get('46')).toBe(3);
    expect(Labelled.fromEntries(t.entries()).labels).toEqual(labels);
  });

  it('rejects duplicate labels, mismatched lengths and unknown labels with the known ones', () => {
    expect(() => new Labelled(['a', 'b', 'a'], [1, 2, 3])).toThrow(/'a' occurs twice/);
    expect(() => new Labelled(['a'], [1, 2])).toThrow(/1 labels but 2 values/);
    expect(() => new Labelled(['a', 'b'], [1, 2]).get('c')).toThrow(/'c' not found; expected one of a, b/);
  });
});
