/**
 * The node and edge models a SONATA circuit may use on our engine, as BMTK PointNet creates them in
 * NEST: nest:iaf_psc_exp and nest:iaf_psc_alpha neurons (NEST's defaults for parameters the
 * dynamics_params file leaves out), nest:poisson_generator and virtual input nodes, static_synapse
 * edges (weight = nsyns x syn_weight, pA; delay in ms). Anything else is refused, naming the file and the field.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { SingleNeuronParams } from '../../multiarea/index.ts';
import type { NeuronModel } from '../engine/plan.ts';

/** The neuron model templates, and their engine models. */
export const NEURON_MODELS: Record<string, NeuronModel> = { 'nest:iaf_psc_exp': 'iaf_psc_exp', 'nest:iaf_psc_alpha': 'iaf_psc_alpha' };
export const GENERATOR_MODEL = 'nest:poisson_generator';
export const SUPPORTED_NODE_MODELS = `${Object.keys(NEURON_MODELS).join(', ')}, ${GENERATOR_MODEL} (model_type point_neuron or point_process), and model_type virtual (spike inputs)`;
export const SYNAPSE_MODELS = ['static_synapse', 'nest:static_synapse'];

/** NEST 3 iaf_psc_exp defaults (mV, pF, ms, pA); V_m is the initial membrane potential. */
export const IAF_PSC_EXP_DEFAULTS = { E_L: -70, C_m: 250, tau_m: 10, t_ref: 2, V_th: -55, V_reset: -70, tau_syn_ex: 2, tau_syn_in: 2, I_e: 0, V_m: -70 };
/** NEST 3.10 iaf_psc_alpha defaults: iaf_psc_exp's, and the lower bound V_min of V_m (mV). */
export const IAF_PSC_ALPHA_DEFAULTS = { ...IAF_PSC_EXP_DEFAULTS, V_min: -Infinity };
const DEFAULTS: Record<NeuronModel, Record<string, number>> = { iaf_psc_exp: IAF_PSC_EXP_DEFAULTS, iaf_psc_alpha: IAF_PSC_ALPHA_DEFAULTS };

export type NodeKind = 'neuron' | 'generator' | 'virtual';

/** What a node type is on our engine; an error for model templates we do not simulate. */
export function nodeKind(type: Record<string, string>, id: number, typesFile: string): NodeKind {
  if (type.model_type === 'virtual') return 'virtual';
  const template = type.model_template;
  if (Object.hasOwn(NEURON_MODELS, template)) return 'neuron';
  if (template === GENERATOR_MODEL) return 'generator';
  throw new Error(`${typesFile}: node type ${id} has model_type ${type.model_type ?? '(none)'}, model_template ${template ?? '(none)'}; supported: ${SUPPORTED_NODE_MODELS}`);
}

/** A dynamics_params JSON file of a types table (null: the type has none). */
export function readDynamicsParams(value: string | undefined, dir: string | undefined, where: string): Record<string, unknown> | null {
  if (value === undefined || value === '' || value === 'NULL' || value === 'None') return null;
  const file = isAbsolute(value) ? value : dir ? join(dir, value) : value;
  if (!existsSync(file)) throw new Error(`${where}: dynamics_params file ${file} not found${dir ? '' : ' (the circuit config names no components directory for it)'}`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${where}: dynamics_params file ${file} is not valid JSON (${(err as Error).message})`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new Error(`${where}: dynamics_params file ${file}: expected a JSON object`);
  return json as Record<string, unknown>;
}

function numberParam(params: Record<string, unknown>, key: string, where: string): number {
  const v = params[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${where}: ${key} = ${JSON.stringify(v)}; expected a finite number`);
  return v;
}

export interface NeuronTypeParams {
  model: NeuronModel;
  neuron: SingleNeuronParams;
  /** Constant input current (pA), initial V_m (mV). */
  I_e: number;
  V_m: number;
  /** iaf_psc_alpha's lower bound of V_m (mV). */
  V_min?: number;
}

/** Parameters of a node type of neuron model `template` (default nest:iaf_psc_exp) from its dynamics_params. */
export function neuronParams(params: Record<string, unknown> | null, where: string, template = 'nest:iaf_psc_exp'): NeuronTypeParams {
  const model = NEURON_MODELS[template];
  const defaults = DEFAULTS[model];
  const p: Record<string, number> = { ...defaults };
  for (const key of Object.keys(params ?? {})) {
    if (!(key in defaults)) throw new Error(`${where}: parameter ${key} is not one of ${template}'s supported parameters (${Object.keys(defaults).join(', ')})`);
    p[key] = numberParam(params!, key, where);
  }
  const { I_e, V_m, V_min, ...neuron } = p;
  return { model, neuron: neuron as unknown as SingleNeuronParams, I_e, V_m, ...(model === 'iaf_psc_alpha' ? { V_min } : {}) };
}

/** Rate (spikes/s) of a poisson_generator node type. */
export function generatorRate(params: Record<string, unknown> | null, where: string): number {
  if (params === null) throw new Error(`${where}: ${GENERATOR_MODEL} without dynamics_params; expected a file with {"rate": spikes/s}`);
  for (const key of Object.keys(params)) if (key !== 'rate') throw new Error(`${where}: ${GENERATOR_MODEL} parameter ${key} is not supported (only rate)`);
  const rate = numberParam(params, 'rate', where);
  if (rate < 0) throw new Error(`${where}: rate = ${rate}; expected >= 0 spikes/s`);
  return rate;
}

/** The synapse model of an edge type: static_synapse only; its dynamics_params may give a delay (ms). */
export function edgeTypeDefaults(type: Record<string, string>, id: number, typesFile: string, synapseDir: string | undefined): { syn_weight: number | null; delay: number | null; nsyns: number } {
  const where = `${typesFile}: edge type ${id}`;
  if (!SYNAPSE_MODELS.includes(type.model_template)) throw new Error(`${where} has model_template ${type.model_template ?? '(none)'}; supported: ${SYNAPSE_MODELS.join(', ')}`);
  if (type.weight_function !== undefined && type.weight_function !== 'NULL') throw new Error(`${where} has weight_function ${type.weight_function}; weight functions are not supported (give syn_weight)`);
  const dyn = readDynamicsParams(type.dynamics_params, synapseDir, where) ?? {};
  for (const key of Object.keys(dyn)) if (key !== 'delay' && key !== 'weight') throw new Error(`${where}: synapse parameter ${key} is not supported by static_synapse on our engine (only delay)`);
  const num = (v: string | undefined, what: string): number | null => {
    if (v === undefined || v === 'NULL') return null;
    const x = Number(v);
    if (!Number.isFinite(x)) throw new Error(`${where}: ${what} '${v}' is not a number`);
    return x;
  };
  const delay = num(type.delay, 'delay') ?? (dyn.delay === undefined ? null : numberParam(dyn, 'delay', where));
  return { syn_weight: num(type.syn_weight, 'syn_weight'), delay, nsyns: num(type.nsyns, 'nsyns') ?? 1 };
}
