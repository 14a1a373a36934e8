import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { ENV, EnvDto } from '../config/env.schema';
import type { AccessPolicyConfig } from '../subscriptions/domain/access-policy';
import { SubscriptionView, toSubscriptionView } from '../subscriptions/domain/subscription-view';
import { EntitlementSource, latestAccess, resolveEntitlements } from './domain/resolve-entitlements';
import { EntitlementsCache } from './entitlements-cache';
import type { UserFacts, UserSubscriptionFacts } from './entitlements.repository';

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

const NOT_GRANTED: EntitlementCheckView = Object.freeze({ granted: false, source: null, expiresAt: null });

/** A benefit's answer while granted (until `end`), kept with the facts it was computed from. */
interface KeptCheck {
  end: number;
  view: EntitlementCheckView;
}

/** Most benefit codes whose answers are kept per user's facts (bounds memory against made-up codes). */
const MAX_KEPT_CODES = 32;

/** Decides a user's entitlements at request time (the injectable clock) from cached facts. */
@Injectable()
export class EntitlementsService {
  private readonly policy: AccessPolicyConfig;
  /**
   * Per cached facts object, each checked benefit's latest access (latestAccess): valid for as long as those facts
   * are, since only the clock comparison changes. Facts reloaded or invalidated are new objects, so a stale answer is
   * never reused, and the WeakMap lets the old ones go.
   */
  private readonly kept = new WeakMap<UserFacts, Map<string, KeptCheck | null>>();

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

  /**
   * The hot path: does the user hold this benefit now? The same answer as resolveEntitlements (tested), computed once
   * per cached facts and benefit, then one comparison with the clock per request.
   */
  async check(userId: string, benefitCode: string): Promise<EntitlementCheckView> {
    const facts = await this.cache.facts(userId);
    let codes = this.kept.get(facts);
    if (!codes) this.kept.set(facts, (codes = new Map()));
    let kept = codes.get(benefitCode);
    if (kept === undefined) {
      const latest = latestAccess(facts.subscriptions, facts.grants, benefitCode, this.policy);
      kept = latest && {
        end: latest.expiresAt.getTime(),
        view: Object.freeze({ granted: true, source: latest.source, expiresAt: latest.expiresAt.toISOString() }),
      };
      if (codes.size < MAX_KEPT_CODES) codes.set(benefitCode, kept);
    }
    return kept && this.clock.now().getTime() < kept.end ? kept.view : NOT_GRANTED;
  }
}

/** With no subscription giving access, the paywall is shown the most recent one (e.g. to say it lapsed). */
function latest(subs: UserSubscriptionFacts[]): UserSubscriptionFacts | undefined {
  return subs.reduce<UserSubscriptionFacts | undefined>((a, s) => (!a || s.createdAt > a.createdAt ? s : a), undefined);
}
