import { SUBSCRIPTION_STATUSES } from '../../stripe/subscription-statuses';
import { GrantFacts, latestAccess, resolveEntitlements, SubscriptionFacts } from './resolve-entitlements';

const cfg = { renewalLeewayHours: 48, gracePeriodDays: 7 };
const now = new Date('2026-11-15T12:00:00.000Z');
const d = (s: string) => new Date(s);

const sub = (over: Partial<SubscriptionFacts> = {}): SubscriptionFacts => ({
  id: 's1',
  status: 'active',
  currentPeriodEnd: d('2026-12-01T00:00:00Z'),
  cancelAtPeriodEnd: false,
  benefitCodes: ['premium_stories', 'epaper'],
  ...over,
});
const grant = (over: Partial<GrantFacts> = {}): GrantFacts => ({
  benefitCode: 'premium_stories',
  expiresAt: d('2026-11-20T00:00:00Z'),
  revokedAt: null,
  ...over,
});
const view = (r: ReturnType<typeof resolveEntitlements>) => ({
  benefits: r.benefits.map((b) => `${b.code}:${b.source}:${b.expiresAt.toISOString()}`),
  subscription: r.grantingSubscriptionId,
});

describe('resolveEntitlements', () => {
  it.each([
    { name: 'neither', subs: [], grants: [], benefits: [], subscription: null },
    {
      name: 'a subscription: its benefits until period end + leeway, sorted by code',
      subs: [sub()],
      grants: [],
      benefits: ['epaper:subscription:2026-12-03T00:00:00.000Z', 'premium_stories:subscription:2026-12-03T00:00:00.000Z'],
      subscription: 's1',
    },
    {
      name: 'a grant only',
      subs: [],
      grants: [grant()],
      benefits: ['premium_stories:grant:2026-11-20T00:00:00.000Z'],
      subscription: null,
    },
    {
      name: 'a grant adds a benefit the plan lacks',
      subs: [sub({ benefitCodes: ['epaper'] })],
      grants: [grant()],
      benefits: ['epaper:subscription:2026-12-03T00:00:00.000Z', 'premium_stories:grant:2026-11-20T00:00:00.000Z'],
      subscription: 's1',
    },
    {
      name: 'the later subscription wins over an earlier grant',
      subs: [sub({ benefitCodes: ['premium_stories'] })],
      grants: [grant()],
      benefits: ['premium_stories:subscription:2026-12-03T00:00:00.000Z'],
      subscription: 's1',
    },
    {
      name: 'a later grant wins over the subscription',
      subs: [sub({ benefitCodes: ['premium_stories'] })],
      grants: [grant({ expiresAt: d('2027-06-01T00:00:00Z') })],
      benefits: ['premium_stories:grant:2027-06-01T00:00:00.000Z'],
      subscription: 's1',
    },
    {
      name: 'a tie keeps the subscription as source',
      subs: [sub({ benefitCodes: ['premium_stories'] })],
      grants: [grant({ expiresAt: d('2026-12-03T00:00:00Z') })],
      benefits: ['premium_stories:subscription:2026-12-03T00:00:00.000Z'],
      subscription: 's1',
    },
    {
      name: 'of two grants the latest wins',
      subs: [],
      grants: [grant(), grant({ expiresAt: d('2026-11-25T00:00:00Z') }), grant({ expiresAt: d('2026-11-18T00:00:00Z') })],
      benefits: ['premium_stories:grant:2026-11-25T00:00:00.000Z'],
      subscription: null,
    },
    {
      name: 'revoked and expired grants give nothing',
      subs: [],
      grants: [grant({ revokedAt: d('2026-11-10T00:00:00Z') }), grant({ expiresAt: now })],
      benefits: [],
      subscription: null,
    },
    {
      name: 'a canceled subscription gives nothing, a grant still does',
      subs: [sub({ status: 'canceled' })],
      grants: [grant()],
      benefits: ['premium_stories:grant:2026-11-20T00:00:00.000Z'],
      subscription: null,
    },
    {
      name: 'a subscription whose period ended beyond the leeway gives nothing',
      subs: [sub({ currentPeriodEnd: d('2026-11-13T11:59:59Z') })],
      grants: [],
      benefits: [],
      subscription: null,
    },
    {
      name: 'of two granting subscriptions the one lasting longer is named, benefits merge by latest expiry',
      subs: [sub({ id: 'a', benefitCodes: ['epaper'] }), sub({ id: 'b', status: 'past_due', benefitCodes: ['epaper', 'archives'] })],
      grants: [],
      benefits: ['archives:subscription:2026-12-08T00:00:00.000Z', 'epaper:subscription:2026-12-08T00:00:00.000Z'],
      subscription: 'b',
    },
  ])('$name', ({ subs, grants, benefits, subscription }) => {
    expect(view(resolveEntitlements(subs, grants, now, cfg))).toEqual({ benefits, subscription });
  });
});

describe('latestAccess', () => {
  // A deterministic generator (LCG), so the same 2,000 fact sets are checked on every run.
  let seed = 42;
  const rand = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 16) % n;
  };
  const pick = <T>(xs: readonly T[]) => xs[rand(xs.length)];
  const codes = ['premium_stories', 'epaper', 'archives'];
  const instants = [
    '2026-11-01',
    '2026-11-20',
    '2026-11-25',
    '2026-12-01',
    '2026-12-02',
    '2026-12-03',
    '2026-12-05',
    '2026-12-08',
    '2026-12-09',
    '2027-01-01',
  ].map((s) => d(`${s}T00:00:00Z`));
  const ends = [null, d('2026-11-25T00:00:00Z'), d('2026-12-01T00:00:00Z'), d('2026-12-03T00:00:00Z')];

  it('grants exactly what resolveEntitlements grants, at every instant, from one answer computed without the clock', () => {
    for (let i = 0; i < 2000; i++) {
      const subs = Array.from({ length: rand(3) }, (_, k) =>
        sub({
          id: `s${k}`,
          status: pick(SUBSCRIPTION_STATUSES),
          currentPeriodEnd: pick(ends),
          cancelAtPeriodEnd: rand(2) === 1,
          benefitCodes: codes.filter(() => rand(2) === 1),
        }),
      );
      const grants = Array.from({ length: rand(3) }, () =>
        grant({ benefitCode: pick(codes), expiresAt: pick(instants), revokedAt: rand(4) === 0 ? d('2026-11-02T00:00:00Z') : null }),
      );
      for (const code of codes) {
        const latest = latestAccess(subs, grants, code, cfg);
        for (const at of instants) {
          const hit = resolveEntitlements(subs, grants, at, cfg).benefits.find((b) => b.code === code);
          const fromLatest = latest && at.getTime() < latest.expiresAt.getTime() ? latest : undefined;
          expect({ i, code, at, got: fromLatest && { source: fromLatest.source, expiresAt: fromLatest.expiresAt } }).toEqual({
            i,
            code,
            at,
            got: hit && { source: hit.source, expiresAt: hit.expiresAt },
          });
        }
      }
    }
  });

  it('prefers the later end, and a subscription on a tie', () => {
    const end = d('2026-12-03T00:00:00Z');
    expect(latestAccess([sub()], [grant({ expiresAt: end })], 'premium_stories', cfg)).toEqual({ source: 'subscription', expiresAt: end });
    expect(latestAccess([sub()], [grant({ expiresAt: d('2026-12-04T00:00:00Z') })], 'premium_stories', cfg)?.source).toBe('grant');
    expect(latestAccess([sub({ status: 'canceled' })], [grant({ revokedAt: now })], 'premium_stories', cfg)).toBeNull();
  });
});
