/** Every event Tollgate sends (API.md, "Events out"), by family. */
export const EVENT_TYPES = [
  'subscription.created',
  'subscription.renewed',
  'subscription.past_due',
  'subscription.canceled',
  'subscription.resumed',
  'subscription.plan_changed',
  'subscription.ended',
  'invoice.paid',
  'invoice.payment_failed',
  'grant.created',
  'grant.revoked',
  'entitlements.changed',
  'offer.redeemed',
  'tax_invoice.issued',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

const FAMILIES = [...new Set(EVENT_TYPES.map((t) => t.slice(0, t.indexOf('.'))))];

/** What an endpoint may subscribe to: an event type, or a family's wildcard such as `subscription.*`. */
export const EVENT_PATTERNS: readonly string[] = [...EVENT_TYPES, ...FAMILIES.map((f) => `${f}.*`)];

/** True when an endpoint subscribed to `patterns` is sent an event of `type`. */
export function subscribesTo(patterns: readonly string[], type: EventType): boolean {
  return patterns.some((p) => p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))));
}
