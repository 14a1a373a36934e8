import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { FakeStripe } from './fake-stripe';
import { stripeEnv } from './stripe-webhooks';
import { startTestApp, TestApp, TestAppOptions } from './test-app';

export const SCREENSHOT_DIR = join(__dirname, '..', '..', 'test-artifacts', 'screenshots');

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

/** Chromium starts in 1-3 s here; jest's hook timeout is 60 s (jest.config.js). */
const LAUNCH_TIMEOUT_MS = 30_000;

export interface BrowserHarness {
  t: TestApp;
  baseUrl: string;
  context: BrowserContext;
  page: Page;
  /** Every URL the pages requested that is NOT on the service's own origin (must stay empty). */
  foreignRequests: string[];
  /** Uncaught errors and console errors in the pages. */
  pageErrors: string[];
  screenshot(name: string, width: number): Promise<string>;
  close(): Promise<void>;
}

export interface BrowserHarnessOptions extends TestAppOptions {
  /** The browser to start (Debian's chromium; another path only to test a browser that cannot start). */
  executablePath?: string;
}

/**
 * The whole app listening on a loopback port, and Debian's Chromium (playwright-core, no downloaded browser)
 * with a fresh profile directory that is removed afterwards.
 */
export async function startBrowserHarness(opts: BrowserHarnessOptions = {}): Promise<BrowserHarness> {
  const { executablePath = '/usr/bin/chromium', ...appOpts } = opts;
  const t = await startTestApp({ seed: true, ...appOpts });
  let profile: string | undefined;
  let context: BrowserContext | undefined;
  const close = async () => {
    try {
      await context?.close();
    } finally {
      if (profile) rmSync(profile, { recursive: true, force: true });
      await t.close();
    }
  };
  // Whatever fails from here on (the browser not starting, above all), the app started above is closed before the
  // error goes on: the caller gets no harness to close, and a listening app would keep the test run from ending.
  try {
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const baseUrl = `http://127.0.0.1:${port}`;
    profile = mkdtempSync(join(tmpdir(), 'tollgate-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      // playwright passes the profile as --user-data-dir itself (and refuses it in args).
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
      // Well inside the hook's timeout, so a browser that hangs at start fails here and the app is closed.
      timeout: LAUNCH_TIMEOUT_MS,
    });
    const foreignRequests: string[] = [];
    const pageErrors: string[] = [];
    context.on('request', (req) => {
      const url = req.url();
      if (!url.startsWith(`${baseUrl}/`) && !url.startsWith('data:') && url !== 'about:blank') foreignRequests.push(url);
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (msg) => {
      // An API answering 4xx is logged by Chromium as "Failed to load resource"; the pages handle those.
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) pageErrors.push(msg.text());
    });
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    return {
      t,
      baseUrl,
      context,
      page,
      foreignRequests,
      pageErrors,
      async screenshot(name, width) {
        await page.setViewportSize({ width, height: 900 });
        const path = join(SCREENSHOT_DIR, `${name}-${width}.png`);
        await page.screenshot({ path, fullPage: true });
        return path;
      },
      close,
    };
  } catch (e) {
    await close().catch(() => undefined);
    throw e;
  }
}

/**
 * The harness with the app on a fresh fake Stripe, and no per-instance caches (a page must show what changed on its
 * very next load). Stripe's hosted Checkout page is outside the service: it is answered here, so tests stay on loopback.
 */
export async function startStripeBrowserHarness(): Promise<{ b: BrowserHarness; fake: FakeStripe; close(): Promise<void> }> {
  const fake = await FakeStripe.start();
  const b = await startBrowserHarness({ env: { ...stripeEnv(fake), CACHE_TTL_SECONDS: '0' } }).catch(async (e: unknown) => {
    await fake.close();
    throw e;
  });
  b.page.setDefaultTimeout(10_000);
  await b.page.route(`${fake.url}/pay/**`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<title>Checkout</title><p>Fake Stripe Checkout</p>' }),
  );
  return {
    b,
    fake,
    async close() {
      try {
        await b.close();
      } finally {
        await fake.close();
      }
    },
  };
}
