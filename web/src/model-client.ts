/**
 * The page's side of the model workers: requests as promises. Two instances of the same worker: one for
 * what the page waits on (build, plan, signals, export), one for the long jobs (λ_max, the χ scan), so
 * that a parameter change never waits behind an eigenvalue problem or a scan.
 */
import type { ExplorerParams, ModelRequest, ModelResponse, ScanPoint } from './protocol.ts';

type Pending = { resolve: (m: ModelResponse) => void; reject: (e: Error) => void; onPoint?: (p: ScanPoint) => void };
type Request = ModelRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

class WorkerClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(name: string) {
    this.worker = new Worker(new URL('./model-worker.ts', import.meta.url), { type: 'module', name });
    this.worker.onmessage = (e: MessageEvent<ModelResponse>) => {
      const m = e.data;
      const p = this.pending.get(m.id);
      if (!p) return;
      if (m.type === 'scan-point') return p.onPoint?.(m.point);
      this.pending.delete(m.id);
      if (m.type === 'error') p.reject(new Error(m.message));
      else p.resolve(m);
    };
    this.worker.onerror = (e) => {
      for (const p of this.pending.values()) p.reject(new Error(`model worker failed: ${e.message}`));
      this.pending.clear();
    };
  }

  request<T extends ModelResponse['type']>(req: Request, onPoint?: (p: ScanPoint) => void, transfer: Transferable[] = []): Promise<Extract<ModelResponse, { type: T }>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (m: ModelResponse) => void, reject, onPoint });
      this.worker.postMessage({ ...req, id }, transfer);
    });
  }

  init(baseUrl: string): Promise<unknown> {
    return this.request<'ready'>({ type: 'init', baseUrl });
  }

  build(params: ExplorerParams) {
    return this.request<'built'>({ type: 'build', params });
  }
}

const BACKGROUND: ReadonlySet<string> = new Set(['stability', 'scan']);

export class ModelClient {
  private readonly interactive = new WorkerClient('model');
  private readonly background = new WorkerClient('model-background');

  request<T extends ModelResponse['type']>(req: Request, onPoint?: (p: ScanPoint) => void, transfer: Transferable[] = []): Promise<Extract<ModelResponse, { type: T }>> {
    return (BACKGROUND.has(req.type) ? this.background : this.interactive).request<T>(req, onPoint, transfer);
  }

  async init(baseUrl: string): Promise<void> {
    await this.interactive.init(baseUrl);
    // The background worker's data comes from the browser cache; the page does not wait for it.
    void this.background.init(baseUrl);
  }

  build(params: ExplorerParams) {
    return this.interactive.build(params);
  }
}
