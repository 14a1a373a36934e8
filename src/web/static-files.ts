import { extname } from 'node:path';

/** The page sections served from public/, each at its own path prefix. */
export type PageSection = 'admin' | 'paywall' | 'shared';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * A file name the pages may ask for: one path segment of lower-case letters, digits and dashes with a known
 * extension. Everything else (dot segments, encoded slashes, dotfiles) is refused before the disk is touched.
 */
export function staticContentType(file: string): string | null {
  if (!/^[a-z0-9][a-z0-9-]*\.[a-z]+$/.test(file)) return null;
  return CONTENT_TYPES[extname(file)] ?? null;
}

/**
 * Headers for every page and asset. The CSP is the "nothing loaded from outside the service" rule made
 * enforceable: scripts, styles, images, fonts and fetches may only come from this origin.
 */
export const PAGE_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};
