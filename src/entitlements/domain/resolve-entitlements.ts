import { AccessFacts, AccessPolicyConfig, decideAccess } from '../../subscriptions/domain/access-policy';

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

export interface ResolvedBenefit {
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
