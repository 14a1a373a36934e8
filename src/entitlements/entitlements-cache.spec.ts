import { Clock } from '../common/clock';
import type { EnvDto } from '../config/env.schema';
import { Invalidations } from '../database/invalidations';
import type { EntityManager } from 'typeorm';
import { EntitlementsCache } from './entitlements-cache';
import type { EntitlementsRepository, UserFacts } from './entitlements.repository';

/** A repository whose loads the test resolves by hand, counting them. */
function fakeRepository() {
  const pending: { userId: string; resolve: (f: UserFacts) => void; reject: (e: Error) => void }[] = [];
  const repo = {
    loads: 0,
    loadFacts: (userId: string) =>
      new Promise<UserFacts>((resolve, reject) => {
        repo.loads++;
        pending.push({ userId, resolve, reject });
      }),
  };
  const facts = (tag: string): UserFacts => ({ subscriptions: [], grants: [{ benefitCode: tag, expiresAt: new Date(0), revokedAt: null }] });
  const settle = (tag: string) => pending.splice(0).forEach((p) => p.resolve(facts(tag)));
  return { repo, pending, settle };
}

const tagOf = (f: UserFacts) => f.grants[0]?.benefitCode;

/** A manager in no transaction: an invalidation applies at once (on the embedded database, on this instance only). */
const noTransaction = {} as EntityManager;

describe('EntitlementsCache', () => {
  let now = 1_000_000;
  let random = 0; // expiryFrom's spread: 0 keeps an entry the full TTL
  beforeEach(() => {
    random = 0;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    jest.spyOn(Math, 'random').mockImplementation(() => random);
  });
  afterEach(() => jest.restoreAllMocks());

  const make = (ttlSeconds: number) => {
    const f = fakeRepository();
    const cache = new EntitlementsCache(
      f.repo as unknown as EntitlementsRepository,
      { CACHE_TTL_SECONDS: ttlSeconds } as EnvDto,
      new Clock(),
      new Invalidations(null),
    );
    return { ...f, cache };
  };

  it('serves facts from memory for CACHE_TTL_SECONDS, then loads again', async () => {
    const { repo, cache, settle } = make(2);
    const first = cache.facts('u1');
    settle('v1');
    expect(tagOf(await first)).toBe('v1');
    now += 1999;
    expect(tagOf(await cache.facts('u1'))).toBe('v1');
    expect(repo.loads).toBe(1);
    now += 1;
    const again = cache.facts('u1');
    settle('v2');
    expect(tagOf(await again)).toBe('v2');
    expect(repo.loads).toBe(2);
  });

  it('lets an entry lapse up to a quarter of the TTL early (spread reloads), never late', async () => {
    const { repo, cache, settle } = make(2);
    random = 0.9999;
    const first = cache.facts('u1');
    settle('v1');
    await first;
    now += 1500;
    expect(tagOf(await cache.facts('u1'))).toBe('v1');
    now += 1;
    const again = cache.facts('u1');
    settle('v2');
    expect(tagOf(await again)).toBe('v2');
    expect(repo.loads).toBe(2);
  });

  it('lets concurrent misses for one user share one load', async () => {
    const { repo, cache, settle } = make(2);
    const all = Promise.all([cache.facts('u1'), cache.facts('u1'), cache.facts('u1'), cache.facts('u2')]);
    settle('v');
    await all;
    expect(repo.loads).toBe(2);
  });

  it('does not keep a load that an invalidate() overtook, and loads afresh after it', async () => {
    const { repo, cache, pending } = make(2);
    const stale = cache.facts('u1');
    await cache.invalidate(noTransaction, 'u1');
    const fresh = cache.facts('u1');
    expect(repo.loads).toBe(2);
    pending[1].resolve({ subscriptions: [], grants: [{ benefitCode: 'fresh', expiresAt: new Date(0), revokedAt: null }] });
    pending[0].resolve({ subscriptions: [], grants: [{ benefitCode: 'stale', expiresAt: new Date(0), revokedAt: null }] });
    expect(tagOf(await fresh)).toBe('fresh');
    expect(tagOf(await stale)).toBe('stale');
    expect(tagOf(await cache.facts('u1'))).toBe('fresh');
    expect(repo.loads).toBe(2);
  });

  it('invalidate() drops cached facts at once', async () => {
    const { repo, cache, settle } = make(60);
    const first = cache.facts('u1');
    settle('old');
    await first;
    await cache.invalidate(noTransaction, 'u1');
    const next = cache.facts('u1');
    settle('new');
    expect(tagOf(await next)).toBe('new');
    expect(repo.loads).toBe(2);
  });

  it('with CACHE_TTL_SECONDS=0 loads every time', async () => {
    const { repo, cache, settle } = make(0);
    const a = cache.facts('u1');
    const b = cache.facts('u1');
    settle('x');
    await Promise.all([a, b]);
    expect(repo.loads).toBe(2);
  });

  it('does not cache a failed load', async () => {
    const { repo, cache, pending, settle } = make(2);
    const failing = cache.facts('u1');
    pending.splice(0)[0].reject(new Error('database down'));
    await expect(failing).rejects.toThrow('database down');
    const retry = cache.facts('u1');
    settle('ok');
    expect(tagOf(await retry)).toBe('ok');
    expect(repo.loads).toBe(2);
  });

  it('keeps at most 20,000 users, dropping the oldest first', async () => {
    const { repo, cache, settle } = make(60);
    for (let i = 0; i <= 20_000; i++) {
      const p = cache.facts(`u${i}`);
      settle('x');
      await p;
    }
    expect(repo.loads).toBe(20_001);
    const newest = cache.facts('u20000');
    await newest;
    expect(repo.loads).toBe(20_001);
    const oldest = cache.facts('u0');
    settle('x');
    await oldest;
    expect(repo.loads).toBe(20_002);
  });
});
