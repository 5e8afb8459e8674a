/**
 * What the explorer exports reproduces what it shows: the parameter files and the `mam` options of its
 * command lines, read the way the commands read them (cli/commands/command-options.ts), give the model
 * (same label) and the simulation parameters that the page built; a bad value gives the library's message.
 */
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { modelFromOptions, simParamsFromOptions } from '../../cli/commands/command-options.ts';
import { MultiAreaModel } from '../../multiarea/index.ts';
import { resolveSimulationParams } from '../../simulation/index.ts';
import { PROJECT_ROOT } from '../helpers/shared.ts';
import { checkSimulationParams, DEFAULT_FORM, explorerParams, mamCommands, networkParamsOf, parameterFiles } from '../../web/src/explorer-params.ts';

const dir = mkdtempSync(join(tmpdir(), 'multiarea-explorer-params-'));
// network.yaml of an up-scaled model names the bundled rates relative to itself, as in the project folder.
symlinkSync(join(PROJECT_ROOT, 'data'), join(dir, 'data'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('explorer parameters', () => {
  for (const form of [
    DEFAULT_FORM,
    { ...DEFAULT_FORM, chi: 1.9, chiI: 2, kStable: false, replacement: 'none', areas: ['V1', 'V4', 'FEF'], tSim: 500, seed: 7 },
    { ...DEFAULT_FORM, scaling: 1 },
    { ...DEFAULT_FORM, scaling: 1.5 },
  ]) {
    it(`the exported files and --scale give the page's model and simulation (scaling ${form.scaling}, chi ${form.chi}, K_stable ${form.kStable})`, () => {
      const page = explorerParams(form);
      const files = parameterFiles(page, form);
      writeFileSync(join(dir, 'network.yaml'), files.network);
      writeFileSync(join(dir, 'simulation.yaml'), files.simulation);
      const commands = mamCommands(form);
      const scaleOption = /--scale (\S+)/.exec(commands);
      const scale = scaleOption ? Number(scaleOption[1]) : undefined;
      expect(scale).toBe(form.scaling < 1 ? form.scaling : undefined);
      const { model } = modelFromOptions({ params: join(dir, 'network.yaml'), scale });
      expect(model.label).toBe(new MultiAreaModel(networkParamsOf(page)).label);
      expect(resolveSimulationParams(simParamsFromOptions({ sim: join(dir, 'simulation.yaml') }))).toEqual(resolveSimulationParams(page.simulation));
      expect(commands).toContain('npx mam simulate --params network.yaml --sim simulation.yaml');
    });
  }

  it('checks the simulation parameters with the library schema', () => {
    expect(() => checkSimulationParams(explorerParams({ ...DEFAULT_FORM, tSim: -5 }))).toThrow(/t_sim/);
    expect(() => checkSimulationParams(explorerParams({ ...DEFAULT_FORM, workers: 0 }))).toThrow(/threads/);
    expect(() => checkSimulationParams(explorerParams({ ...DEFAULT_FORM, areas: [] }))).toThrow(/areas_simulated: got \[\]/);
  });
});
