import { EVENT_PATTERNS, EVENT_TYPES, type EventType, subscribesTo } from './event-types';

describe('EVENT_PATTERNS', () => {
  it('holds every type and one wildcard per family', () => {
    expect(EVENT_PATTERNS).toEqual([...EVENT_TYPES, 'subscription.*', 'invoice.*', 'grant.*', 'entitlements.*', 'offer.*', 'tax_invoice.*']);
  });
});

describe('subscribesTo', () => {
  it.each<[string[], EventType, boolean]>([
    [['subscription.*'], 'subscription.created', true],
    [['subscription.*'], 'subscription.plan_changed', true],
    [['subscription.*'], 'invoice.paid', false],
    [['grant.created'], 'grant.created', true],
    [['grant.created'], 'grant.revoked', false],
    [['invoice.*', 'grant.revoked'], 'grant.revoked', true],
    [['tax_invoice.*'], 'invoice.paid', false], // a family is matched whole, not as a suffix
    [['invoice.*'], 'tax_invoice.issued', false],
    [[], 'grant.created', false],
  ])('%j receives %s: %s', (patterns, type, expected) => {
    expect(subscribesTo(patterns, type)).toBe(expected);
  });
});
