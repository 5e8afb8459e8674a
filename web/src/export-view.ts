/**
 * Export view: the parameters of what is on screen (YAML, for --params and --sim), the connectivity
 * (the library's export document as JSON, and its CSV tables), the spikes of the last run (SONATA), and
 * the `mam` commands that reproduce them.
 */
import type { LiveSimulation } from './live-simulation.ts';
import type { ModelClient } from './model-client.ts';
import { mamCommands, parameterFiles, type FormValues } from './explorer-params.ts';
import type { ExplorerParams } from './protocol.ts';
import { sonataSpikesFile } from './sonata-spikes.ts';

export function download(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export class ExportView {
  sim: LiveSimulation | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly client: ModelClient,
    private readonly params: () => ExplorerParams,
    private readonly form: () => FormValues,
  ) {
    root.innerHTML = `
      <section><h3>Parameters</h3><p>
        <button data-export="network.yaml">network.yaml</button> <button data-export="simulation.yaml">simulation.yaml</button></p></section>
      <section><h3>Connectivity of the model on screen</h3><p>
        <button data-export="connectivity.json">connectivity.json</button> <button data-export="connections.csv">connections.csv</button>
        <button data-export="populations.csv">populations.csv</button></p></section>
      <section><h3>Spikes of the last run</h3><p><button data-export="spikes.h5">spikes.h5 (SONATA)</button></p></section>
      <p id="export-status"></p>
      <section><h3>The same on the command line</h3><pre id="mam-commands"></pre></section>`;
    for (const b of root.querySelectorAll<HTMLButtonElement>('[data-export]')) b.onclick = () => void this.export(b.dataset.export!);
  }

  refresh(): void {
    this.root.querySelector('#mam-commands')!.textContent = mamCommands(this.form());
  }

  private async export(name: string): Promise<void> {
    const status = this.root.querySelector('#export-status')!;
    try {
      if (name.endsWith('.yaml')) {
        const files = parameterFiles(this.params(), this.form());
        download(name, name === 'network.yaml' ? files.network : files.simulation, 'application/yaml');
      } else if (name === 'spikes.h5') {
        if (!this.sim) throw new Error('no run yet: run a simulation first');
        download(name, (await sonataSpikesFile(this.sim)) as BlobPart, 'application/x-hdf5');
      } else {
        const doc = await this.client.request<'export'>({ type: 'export', params: this.params() });
        const text = name === 'connectivity.json' ? doc.json : name === 'connections.csv' ? doc.connectionsCsv : doc.populationsCsv;
        download(name, text, name.endsWith('.json') ? 'application/json' : 'text/csv');
      }
      status.textContent = '';
    } catch (err) {
      status.textContent = (err as Error).message;
    }
  }
}
