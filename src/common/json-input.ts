import { DomainError } from './errors';

/**
 * Deepest nesting of arrays and objects a JSON body may have. Tollgate's own bodies nest three levels at most; a
 * limit checked on the raw bytes, before JSON.parse, keeps a hostile body from costing anything: V8 parses 1 MB of
 * nested brackets in ~400 ms, and the validation layers after it recurse.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether the nesting of a JSON text goes deeper than `limit`, by one pass over its bytes (brackets inside strings
 * do not count). ~90 ns for a meter-read body, a few ms for 1 MB; it stops at the first bracket past the limit.
 */
export function jsonDepthExceeds(bytes: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next byte (\" and \\ included)
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** A string PostgreSQL cannot store as text or jsonb: a NUL character, or a UTF-16 surrogate without its pair. */
export function isUnstorableText(s: string): boolean {
  return s.includes('\0') || !s.isWellFormed();
}

/**
 * The path (`a.b[2]`, '' for the value itself) of the first string or key in a parsed JSON value that PostgreSQL
 * cannot store, or null. Walks with its own stack, so no input can exhaust the call stack.
 */
export function findUnstorableText(value: unknown): string | null {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (isUnstorableText(v)) return path;
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push([v[i], `${path}[${i}]`]);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        const childPath = path ? `${path}.${k}` : k;
        if (isUnstorableText(k)) return path || '(key)';
        stack.push([child, childPath]);
      }
    }
  }
  return null;
}

/** Throws the 400 for text PostgreSQL cannot store, naming where it is (`where`: "body", "path", "query"). */
export function assertStorableText(value: unknown, where: string): void {
  const path = findUnstorableText(value);
  if (path === null) return;
  const field = path || where;
  throw new DomainError(
    'UNSUPPORTED_CHARACTER',
    `${field} contains a NUL character or an unpaired UTF-16 surrogate, which cannot be stored`,
    [{ field, message: 'contains a NUL character or an unpaired UTF-16 surrogate' }],
  );
}
