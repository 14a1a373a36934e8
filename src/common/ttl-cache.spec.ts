import { expiryFrom, TtlCache } from './ttl-cache';

describe('expiryFrom', () => {
  afterEach(() => jest.restoreAllMocks());

  it.each([
    [0, 3000],
    [0.5, 2750],
    [0.9999, 2501],
  ])('with Math.random() = %p an entry stored at 1000 with a 2000 ms TTL lapses at %p: in the last quarter, never later', (r, at) => {
    jest.spyOn(Math, 'random').mockReturnValue(r);
    expect(expiryFrom(1000, 2000)).toBe(at);
  });

  it('spreads entries stored in the same millisecond over the last quarter of the TTL', () => {
    const at = new Set(Array.from({ length: 200 }, () => expiryFrom(0, 2000)));
    expect(Math.min(...at)).toBeGreaterThan(1500);
    expect(Math.max(...at)).toBeLessThanOrEqual(2000);
    expect(at.size).toBeGreaterThan(100);
  });
});

describe('TtlCache', () => {
  let now = 1_000;
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    jest.spyOn(Math, 'random').mockReturnValue(0); // the full TTL (expiryFrom's spread is tested above)
  });
  afterEach(() => jest.restoreAllMocks());

  it('keeps an entry for ttlMs, then forgets it', () => {
    const c = new TtlCache<number>(2000, 10);
    c.set('a', 1);
    now += 1999;
    expect(c.get('a')).toBe(1);
    now += 1;
    expect(c.get('a')).toBeUndefined();
  });

  it('keeps nothing with ttlMs 0, and delete() forgets at once', () => {
    const none = new TtlCache<number>(0, 10);
    none.set('a', 1);
    expect(none.get('a')).toBeUndefined();
    const c = new TtlCache<number>(2000, 10);
    c.set('a', 1);
    c.delete('a');
    expect(c.get('a')).toBeUndefined();
  });

  it('holds at most maxEntries, dropping the oldest first', () => {
    const c = new TtlCache<number>(60_000, 2);
    c.set('a', 1);
    c.set('b', 2);
    c.set('c', 3);
    expect([c.get('a'), c.get('b'), c.get('c')]).toEqual([undefined, 2, 3]);
  });
});
