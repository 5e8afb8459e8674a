/** The page's side of the model worker: requests as promises; a newer build request supersedes an older one. */
import type { ExplorerParams, ModelRequest, ModelResponse, ScanPoint } from './protocol.ts';

type Pending = { resolve: (m: ModelResponse) => void; reject: (e: Error) => void; onPoint?: (p: ScanPoint) => void };
type Request = ModelRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export class ModelClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor() {
    this.worker = new Worker(new URL('./model-worker.ts', import.meta.url), { type: 'module', name: 'model' });
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
