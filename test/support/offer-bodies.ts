import fc from 'fast-check';

/**
 * Generated POST /v1/admin/offers bodies, good and bad: any subset of the fields, each from values that are valid,
 * out of range, of another kind, or already taken (`taken` names an offer code and a promotion code in use).
 */
export function offerBodies(taken: { code: string; promotionCode: string }, extraPlanCodes: string[][] = []): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(
    {
      code: fc.constantFrom('gen_a', 'gen_b', taken.code, 'Bad-Code'),
      name: fc.constantFrom('Gen', '', ' '),
      kind: fc.constantFrom('trial', 'intro_price', 'percent_off', 'free'),
      planCodes: fc.constantFrom(['smart_quarterly'], ['smart_quarterly', 'super_saver'], [], ['nope'], ...extraPlanCodes),
      trialDays: fc.integer({ min: -1, max: 100 }),
      introPriceMinor: fc.oneof(fc.integer({ min: -1, max: 500_000 }), fc.double()),
      introPeriods: fc.integer({ min: 0, max: 13 }),
      percentOff: fc.integer({ min: 0, max: 101 }),
      promotionCode: fc.constantFrom('GEN1', taken.promotionCode, 'x'),
      firstTimeOnly: fc.constantFrom(true, false, 'yes'),
      maxRedemptions: fc.integer({ min: -1, max: 3 }),
      startsAt: fc.constantFrom('2027-01-01T00:00:00Z', 'not a date', '2027-01-01'),
      endsAt: fc.constantFrom('2026-01-01T00:00:00Z', '2028-01-01T00:00:00Z'),
      redemption: fc.constantFrom('signup', 'retention', 'winback'),
      status: fc.constantFrom('draft', 'active', 'archived'),
    },
    { requiredKeys: [] },
  );
}
