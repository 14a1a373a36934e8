import type { EventType } from './event-types';

/** The fields of a subscription row that decide which events a write of it sends (a Subscription satisfies it). */
export interface SubscriptionChangeFacts {
  userId: string | null;
  planId: string | null;
  status: string;
  currentPeriodStart: Date | null;
  cancelAtPeriodEnd: boolean;
}

/** Statuses in which a subscription has started and not ended: it gives (or gave until its grace ran out) access. */
const STARTED = new Set(['trialing', 'active', 'past_due', 'unpaid', 'paused']);
/** A subscription that ended: Stripe never brings it back. */
const ENDED = new Set(['canceled', 'incomplete_expired']);

const time = (d: Date | null) => (d ? d.getTime() : null);

/**
 * The subscription.* events one write of a subscription row reports, from the row before (null: new) and after, in
 * the order a receiver should apply them. Pure, so every transition is table-tested. A row with no user yet reports
 * nothing (no receiver can act on it); the write that links it counts as its creation. An incomplete subscription
 * (Checkout's first payment not made) is created only once it starts.
 */
export function subscriptionEventTypes(before: SubscriptionChangeFacts | null, after: SubscriptionChangeFacts): EventType[] {
  if (!after.userId) return [];
  const previous = before && before.userId === after.userId && (STARTED.has(before.status) || ENDED.has(before.status)) ? before : null;
  if (!previous) return STARTED.has(after.status) ? ['subscription.created'] : [];
  if (ENDED.has(previous.status)) return [];
  if (ENDED.has(after.status)) return ['subscription.ended'];
  const types: EventType[] = [];
  if (previous.planId !== after.planId && previous.planId !== null && after.planId !== null) types.push('subscription.plan_changed');
  const from = time(previous.currentPeriodStart);
  const to = time(after.currentPeriodStart);
  if (from !== null && to !== null && to > from && previous.planId === after.planId) types.push('subscription.renewed');
  if (after.status === 'past_due' && previous.status !== 'past_due') types.push('subscription.past_due');
  if (!previous.cancelAtPeriodEnd && after.cancelAtPeriodEnd) types.push('subscription.canceled');
  if (previous.cancelAtPeriodEnd && !after.cancelAtPeriodEnd) types.push('subscription.resumed');
  return types;
}
