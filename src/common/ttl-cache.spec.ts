import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  let now = 1_000;
  beforeEach(() => jest.spyOn(Date, 'now').mockImplementation(() => now));
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
