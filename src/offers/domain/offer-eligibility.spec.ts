import { isLive, nextChange, type OfferFacts, offerRefusal, type RedeemerFacts } from './offer-eligibility';

const NOW = new Date('2026-12-05T12:00:00Z');
const BEFORE = new Date('2026-12-01T00:00:00Z');
const AFTER = new Date('2026-12-10T00:00:00Z');
const offer = (o: Partial<OfferFacts> = {}): OfferFacts => ({
  status: 'active',
  startsAt: null,
  endsAt: null,
  redemption: 'signup',
  planCodes: ['smart_quarterly'],
  firstTimeOnly: true,
  maxRedemptions: null,
  used: 0,
  ...o,
});
const reader = (r: Partial<RedeemerFacts> = {}): RedeemerFacts => ({
  now: NOW,
  planCode: 'smart_quarterly',
  path: 'signup',
  usedBefore: false,
  ...r,
});

describe('offerRefusal', () => {
  it.each<[string, Partial<OfferFacts>, Partial<RedeemerFacts>, string | null]>([
    ['a live offer for a new reader', {}, {}, null],
    ['a draft', { status: 'draft' }, {}, 'OFFER_NOT_FOUND'],
    ['not started yet', { startsAt: AFTER }, {}, 'OFFER_NOT_FOUND'],
    ['started', { startsAt: BEFORE }, {}, null],
    ['starting exactly now', { startsAt: NOW }, {}, null],
    ['a retention offer asked at signup', { redemption: 'retention' }, {}, 'OFFER_NOT_FOUND'],
    ['a signup offer asked for retention', {}, { path: 'retention' }, 'OFFER_NOT_FOUND'],
    ['archived', { status: 'archived' }, {}, 'OFFER_EXPIRED'],
    ['ended', { endsAt: BEFORE }, {}, 'OFFER_EXPIRED'],
    ['ending exactly now (exclusive)', { endsAt: NOW }, {}, 'OFFER_EXPIRED'],
    ['ending later', { endsAt: AFTER }, {}, null],
    ['another plan', {}, { planCode: 'super_saver' }, 'OFFER_NOT_FOR_PLAN'],
    ['exhausted', { maxRedemptions: 1, used: 1 }, {}, 'OFFER_EXHAUSTED'],
    ['one left', { maxRedemptions: 2, used: 1 }, {}, null],
    ['a past subscriber, first time only', {}, { usedBefore: true }, 'OFFER_FIRST_TIME_ONLY'],
    ['a past subscriber, open to all', { firstTimeOnly: false }, { usedBefore: true }, null],
    ['expired beats the plan check', { endsAt: BEFORE }, { planCode: 'super_saver' }, 'OFFER_EXPIRED'],
    ['exhausted beats first-time-only', { maxRedemptions: 1, used: 1 }, { usedBefore: true }, 'OFFER_EXHAUSTED'],
  ])('%s → %s', (_name, o, r, expected) => {
    expect(offerRefusal(offer(o), reader(r))).toBe(expected);
    expect(isLive(offer(o), NOW)).toBe(offer(o).status === 'active' && !(o.startsAt && o.startsAt > NOW) && !(o.endsAt && o.endsAt <= NOW));
  });
});

describe('nextChange', () => {
  it('is the nearest future start or end of an active offer', () => {
    expect(nextChange([offer({ startsAt: BEFORE, endsAt: AFTER }), offer({ startsAt: new Date('2026-12-07T00:00:00Z') })], NOW)).toEqual(
      new Date('2026-12-07T00:00:00Z'),
    );
    expect(nextChange([offer({ status: 'draft', startsAt: AFTER })], NOW)).toBeNull();
    expect(nextChange([offer({ endsAt: BEFORE }), offer()], NOW)).toBeNull();
  });
});
