import { dirname, join } from 'node:path';

/**
 * Browser builds of npm packages the pages use, served by the service itself from node_modules at /vendor/<name>
 * (nothing is loaded from a CDN; the pages' CSP allows this origin only). Only the names listed here are served.
 */
const VENDOR_FILES: Record<string, () => string> = {
  // Chart.js's UMD build (sets globalThis.Chart); the package exports only its module entry points, so from beside those.
  'chart.js': () => join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'),
};

/** The file on disk for a vendor name, or null when the name is not listed. */
export function vendorPath(name: string): string | null {
  return Object.hasOwn(VENDOR_FILES, name) ? VENDOR_FILES[name]() : null;
}
