/**
 * The parameter form: what it shows and how it becomes the library's parameter trees (upstream nesting).
 * Validation is the library's own (resolveSimulationParams here, resolveNetworkParams in the model
 * worker), so the messages are those of the command line.
 */
import { BUNDLED_K_PRIME, MODEL_AREA_LIST } from '../../multiarea/index.ts';
import { resolveSimulationParams } from '../../simulation/simulation-params.ts';
import type { ExplorerParams } from './protocol.ts';

export const DEFAULT_FORM = {
  scaling: 0.01,
  chi: 1.0,
  chiI: 1.0,
  kStable: true,
  replacement: 'hom_poisson_stat',
  areas: ['V1', 'V2'],
  tSim: 1000,
  workers: 2,
  seed: 1,
};

export type FormValues = typeof DEFAULT_FORM;

function field(label: string, html: string, title = ''): string {
  return `<label title="${title}"><span>${label}</span>${html}</label>`;
}

export function renderForm(form: HTMLFormElement, v: FormValues = DEFAULT_FORM): void {
  form.innerHTML = `
    <fieldset><legend>Network</legend>
      ${field('scaling', `<input name="scaling" type="number" step="any" value="${v.scaling}">`, 'N_scaling = K_scaling (as mam --scale); down-scaled networks use the bundled full-scale rates')}
      ${field('χ (cc_weights_factor)', `<input name="chi" type="number" step="any" value="${v.chi}">`, 'connection_params.cc_weights_factor')}
      ${field('χ_I (cc_weights_I_factor)', `<input name="chiI" type="number" step="any" value="${v.chiI}">`, 'connection_params.cc_weights_I_factor')}
      ${field('K_stable (bundled K′)', `<input name="kStable" type="checkbox" ${v.kStable ? 'checked' : ''}>`, 'connection_params.K_stable: bundled stabilized indegrees, or none')}
      ${field('input from areas not simulated', `<select name="replacement">
          <option value="hom_poisson_stat" ${v.replacement === 'hom_poisson_stat' ? 'selected' : ''}>Poisson at rate_ext (hom_poisson_stat)</option>
          <option value="none" ${v.replacement === 'none' ? 'selected' : ''}>dropped (null)</option>
        </select>`, 'connection_params.replace_non_simulated_areas (het_ modes need rate files: use the command line)')}
    </fieldset>
    <fieldset><legend>Simulation</legend>
      <div class="areas">${MODEL_AREA_LIST.map((a) => `<label><input type="checkbox" name="area" value="${a}" ${v.areas.includes(a) ? 'checked' : ''}>${a}</label>`).join('')}</div>
      <div class="area-buttons"><button type="button" data-areas="all">all 32</button><button type="button" data-areas="V1,V2">V1+V2</button></div>
      ${field('t_sim (ms)', `<input name="tSim" type="number" step="any" value="${v.tSim}">`)}
      ${field('workers', `<input name="workers" type="number" step="1" value="${v.workers}">`, 'simulation threads (results do not depend on it); one without cross-origin isolation')}
      ${field('seed', `<input name="seed" type="number" step="1" value="${v.seed}">`, 'rng_seed')}
    </fieldset>`;
  for (const b of form.querySelectorAll<HTMLButtonElement>('[data-areas]')) {
    b.onclick = () => {
      const pick = b.dataset.areas === 'all' ? MODEL_AREA_LIST : b.dataset.areas!.split(',');
      for (const box of form.querySelectorAll<HTMLInputElement>('input[name=area]')) box.checked = pick.includes(box.value);
      form.dispatchEvent(new Event('input'));
    };
  }
}

/** Empty number fields become NaN, which the schemas reject with the parameter's name. */
function num(form: HTMLFormElement, name: string): number {
  const el = form.elements.namedItem(name) as HTMLInputElement;
  return el.value.trim() === '' ? NaN : Number(el.value);
}

export function readForm(form: HTMLFormElement): FormValues {
  return {
    scaling: num(form, 'scaling'),
    chi: num(form, 'chi'),
    chiI: num(form, 'chiI'),
    kStable: (form.elements.namedItem('kStable') as HTMLInputElement).checked,
    replacement: (form.elements.namedItem('replacement') as HTMLSelectElement).value,
    areas: [...form.querySelectorAll<HTMLInputElement>('input[name=area]:checked')].map((b) => b.value),
    tSim: num(form, 'tSim'),
    workers: num(form, 'workers'),
    seed: num(form, 'seed'),
  };
}

/** The library's parameter trees of the form's values; only what differs from the defaults is set. */
export function explorerParams(v: FormValues): ExplorerParams {
  const connection_params: Record<string, unknown> = { cc_weights_factor: v.chi, cc_weights_I_factor: v.chiI };
  if (!v.kStable) connection_params.K_stable = null;
  if (v.replacement !== 'none') connection_params.replace_non_simulated_areas = v.replacement;
  const network: Record<string, unknown> = { connection_params };
  if (v.scaling !== 1) Object.assign(network, { N_scaling: v.scaling, K_scaling: v.scaling });
  const allAreas = v.areas.length === MODEL_AREA_LIST.length;
  const simulation: Record<string, unknown> = { t_sim: v.tSim, threads: v.workers, rng_seed: v.seed };
  if (!allAreas) simulation.areas_simulated = v.areas;
  return { network, simulation };
}

/** Checks the simulation parameters with the library's schema; the error text is the CLI's. */
export function checkSimulationParams(p: ExplorerParams): void {
  if (Array.isArray(p.simulation.areas_simulated) && p.simulation.areas_simulated.length === 0) {
    throw new Error('areas_simulated: got []; expected at least one area');
  }
  resolveSimulationParams(p.simulation);
}

/** The `mam` commands that reproduce what the page shows, with the two parameter files of the export. */
export function mamCommands(v: FormValues): string {
  const scale = v.scaling !== 1 ? ` --scale ${v.scaling}` : '';
  return [
    `npx mam export --params network.yaml${scale} --format json --out connectivity.json`,
    `npx mam theory --params network.yaml${scale} --stability --out rates.json`,
    `npx mam simulate --params network.yaml --sim simulation.yaml${scale} --spikes-format sonata`,
  ].join('\n');
}

export { BUNDLED_K_PRIME };
