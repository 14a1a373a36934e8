import type { SubscriptionStatus } from '../../stripe/subscription-statuses';

/** The fields of a subscription row that the metrics read: a write changing none of them adds no history row. */
export interface TrackedFields {
  status: SubscriptionStatus;
  planId: string | null;
  planPriceId: string | null;
  amountMinor: number | null;
  currency: string | null;
  cancelAtPeriodEnd: boolean;
  offerCode: string | null;
  offerKind: string | null;
  offerEndsAt: Date | null;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
}

const TRACKED: readonly (keyof TrackedFields)[] = [
  'status',
  'planId',
  'planPriceId',
  'amountMinor',
  'currency',
  'cancelAtPeriodEnd',
  'offerCode',
  'offerKind',
  'offerEndsAt',
  'currentPeriodStart',
  'currentPeriodEnd',
];

const same = (a: unknown, b: unknown): boolean =>
  a instanceof Date || b instanceof Date ? a instanceof Date && b instanceof Date && a.getTime() === b.getTime() : a === b;

/** Whether a write from `previous` (null: a new row) to `current` is a change the history records. */
export function changesMetrics(previous: Readonly<TrackedFields> | null, current: Readonly<TrackedFields>): boolean {
  return previous === null || TRACKED.some((k) => !same(previous[k], current[k]));
}
