import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import yaml from 'js-yaml';
import { z } from 'zod';
import { PROJECT_ROOT } from '../../core/index.ts';
import { KernelApprox, type KernelResult } from './kernel-approx.ts';
import { loadMorphology } from './morphology.ts';
import { toRows } from './dense-matrix.ts';
import type { ForwardModel } from './forward/forward-model.ts';
import { GaussCylinderPotential } from './forward/gauss-cylinder.ts';
import { CurrentDipoleMoment, KernelApproxCurrentDipoleMoment } from './forward/current-dipole-moment.ts';
import { PointSourcePotential } from './forward/point-source.ts';
import { LineSourcePotential } from './forward/line-source.ts';
import { InfiniteMediumDipolePotential } from './forward/dipole-potential.ts';
import { FourSphereVolumeConductor } from './forward/four-sphere.ts';
import { PopulationAveragedPotential } from './forward/population-average.ts';
import { forwardModelsFromElectrodes, loadElectrodesCsv } from './electrodes.ts';

const num = z.number().refine(Number.isFinite, 'expected a finite number');
const pos = num.refine((v) => v > 0, 'expected a positive number');
const vec3 = z.tuple([num, num, num]);

const distribution = z.discriminatedUnion('fun', [
  z.object({ fun: z.literal('norm'), loc: num, scale: pos }).strict(),
  z.object({ fun: z.literal('truncnorm'), a: num.nullable(), b: num.nullable(), loc: num, scale: pos }).strict(),
]);

const exp2Syn = z
  .object({ syntype: z.literal('Exp2Syn').optional(), weight: num, tau1: pos, tau2: pos, e: num.optional() })
  .strict();

const forwardModel = z.discriminatedUnion('type', [
  z.object({ type: z.literal('GaussCylinderPotential'), name: z.string().optional(), z: z.array(num).min(1), sigma: pos.default(0.3), R: pos, sigmaZ: pos }).strict(),
  z.object({ type: z.literal('KernelApproxCurrentDipoleMoment'), name: z.string().optional() }).strict(),
  z.object({ type: z.literal('CurrentDipoleMoment'), name: z.string().optional() }).strict(),
  z.object({ type: z.literal('PointSourcePotential'), name: z.string().optional(), x: z.array(num), y: z.array(num), z: z.array(num), sigma: pos.default(0.3), populationAverage: z.boolean().default(false) }).strict(),
  z.object({ type: z.literal('LineSourcePotential'), name: z.string().optional(), x: z.array(num), y: z.array(num), z: z.array(num), sigma: pos.default(0.3), populationAverage: z.boolean().default(false) }).strict(),
  z.object({ type: z.literal('InfiniteMediumDipolePotential'), name: z.string().optional(), rElectrodes: z.array(vec3).min(1), dipoleLocation: vec3, sigma: pos.default(0.3), dipole: z.enum(['population', 'cell']).optional() }).strict(),
  z.object({ type: z.literal('FourSphereVolumeConductor'), name: z.string().optional(), rElectrodes: z.array(vec3).min(1), dipoleLocation: vec3, radii: z.array(pos).length(4).optional(), sigmas: z.array(pos).length(4).optional(), dipole: z.enum(['population', 'cell']).optional() }).strict(),
  z.object({ type: z.literal('electrodes'), csv: z.string().min(1), sigma: pos.optional(), R: pos.optional(), sigmaZ: pos.optional(), dipoleLocation: vec3.optional(), radii: z.array(pos).length(4).optional(), sigmas: z.array(pos).length(4).optional() }).strict(),
]);

/** Schema of a kernel specification file (JSON or YAML); documented in docs/kernels.md. */
export const kernelSpecSchema = z
  .object({
    description: z.string().optional(),
    X: z.array(z.string().min(1)).min(1),
    Y: z.string().min(1),
    N_X: z.array(pos),
    N_Y: pos,
    C_YX: z.array(num.refine((c) => c >= 0 && c <= 1, 'expected a probability in [0, 1]')),
    nuX: z.record(z.string(), num),
    cell: z
      .object({
        morphology: z.string().min(1),
        Ra: pos,
        cm: pos,
        gPas: pos,
        ePas: num,
        vInit: num.default(-70),
        nseg: z.union([z.literal('lambda100'), z.literal('lambda_f'), z.number().int().positive()]).default('lambda100'),
        dLambda: pos.optional(),
        lambdaFrequency: pos.optional(),
      })
      .strict(),
    population: z.object({ radius: pos, loc: num, scale: pos }).strict(),
    rotation: z.object({ x: num.optional(), y: num.optional() }).strict().optional(),
    multapse: z.array(distribution),
    delay: z.array(distribution),
    synapse: z.array(exp2Syn),
    synapsePosition: z.array(
      z
        .object({
          section: z.union([z.string(), z.array(z.string()).min(1)]),
          zMin: num.optional(),
          zMax: num.optional(),
          fun: z.array(distribution).min(1),
          funweights: z.array(num).min(1),
        })
        .strict(),
    ),
    extSynapse: exp2Syn,
    nuExt: num,
    nExt: num,
    conductanceBased: z.boolean().default(true),
    kernel: z
      .object({
        X: z.string().min(1),
        Vrest: z.union([num, z.array(num)]).default(-65),
        dt: pos.default(2 ** -4),
        tX: num.default(200),
        tau: pos.default(50),
        gEff: z.boolean().default(true),
        fir: z.boolean().default(false),
      })
      .strict(),
    forwardModels: z.array(forwardModel).min(1),
  })
  .strict();

export type KernelSpec = z.infer<typeof kernelSpecSchema>;

/** Validates a parsed spec object; errors list every problem with its path. */
export function parseKernelSpec(value: unknown, source = 'kernel spec'): KernelSpec {
  const parsed = kernelSpecSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`).join('\n');
    throw new Error(`${source} is invalid:\n${issues}`);
  }
  return parsed.data;
}

/** Reads and validates a JSON (.json) or YAML (.yaml/.yml) spec file. */
export function loadKernelSpec(file: string): KernelSpec {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`kernel spec ${file}: cannot be read (${(err as Error).message})`);
  }
  let value: unknown;
  try {
    value = /\.ya?ml$/i.test(file) ? yaml.load(text) : JSON.parse(text);
  } catch (err) {
    throw new Error(`kernel spec ${file}: cannot be parsed (${(err as Error).message})`);
  }
  return parseKernelSpec(value, `kernel spec ${file}`);
}

/** Resolves a file named in a spec: relative to the spec's folder, else to the project root (shipped data, e.g. data/morphologies/). */
export function resolveSpecPath(file: string, baseDir: string): string {
  if (isAbsolute(file)) return file;
  const local = join(baseDir, file);
  if (existsSync(local)) return local;
  const shipped = join(PROJECT_ROOT, file);
  if (existsSync(shipped)) return shipped;
  throw new Error(`file "${file}" named in the kernel spec was found neither in ${baseDir} nor in ${PROJECT_ROOT}`);
}

export function buildKernelApprox(spec: KernelSpec, baseDir: string): KernelApprox {
  const morphology = loadMorphology(resolveSpecPath(spec.cell.morphology, baseDir));
  const { morphology: _m, ...passive } = spec.cell;
  return new KernelApprox({
    X: spec.X,
    Y: spec.Y,
    N_X: spec.N_X,
    N_Y: spec.N_Y,
    C_YX: spec.C_YX,
    nuX: spec.nuX,
    cell: { morphology, passive },
    population: spec.population,
    rotation: spec.rotation,
    multapse: spec.multapse,
    delay: spec.delay,
    synapse: spec.synapse,
    synapsePosition: spec.synapsePosition,
    extSynapse: spec.extSynapse,
    nuExt: spec.nuExt,
    nExt: spec.nExt,
    conductanceBased: spec.conductanceBased,
  });
}

export function buildForwardModels(spec: KernelSpec, baseDir: string): ForwardModel[] {
  const out: ForwardModel[] = [];
  for (const fm of spec.forwardModels) {
    switch (fm.type) {
      case 'GaussCylinderPotential': out.push(new GaussCylinderPotential(fm)); break;
      case 'KernelApproxCurrentDipoleMoment': out.push(new KernelApproxCurrentDipoleMoment(fm)); break;
      case 'CurrentDipoleMoment': out.push(new CurrentDipoleMoment(fm)); break;
      case 'PointSourcePotential':
      case 'LineSourcePotential': {
        const make = (c: { x: ArrayLike<number>; y: ArrayLike<number>; z: ArrayLike<number> }) =>
          fm.type === 'PointSourcePotential'
            ? new PointSourcePotential({ ...c, sigma: fm.sigma, name: fm.name })
            : new LineSourcePotential({ ...c, sigma: fm.sigma, name: fm.name });
        out.push(
          fm.populationAverage
            ? new PopulationAveragedPotential(make, fm, { radius: spec.population.radius, scale: spec.population.scale, name: fm.name ?? fm.type })
            : make(fm),
        );
        break;
      }
      case 'InfiniteMediumDipolePotential': out.push(new InfiniteMediumDipolePotential(fm)); break;
      case 'FourSphereVolumeConductor': out.push(new FourSphereVolumeConductor(fm)); break;
      case 'electrodes': {
        const electrodes = loadElectrodesCsv(resolveSpecPath(fm.csv, baseDir));
        for (const { model } of forwardModelsFromElectrodes(electrodes, fm)) out.push(model);
        break;
      }
    }
  }
  return out;
}

/** Computes the kernels a spec describes. */
export function computeKernelsFromSpec(spec: KernelSpec, baseDir: string): KernelResult {
  const approx = buildKernelApprox(spec, baseDir);
  const probes = buildForwardModels(spec, baseDir);
  return approx.getKernel(probes, spec.kernel);
}

/** JSON output of `mam kernel`: lags (ms) and H[forward model] as channels x lags. */
export function kernelsToJson(spec: KernelSpec, result: KernelResult): Record<string, unknown> {
  const H: Record<string, number[][]> = {};
  for (const [name, m] of Object.entries(result.H)) H[name] = toRows(m);
  return {
    format: 'multiarea-kernels/1',
    X: spec.kernel.X,
    Y: spec.Y,
    units: { lags: 'ms', potential: 'mV per presynaptic spike', dipoleMoment: 'nA um per presynaptic spike' },
    lags: Array.from(result.lags),
    H,
  };
}
