import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { ENV, EnvDto } from '../config/env.schema';
import type { AccessPolicyConfig } from '../subscriptions/domain/access-policy';
import { SubscriptionView, toSubscriptionView } from '../subscriptions/domain/subscription-view';
import { EntitlementSource, resolveEntitlements } from './domain/resolve-entitlements';
import { EntitlementsCache } from './entitlements-cache';
import type { UserSubscriptionFacts } from './entitlements.repository';

export interface EntitlementsView {
  userId: string;
  active: boolean;
  benefits: { code: string; source: EntitlementSource; expiresAt: string }[];
  subscription: SubscriptionView | null;
}

export interface EntitlementCheckView {
  granted: boolean;
  source: EntitlementSource | null;
  expiresAt: string | null;
}

/** Decides a user's entitlements at request time (the injectable clock) from cached facts. */
@Injectable()
export class EntitlementsService {
  private readonly policy: AccessPolicyConfig;

  constructor(
    private readonly cache: EntitlementsCache,
    private readonly clock: Clock,
    @Inject(ENV) env: EnvDto,
  ) {
    this.policy = { renewalLeewayHours: env.RENEWAL_LEEWAY_HOURS, gracePeriodDays: env.GRACE_PERIOD_DAYS };
  }

  async forUser(userId: string): Promise<EntitlementsView> {
    const facts = await this.cache.facts(userId);
    const resolved = resolveEntitlements(facts.subscriptions, facts.grants, this.clock.now(), this.policy);
    const shown = facts.subscriptions.find((s) => s.id === resolved.grantingSubscriptionId) ?? latest(facts.subscriptions);
    return {
      userId,
      active: resolved.benefits.length > 0,
      benefits: resolved.benefits.map((b) => ({ code: b.code, source: b.source, expiresAt: b.expiresAt.toISOString() })),
      subscription: shown ? toSubscriptionView(shown, shown.planCode) : null,
    };
  }

  /** The hot path: does the user hold this benefit now? */
  async check(userId: string, benefitCode: string): Promise<EntitlementCheckView> {
    const facts = await this.cache.facts(userId);
    const resolved = resolveEntitlements(facts.subscriptions, facts.grants, this.clock.now(), this.policy);
    const hit = resolved.benefits.find((b) => b.code === benefitCode);
    return hit
      ? { granted: true, source: hit.source, expiresAt: hit.expiresAt.toISOString() }
      : { granted: false, source: null, expiresAt: null };
  }
}

/** With no subscription giving access, the paywall is shown the most recent one (e.g. to say it lapsed). */
function latest(subs: UserSubscriptionFacts[]): UserSubscriptionFacts | undefined {
  return subs.reduce<UserSubscriptionFacts | undefined>((a, s) => (!a || s.createdAt > a.createdAt ? s : a), undefined);
}
