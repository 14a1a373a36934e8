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

/** A loader whose loads the test settles by hand, counting them. */
function manualLoader<V>() {
  const pending: { resolve: (v: V) => void; reject: (e: Error) => void }[] = [];
  const loader = {
    calls: 0,
    pending,
    load: () =>
      new Promise<V>((resolve, reject) => {
        loader.calls++;
        pending.push({ resolve, reject });
      }),
  };
  return loader;
}

describe('TtlCache', () => {
  let now = 1_000;
  const clock = { elapsedMs: () => now };
  const make = <V>(ttlMs: number, maxEntries = 10, jitter?: boolean) => new TtlCache<V>({ ttlMs, maxEntries, clock, jitter });
  beforeEach(() => {
    now = 1_000;
    jest.spyOn(Math, 'random').mockReturnValue(0); // the full TTL (expiryFrom's spread is tested above)
  });
  afterEach(() => jest.restoreAllMocks());

  it('keeps an entry for ttlMs, then forgets it', () => {
    const c = make<number>(2000);
    c.set('a', 1);
    now += 1999;
    expect(c.get('a')).toBe(1);
    now += 1;
    expect(c.get('a')).toBeUndefined();
  });

  it('keeps nothing with ttlMs 0, and invalidate() forgets at once', () => {
    const none = make<number>(0);
    none.set('a', 1);
    expect(none.get('a')).toBeUndefined();
    const c = make<number>(2000);
    c.set('a', 1);
    c.invalidate('a');
    expect(c.get('a')).toBeUndefined();
  });

  it('holds at most maxEntries, dropping the oldest first', () => {
    const c = make<number>(60_000, 2);
    c.set('a', 1);
    c.set('b', 2);
    c.set('c', 3);
    expect([c.get('a'), c.get('b'), c.get('c')]).toEqual([undefined, 2, 3]);
  });

  it.each([
    [0, true, 1999, 2000],
    [0.9999, true, 1500, 1501],
    [0.9999, false, 1999, 2000],
  ])('with Math.random() = %p and jitter %p, an entry with a 2000 ms TTL is served %p ms after it was stored, not %p', (r, jitter, last, gone) => {
    jest.spyOn(Math, 'random').mockReturnValue(r);
    const c = make<number>(2000, 10, jitter);
    c.set('a', 1);
    now += last;
    expect(c.get('a')).toBe(1);
    c.set('b', 2);
    now += gone - last;
    expect(c.get('a')).toBeUndefined();
  });

  it('keeps an entry for a per-entry TTL when set() is given one', () => {
    const c = make<number>(2000);
    c.set('long', 1, 60_000);
    now += 59_999;
    expect(c.get('long')).toBe(1);
    now += 1;
    expect(c.get('long')).toBeUndefined();
  });

  it('counts an entry stored after the clock moved backwards as expired, not fresh for ever', () => {
    const c = make<number>(2000);
    c.set('a', 1);
    now -= 1;
    expect(c.get('a')).toBeUndefined();
  });

  it('shares one loader call among concurrent loads of one key, then serves it from memory', async () => {
    const c = make<string>(2000);
    const l = manualLoader<string>();
    const all = Promise.all([c.load('k', l.load), c.load('k', l.load), c.load('k', l.load), c.load('other', l.load)]);
    expect(l.calls).toBe(2);
    l.pending.forEach((p) => p.resolve('v'));
    expect(await all).toEqual(['v', 'v', 'v', 'v']);
    expect(await c.load('k', l.load)).toBe('v');
    expect(l.calls).toBe(2);
  });

  it('does not store a load that an invalidate() overtook, and loads afresh after it', async () => {
    const c = make<string>(2000);
    const l = manualLoader<string>();
    const stale = c.load('k', l.load);
    c.invalidate('k');
    const fresh = c.load('k', l.load);
    expect(l.calls).toBe(2);
    l.pending[1].resolve('fresh');
    l.pending[0].resolve('stale');
    expect(await stale).toBe('stale');
    expect(await fresh).toBe('fresh');
    expect(await c.load('k', l.load)).toBe('fresh');
    expect(l.calls).toBe(2);
  });

  it('does not store a load that an invalidateAll() overtook', async () => {
    const c = make<string>(2000);
    const l = manualLoader<string>();
    const stale = c.load('k', l.load);
    c.invalidateAll();
    l.pending[0].resolve('stale');
    expect(await stale).toBe('stale');
    expect(c.get('k')).toBeUndefined();
  });

  it('does not store a failed load, and shares nor keeps anything with ttlMs 0', async () => {
    const c = make<string>(2000);
    const l = manualLoader<string>();
    const failing = c.load('k', l.load);
    l.pending.splice(0)[0].reject(new Error('database down'));
    await expect(failing).rejects.toThrow('database down');
    const retry = c.load('k', l.load);
    l.pending.splice(0)[0].resolve('ok');
    expect(await retry).toBe('ok');

    const none = make<string>(0);
    const a = none.load('k', l.load);
    const b = none.load('k', l.load);
    l.pending.splice(0).forEach((p) => p.resolve('x'));
    await Promise.all([a, b]);
    expect(l.calls).toBe(4);
  });

  it('measures ages on the injected clock only', () => {
    const spy = jest.spyOn(Date, 'now').mockReturnValue(10_000_000);
    const c = make<number>(2000);
    c.set('a', 1);
    spy.mockReturnValue(20_000_000);
    expect(c.get('a')).toBe(1);
    now += 2000;
    expect(c.get('a')).toBeUndefined();
  });
});
