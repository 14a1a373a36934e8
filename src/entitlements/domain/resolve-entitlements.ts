import { AccessFacts, accessEnd, AccessPolicyConfig, decideAccess } from '../../subscriptions/domain/access-policy';

export type EntitlementSource = 'subscription' | 'grant';

/** A subscription as the resolver needs it: the access facts and its plan's benefit codes. */
export interface SubscriptionFacts extends AccessFacts {
  id: string;
  benefitCodes: string[];
}

/** A staff grant as the resolver needs it. */
export interface GrantFacts {
  benefitCode: string;
  expiresAt: Date;
  revokedAt: Date | null;
}

interface ResolvedBenefit {
  code: string;
  source: EntitlementSource;
  expiresAt: Date;
}

export interface ResolvedEntitlements {
  benefits: ResolvedBenefit[];
  /** Id of the subscription that grants access with the latest expiry, or null. */
  grantingSubscriptionId: string | null;
}

/**
 * Merges what a user's subscriptions (through the access policy) and staff grants give at `now`.
 * A grant adds to a subscription; per benefit the LATEST expiry wins and names its source (a subscription on a tie).
 * Benefits come out sorted by code.
 */
export function resolveEntitlements(
  subscriptions: SubscriptionFacts[],
  grants: GrantFacts[],
  now: Date,
  cfg: AccessPolicyConfig,
): ResolvedEntitlements {
  const best = new Map<string, ResolvedBenefit>();
  const offer = (code: string, source: EntitlementSource, expiresAt: Date) => {
    const current = best.get(code);
    if (!current || expiresAt.getTime() > current.expiresAt.getTime()) best.set(code, { code, source, expiresAt });
  };
  let granting: { id: string; end: number } | null = null;
  for (const sub of subscriptions) {
    const d = decideAccess(sub, now, cfg);
    if (!d.granted) continue;
    const end = d.expiresAt!.getTime();
    if (!granting || end > granting.end) granting = { id: sub.id, end };
    for (const code of sub.benefitCodes) offer(code, 'subscription', d.expiresAt!);
  }
  for (const g of grants) {
    if (g.revokedAt || g.expiresAt.getTime() <= now.getTime()) continue;
    offer(g.benefitCode, 'grant', g.expiresAt);
  }
  const benefits = [...best.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { benefits, grantingSubscriptionId: granting?.id ?? null };
}

/** One benefit's best source, whatever the time: it grants while `now < expiresAt`. */
export interface LatestAccess {
  source: EntitlementSource;
  expiresAt: Date;
}

/**
 * The source with the LATEST end among everything that could give `code` (ties: a subscription), or null if nothing
 * ever does. Every source gives access from now until a fixed end and none starts later, so at any instant
 * resolveEntitlements grants `code` exactly when `now < expiresAt`, from this source with this expiry: the answer can
 * be kept for as long as the facts are, and the check on each page view is one comparison with the clock.
 */
export function latestAccess(subscriptions: SubscriptionFacts[], grants: GrantFacts[], code: string, cfg: AccessPolicyConfig): LatestAccess | null {
  let best: LatestAccess | null = null;
  for (const sub of subscriptions) {
    if (!sub.benefitCodes.includes(code)) continue;
    const end = accessEnd(sub, cfg);
    if (end && (!best || end.getTime() > best.expiresAt.getTime())) best = { source: 'subscription', expiresAt: end };
  }
  for (const g of grants) {
    if (g.benefitCode !== code || g.revokedAt) continue;
    if (!best || g.expiresAt.getTime() > best.expiresAt.getTime()) best = { source: 'grant', expiresAt: g.expiresAt };
  }
  return best;
}
