#!/usr/bin/env node
// Entry point of the `mam` command: runs the compiled bundle of the CLI when it matches the sources
// (cli-bundle.js), else the TypeScript sources through tsx. MAM_CLI_TSX=1 forces tsx; MAM_DEBUG=1 prints stack
// traces of errors (with source positions).
import { cliBundleUrl } from './cli-bundle.js';

// A reader that stops early (`mam --help | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
const debug = process.env.MAM_DEBUG !== undefined && process.env.MAM_DEBUG !== '' && process.env.MAM_DEBUG !== '0';
if (debug) process.setSourceMapsEnabled(true);
const bundle = process.env.MAM_CLI_TSX === '1' ? null : await cliBundleUrl();
let main;
if (bundle) {
  ({ main } = await import(bundle.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('./main.ts'));
}
process.exitCode = await main(process.argv);
