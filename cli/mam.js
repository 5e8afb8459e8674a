#!/usr/bin/env node
// Entry point of the `mam` command: loads the TypeScript CLI through tsx so no build step is needed.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
await main(process.argv);
