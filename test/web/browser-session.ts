/**
 * Test helpers of the explorer: the built page served by Vite's preview server (with the cross-origin
 * isolation headers, or without them), and Debian's Chromium driven headless by playwright-core. Tests
 * skip with a message where Chromium is absent (apt-get install -y chromium).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { buildExplorer } from '../../web/build/build-page.ts';
import { PROJECT_ROOT } from '../helpers/shared.ts';

export const CHROMIUM_PATH = process.env.MULTIAREA_CHROMIUM ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM_PATH);
export const SKIP_REASON = `Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) to run the browser tests of the explorer`;
export const SCREENSHOT_DIR = join(PROJECT_ROOT, 'web', 'screenshots');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Builds the page into web/dist, as npm run web:build does. */
export async function buildPage(): Promise<void> {
  await buildExplorer();
}

/** Serves web/dist on a free loopback port; `isolated: false` leaves out the COOP/COEP headers. */
export async function servePage(isolated = true): Promise<{ url: string; close: () => Promise<void> }> {
  const server: PreviewServer = await preview({
    configFile: join(PROJECT_ROOT, 'vite.config.ts'),
    logLevel: 'error',
    preview: {
      port: 0,
      host: '127.0.0.1',
      strictPort: false,
      // Merged over the config's headers: the browser defaults, which leave the page not isolated.
      ...(isolated ? {} : { headers: { 'Cross-Origin-Opener-Policy': 'unsafe-none', 'Cross-Origin-Embedder-Policy': 'unsafe-none' } }),
    },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview gave no URL');
  return { url, close: () => server.close() };
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors seen so far. */
  errors: string[];
  close(): Promise<void>;
}

export async function openBrowser(): Promise<BrowserSession> {
  const profile = mkdtempSync(join(tmpdir(), 'multiarea-chromium-'));
  // A fresh profile (--user-data-dir) each time: playwright passes it for a persistent context.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  page.on('pageerror', (err) => errors.push(err.message));
  return {
    context,
    page,
    errors,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
