import fc from 'fast-check';
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

  it('lets expired entries go at the first get or set once a TTL has passed, keeping live ones', () => {
    const c = make<number>(2000, 100);
    for (let i = 0; i < 50; i++) c.set(`seen-once-${i}`, i);
    c.set('long', 1, 60_000);
    now += 1000;
    c.set('fresh', 2);
    expect(c.size).toBe(52); // nothing has expired yet, and no pass is due
    now += 1000;
    expect(c.get('unknown')).toBeUndefined();
    expect(c.size).toBe(2);
    expect([c.get('long'), c.get('fresh')]).toEqual([1, 2]);
  });

  it('passes over the entries at most once a TTL, and at least a second apart', () => {
    const c = make<number>(2000);
    c.set('a', 1); // a pass (of nothing) at 1000; the next is due at 3000
    now += 1000;
    c.set('b', 2); // expires at 4000
    now += 1100; // 3100: a pass drops a (expired at 3000), the next is due at 5100
    c.get('x');
    expect(c.size).toBe(1);
    now += 1000; // 4100: b expired but no pass is due; a get of b itself drops it
    c.get('x');
    expect(c.size).toBe(1);
    expect(c.get('b')).toBeUndefined();
    expect(c.size).toBe(0);

    const short = make<number>(10);
    short.set('a', 1); // a pass at 4100; the next is due a second later, not 10 ms
    short.set('b', 2, 60_000);
    now += 500;
    short.get('x');
    expect(short.size).toBe(2);
    now += 500;
    short.get('x');
    expect(short.size).toBe(1);
  });

  it('answers as if it never let anything go, holds at most maxEntries, and holds nothing expired after a TTL', () => {
    type Op = { set: string; ttl: number } | { get: string } | { tick: number };
    const key = fc.constantFrom('a', 'b', 'c', 'd', 'e');
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ set: key, ttl: fc.constantFrom(500, 2000, 60_000) }),
      fc.record({ get: key }),
      fc.record({ tick: fc.integer({ min: 0, max: 3000 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        now = 1_000;
        const c = make<number>(2000, 3);
        // Per key: the value set last, when it expires, and the keys set after it (the size bound drops the oldest).
        const model = new Map<string, { value: number; until: number; since: Set<string> }>();
        ops.forEach((o, i) => {
          if ('tick' in o) now += o.tick;
          else if ('set' in o) {
            c.set(o.set, i, o.ttl);
            for (const m of model.values()) m.since.add(o.set);
            model.set(o.set, { value: i, until: now + o.ttl, since: new Set() });
          } else {
            const m = model.get(o.get);
            const got = c.get(o.get);
            if (!m || now >= m.until) expect(got).toBeUndefined();
            else if ([...m.since].filter((k) => k !== o.get).length < 3) expect(got).toBe(m.value);
            else expect([undefined, m.value]).toContain(got);
          }
          expect(c.size).toBeLessThanOrEqual(3);
        });
        now += 60_000;
        c.get('a');
        expect(c.size).toBe(0);
      }),
    );
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
