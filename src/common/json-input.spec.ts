import fc from 'fast-check';
import { findUnstorableText, isUnstorableText, jsonDepthExceeds, toStorableJson, toStorableText } from './json-input';

/** Nesting depth of a parsed value, the slow obvious way. */
function depthOf(v: unknown): number {
  if (Array.isArray(v)) return 1 + Math.max(0, ...v.map(depthOf));
  if (v !== null && typeof v === 'object') return 1 + Math.max(0, ...Object.values(v).map(depthOf));
  return 0;
}

describe('jsonDepthExceeds', () => {
  it('agrees with the depth of the parsed value for any JSON text, brackets and escapes inside strings included', () => {
    const text = fc.string({ unit: fc.constantFrom('[', ']', '{', '}', '"', '\\', 'a', 'é', '📰') });
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        text,
        fc.integer(),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(text, tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 8 }), (v, limit) => {
        const bytes = Buffer.from(JSON.stringify(v));
        expect(jsonDepthExceeds(bytes, limit)).toBe(depthOf(v) > limit);
      }),
      { numRuns: 2000 },
    );
  });

  it('answers a 1 MB bracket bomb without recursing', () => {
    expect(jsonDepthExceeds(Buffer.from('['.repeat(1_000_000)), 32)).toBe(true);
  });
});

describe('storable text', () => {
  it.each([
    ['a\u0000b', true],
    ['a\ud800b', true],
    ['\udc00', true],
    ['\ud83d\udcf0', false],
    ['पढ़ें', false],
    ['', false],
  ])('%j unstorable: %s', (s, expected) => {
    expect(isUnstorableText(s)).toBe(expected);
  });

  it('finds the first bad string or key at any depth, by path', () => {
    expect(findUnstorableText({ a: [1, { b: 'ok' }, { c: 'x\u0000' }] })).toBe('a[2].c');
    expect(findUnstorableText({ a: { ['\ud800']: 1 } })).toBe('a');
    expect(findUnstorableText(['ok', { fine: true }])).toBeNull();
    const deep = JSON.parse('['.repeat(100_000) + '"\\u0000"' + ']'.repeat(100_000));
    expect(findUnstorableText(deep)).toMatch(/^(\[0\])+$/);
  });
});

const R = '\uFFFD';

describe('toStorableText', () => {
  it.each([
    ['plain text', 'evt_1', 'evt_1'],
    ['a NUL', 'a\0b', `a${R}b`],
    ['only NULs', '\0\0', `${R}${R}`],
    ['a lone high surrogate', 'x\uD800y', `x${R}y`],
    ['a lone low surrogate at the end', 'x\uDC00', `x${R}`],
    ['surrogates in the wrong order', '\uDC00\uD800', `${R}${R}`],
    ['a paired surrogate (kept)', 'a\uD83D\uDE00b', 'a\uD83D\uDE00b'],
    ['the replacement character itself (kept)', `a${R}`, `a${R}`],
    ['empty', '', ''],
  ])('%s', (_name, input, expected) => {
    expect(toStorableText(input)).toBe(expected);
  });
});

describe('toStorableJson', () => {
  it.each([null, 0, 1e20, true, 'text', [], {}, { a: [1, { b: 'c' }] }])('returns a storable value itself: %j', (value) => {
    expect(toStorableJson(value)).toBe(value);
  });

  it('replaces unstorable text in strings and keys at any depth, keeping everything else and the key order', () => {
    const input = { id: 'evt_\0', n: 1, nil: null, list: ['ok', 'x\uD800', { 'k\0': ['\uDC00', 2] }], z: false };
    const out = toStorableJson(input);
    expect(JSON.stringify(out)).toBe(JSON.stringify({ id: `evt_${R}`, n: 1, nil: null, list: ['ok', `x${R}`, { [`k${R}`]: [R, 2] }], z: false }));
    expect(findUnstorableText(out)).toBeNull();
    expect(input.id).toBe('evt_\0'); // a copy: the input is untouched
  });

  it('keeps a `__proto__` key as data rather than setting the prototype', () => {
    const input = JSON.parse('{"__proto__":{"polluted":"\\u0000"}}');
    const out = toStorableJson(input) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(JSON.stringify(out)).toBe(`{"__proto__":{"polluted":"${R}"}}`);
  });

  it('walks nesting far deeper than the call stack allows', () => {
    const depth = 50_000;
    let deep: unknown = '\0';
    for (let i = 0; i < depth; i++) deep = [deep];
    let out = toStorableJson(deep);
    for (let i = 0; i < depth; i++) out = (out as unknown[])[0];
    expect(out).toBe(R);
  });
});
