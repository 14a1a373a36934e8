import fc from 'fast-check';
import { findUnstorableText, isUnstorableText, jsonDepthExceeds } from './json-input';

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
      node: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(text, tie('node'), { maxKeys: 3 })),
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
