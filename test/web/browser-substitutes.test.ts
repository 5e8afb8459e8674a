/**
 * The browser build swaps library modules for stand-ins (web/platform/browser-substitutes.ts); a stand-in
 * that lacks a name the real module exports breaks the build only when Vite runs. This checks it directly.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../core/index.ts';
import { BROWSER_SUBSTITUTES } from '../../web/platform/browser-substitutes.ts';

describe('browser substitutes', () => {
  for (const [original, substitute] of Object.entries(BROWSER_SUBSTITUTES)) {
    it(`${substitute} exports every name of ${original}`, async () => {
      const real = await import(pathToFileURL(join(PROJECT_ROOT, original)).href);
      const stand = await import(pathToFileURL(join(PROJECT_ROOT, substitute)).href);
      const missing = Object.keys(real).filter((name) => !(name in stand));
      expect(missing).toEqual([]);
    });
  }
});
