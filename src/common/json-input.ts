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
      if (c === 0x5c)
        i++; // a backslash escapes the next byte (\" and \\ included)
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

/** `s` with each NUL and unpaired surrogate replaced by U+FFFD (the replacement character); `s` itself when storable. */
export function toStorableText(s: string): string {
  return isUnstorableText(s) ? s.toWellFormed().replaceAll('\0', '\uFFFD') : s;
}

/**
 * A parsed JSON value PostgreSQL can store as jsonb: a copy with toStorableText applied to every string and key, or
 * the value itself when nothing needs replacing. Lossy by design (two keys may become one): keep the original bytes
 * beside it where they matter. Walks with its own stack, so no input can exhaust the call stack.
 */
export function toStorableJson(value: unknown): unknown {
  if (findUnstorableText(value) === null) return value;
  const root: { value?: unknown } = {};
  const stack: [source: unknown, target: object, key: string | number][] = [[value, root, 'value']];
  while (stack.length) {
    const [v, target, key] = stack.pop()!;
    if (typeof v === 'string') put(target, key, toStorableText(v));
    else if (Array.isArray(v)) {
      const copy: unknown[] = new Array(v.length);
      put(target, key, copy);
      for (let i = 0; i < v.length; i++) stack.push([v[i], copy, i]);
    } else if (v !== null && typeof v === 'object') {
      const copy = {};
      put(target, key, copy);
      for (const [k, child] of Object.entries(v)) {
        const storableKey = toStorableText(k);
        put(copy, storableKey, undefined); // placed now, filled when popped: the copy keeps the source's key order
        stack.push([child, copy, storableKey]);
      }
    } else put(target, key, v);
  }
  return root.value;
}

/** Sets an own property even for a key like `__proto__` (which plain assignment would treat as the prototype). */
function put(target: object, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
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
  throw new DomainError('UNSUPPORTED_CHARACTER', `${field} contains a NUL character or an unpaired UTF-16 surrogate, which cannot be stored`, [
    { field, message: 'contains a NUL character or an unpaired UTF-16 surrogate' },
  ]);
}
