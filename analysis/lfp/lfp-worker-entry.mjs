// Plain-JavaScript entry of `mam lfp` worker threads: registers the TypeScript loader (tsx) inside the
// worker, then loads the worker proper. Works under node, tsx, vitest and the compiled CLI alike.
import { register } from 'tsx/esm/api';

register();
await import('./lfp-worker.ts');
