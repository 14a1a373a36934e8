import { GrantFacts, resolveEntitlements, SubscriptionFacts } from './resolve-entitlements';

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
