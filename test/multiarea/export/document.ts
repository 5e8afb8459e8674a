import { expect } from 'vitest';
import type { NetworkArrays } from '../../../multiarea/network-arrays.ts';

/** Asserts that an exported document carries the network arrays exactly, under upstream's field names. */
export function expectArraysInDocument(doc: any, a: NetworkArrays): void {
  expect(doc.structure_vec).toEqual(a.structureVec);
  expect(doc.N_vec).toEqual(a.N);
  expect(doc.K_matrix).toEqual(a.K);
  expect(doc.syn_matrix).toEqual(a.synapses);
  expect(doc.W_matrix).toEqual(a.W);
  expect(doc.W_sd_matrix).toEqual(a.W_sd);
  expect(doc.J_matrix).toEqual(a.J);
  expect(doc.add_DC_drive).toEqual(a.addDC);
}
