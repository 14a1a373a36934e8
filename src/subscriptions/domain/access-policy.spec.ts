import { decideAccess } from './access-policy';
import { SUBSCRIPTION_STATUSES, type SubscriptionStatus } from '../../stripe/subscription-statuses';

const cfg = { renewalLeewayHours: 48, gracePeriodDays: 7 };
const periodEnd = new Date('2026-12-01T00:00:00.000Z');
const at = (hoursFromEnd: number) => new Date(periodEnd.getTime() + hoursFromEnd * 3_600_000);
const iso = (hoursFromEnd: number) => at(hoursFromEnd).toISOString();

/** Instants relative to the period end: before it, inside the 48 h leeway, inside the 7-day grace, after all. */
const MOMENTS = {
  before: -1,
  withinLeeway: 24,
  withinGrace: 24 * 5,
  after: 24 * 8,
} as const;
type Moment = keyof typeof MOMENTS;

/** Expected access end (hours after the period end) per status and cancelAtPeriodEnd; null = never. */
const ENDS: Record<SubscriptionStatus, { renewing: number | null; cancelAtPeriodEnd: number | null }> = {
  active: { renewing: 48, cancelAtPeriodEnd: 0 },
  trialing: { renewing: 48, cancelAtPeriodEnd: 0 },
  past_due: { renewing: 24 * 7, cancelAtPeriodEnd: 24 * 7 },
  canceled: { renewing: null, cancelAtPeriodEnd: null },
  unpaid: { renewing: null, cancelAtPeriodEnd: null },
  incomplete: { renewing: null, cancelAtPeriodEnd: null },
  incomplete_expired: { renewing: null, cancelAtPeriodEnd: null },
  paused: { renewing: null, cancelAtPeriodEnd: null },
};

const cases = SUBSCRIPTION_STATUSES.flatMap((status) =>
  [false, true].flatMap((cancelAtPeriodEnd) =>
    (Object.keys(MOMENTS) as Moment[]).map((moment) => {
      const end = ENDS[status][cancelAtPeriodEnd ? 'cancelAtPeriodEnd' : 'renewing'];
      const granted = end !== null && MOMENTS[moment] < end;
      return { status, cancelAtPeriodEnd, moment, granted, expiresAt: granted ? iso(end!) : null };
    }),
  ),
);

describe('access policy', () => {
  it('covers every status × moment × cancelAtPeriodEnd', () => {
    expect(cases).toHaveLength(8 * 2 * 4);
    expect(cases.filter((c) => c.granted).length).toBe(
      // active/trialing renewing: before + leeway; cancelling: before; past_due: before, leeway, grace (both flags).
      2 * 2 + 2 * 1 + 2 * 3,
    );
  });

  it.each(cases)('$status cancelAtPeriodEnd=$cancelAtPeriodEnd $moment → granted=$granted until $expiresAt', (c) => {
    const d = decideAccess({ status: c.status, currentPeriodEnd: periodEnd, cancelAtPeriodEnd: c.cancelAtPeriodEnd }, at(MOMENTS[c.moment]), cfg);
    expect({ granted: d.granted, expiresAt: d.expiresAt?.toISOString() ?? null }).toEqual({ granted: c.granted, expiresAt: c.expiresAt });
  });

  it.each([
    { status: 'active', cancelAtPeriodEnd: false, hours: 48, granted: false, why: 'the leeway end is exclusive' },
    { status: 'active', cancelAtPeriodEnd: false, hours: 47.999, granted: true, why: 'just inside the leeway' },
    { status: 'active', cancelAtPeriodEnd: true, hours: 0, granted: false, why: 'a cancelling subscription ends exactly at period end' },
    { status: 'active', cancelAtPeriodEnd: true, hours: -0.001, granted: true, why: 'just before the period end' },
    { status: 'past_due', cancelAtPeriodEnd: false, hours: 168, granted: false, why: 'the grace end is exclusive' },
    { status: 'past_due', cancelAtPeriodEnd: false, hours: 167.999, granted: true, why: 'just inside the grace' },
  ])('boundary: $status at +$hours h → $granted ($why)', ({ status, cancelAtPeriodEnd, hours, granted }) => {
    expect(decideAccess({ status, currentPeriodEnd: periodEnd, cancelAtPeriodEnd }, at(hours), cfg).granted).toBe(granted);
  });

  it.each([
    { renewalLeewayHours: 0, gracePeriodDays: 0, status: 'active', end: 0 },
    { renewalLeewayHours: 12, gracePeriodDays: 3, status: 'active', end: 12 },
    { renewalLeewayHours: 12, gracePeriodDays: 3, status: 'trialing', end: 12 },
    { renewalLeewayHours: 12, gracePeriodDays: 3, status: 'past_due', end: 72 },
  ])('follows the configured leeway and grace: $status with $renewalLeewayHours h / $gracePeriodDays d ends at +$end h', (c) => {
    const d = decideAccess({ status: c.status, currentPeriodEnd: periodEnd, cancelAtPeriodEnd: false }, at(-1), c);
    expect(d.expiresAt?.toISOString()).toBe(iso(c.end));
  });

  it.each(['active', 'trialing', 'past_due'])('%s without a period end gives nothing', (status) => {
    expect(decideAccess({ status, currentPeriodEnd: null, cancelAtPeriodEnd: false }, at(-1), cfg)).toEqual({ granted: false, expiresAt: null });
  });

  it('an unknown future status gives nothing', () => {
    expect(decideAccess({ status: 'something_new', currentPeriodEnd: periodEnd, cancelAtPeriodEnd: false }, at(-1), cfg).granted).toBe(false);
  });
});
