/**
 * The parameter form: what it shows and how its fields are read (explorer-params.ts turns the values
 * into the library's parameter trees; validation is the library's own, in the page and the model worker).
 */
import { MODEL_AREA_LIST } from '../../multiarea/index.ts';
import { DEFAULT_FORM, type FormValues } from './explorer-params.ts';

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

