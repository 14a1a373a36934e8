import type { SubscriptionStatus } from '../../stripe/subscription-statuses';

/**
 * The access policy: whether a subscription gives its plan's benefits at an instant, and until when.
 * Pure (no Nest, no TypeORM) so every status × time case is table-tested; applied at request time, so a period that
 * ended loses access even if no webhook came.
 */

export interface AccessFacts {
  status: SubscriptionStatus | string;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
}

export interface AccessPolicyConfig {
  /** RENEWAL_LEEWAY_HOURS: active/trialing access lasts this long past the period end (late renewal events). */
  renewalLeewayHours: number;
  /** GRACE_PERIOD_DAYS: past_due access lasts this long past the period end (dunning). */
  gracePeriodDays: number;
}

export interface AccessDecision {
  granted: boolean;
  /** The instant access ends (exclusive), when the status gives access at all; null otherwise. */
  expiresAt: Date | null;
}

const HOUR_MS = 3_600_000;
const NONE: AccessDecision = { granted: false, expiresAt: null };

/** The instant a subscription's access ends, or null if its status never gives access. */
export function accessEnd(sub: AccessFacts, cfg: AccessPolicyConfig): Date | null {
  // A live status without a period end cannot be bounded: give nothing rather than unbounded access.
  if (!sub.currentPeriodEnd) return null;
  const end = sub.currentPeriodEnd.getTime();
  switch (sub.status) {
    case 'active':
    case 'trialing':
      // Cancelling at period end means no renewal is coming: the leeway for late renewal events does not apply.
      return new Date(sub.cancelAtPeriodEnd ? end : end + cfg.renewalLeewayHours * HOUR_MS);
    case 'past_due':
      // API.md: past_due keeps access until the period end plus the grace period, whatever cancelAtPeriodEnd says.
      return new Date(end + cfg.gracePeriodDays * 24 * HOUR_MS);
    default:
      // canceled, unpaid, incomplete, incomplete_expired, paused and any status Stripe adds later: nothing.
      return null;
  }
}

/** Applies the policy at `now`: access is granted strictly before its end instant. */
export function decideAccess(sub: AccessFacts, now: Date, cfg: AccessPolicyConfig): AccessDecision {
  const end = accessEnd(sub, cfg);
  if (!end || now.getTime() >= end.getTime()) return NONE;
  return { granted: true, expiresAt: end };
}
