// Plain-JavaScript entry of simulation workers: registers the TypeScript loader (tsx) inside the
// worker thread, then loads the worker proper. Works under node, tsx and vitest alike.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
