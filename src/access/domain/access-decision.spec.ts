import { AccessLevel, AccessOutcome, decideAccess, hasRegistrationWall, meterFor } from './access-decision';

const granted = (reason: AccessOutcome['reason']): AccessOutcome => ({ granted: true, reason, wall: 'none' });
const REGISTRATION: AccessOutcome = { granted: false, reason: 'registration_required', wall: 'registration' };
const SUBSCRIBE: AccessOutcome = { granted: false, reason: 'subscription_required', wall: 'subscription' };
const LIMIT: AccessOutcome = { granted: false, reason: 'limit_reached', wall: 'subscription' };

type Row = [AccessLevel, signedIn: boolean, entitled: boolean, underLimit: boolean, registrationWall: boolean, AccessOutcome];

// Every combination of access level × signed in × entitled × under the limit × registration wall on, written out.
const TABLE: Row[] = [
  // free: always granted, whatever else holds.
  ['free', false, false, false, false, granted('free_article')],
  ['free', false, false, false, true, granted('free_article')],
  ['free', false, false, true, false, granted('free_article')],
  ['free', false, false, true, true, granted('free_article')],
  ['free', false, true, false, false, granted('free_article')],
  ['free', false, true, false, true, granted('free_article')],
  ['free', false, true, true, false, granted('free_article')],
  ['free', false, true, true, true, granted('free_article')],
  ['free', true, false, false, false, granted('free_article')],
  ['free', true, false, false, true, granted('free_article')],
  ['free', true, false, true, false, granted('free_article')],
  ['free', true, false, true, true, granted('free_article')],
  ['free', true, true, false, false, granted('free_article')],
  ['free', true, true, false, true, granted('free_article')],
  ['free', true, true, true, false, granted('free_article')],
  ['free', true, true, true, true, granted('free_article')],
  // metered
  ['metered', false, false, false, false, LIMIT],
  ['metered', false, false, false, true, REGISTRATION],
  ['metered', false, false, true, false, granted('free_quota')],
  ['metered', false, false, true, true, granted('free_quota')],
  // an anonymous reader holds no benefit: "entitled" from a device id is ignored.
  ['metered', false, true, false, false, LIMIT],
  ['metered', false, true, false, true, REGISTRATION],
  ['metered', false, true, true, false, granted('free_quota')],
  ['metered', false, true, true, true, granted('free_quota')],
  // signed in: no registration wall, whatever the settings.
  ['metered', true, false, false, false, LIMIT],
  ['metered', true, false, false, true, LIMIT],
  ['metered', true, false, true, false, granted('free_quota')],
  ['metered', true, false, true, true, granted('free_quota')],
  ['metered', true, true, false, false, granted('entitled')],
  ['metered', true, true, false, true, granted('entitled')],
  ['metered', true, true, true, false, granted('entitled')],
  ['metered', true, true, true, true, granted('entitled')],
  // premium: the benefit or the subscription wall; no free quota and no registration wall opens it.
  ['premium', false, false, false, false, SUBSCRIBE],
  ['premium', false, false, false, true, SUBSCRIBE],
  ['premium', false, false, true, false, SUBSCRIBE],
  ['premium', false, false, true, true, SUBSCRIBE],
  ['premium', false, true, false, false, SUBSCRIBE],
  ['premium', false, true, false, true, SUBSCRIBE],
  ['premium', false, true, true, false, SUBSCRIBE],
  ['premium', false, true, true, true, SUBSCRIBE],
  ['premium', true, false, false, false, SUBSCRIBE],
  ['premium', true, false, false, true, SUBSCRIBE],
  ['premium', true, false, true, false, SUBSCRIBE],
  ['premium', true, false, true, true, SUBSCRIBE],
  ['premium', true, true, false, false, granted('entitled')],
  ['premium', true, true, false, true, granted('entitled')],
  ['premium', true, true, true, false, granted('entitled')],
  ['premium', true, true, true, true, granted('entitled')],
];

describe('decideAccess', () => {
  it('the table covers every combination exactly once', () => {
    const keys = new Set(TABLE.map((r) => r.slice(0, 5).join()));
    expect(keys.size).toBe(3 * 2 * 2 * 2 * 2);
    expect(TABLE.length).toBe(keys.size);
  });

  it.each(TABLE)(
    '%s, signed in %s, entitled %s, under the limit %s, registration wall %s',
    (access, signedIn, entitled, underLimit, registrationWall, expected) => {
      expect(decideAccess({ access, signedIn, entitled, meterAllowed: underLimit, registrationWall })).toEqual(expected);
    },
  );
});

describe('meterFor and hasRegistrationWall', () => {
  it.each([
    // [signedIn, freeArticleLimit, anonymousArticleLimit, kind, limit, registration wall]
    [false, 5, 3, 'anonymous', 3, true],
    [true, 5, 3, 'registered', 5, true],
    [false, 5, null, 'anonymous', 5, false],
    [true, 5, null, 'registered', 5, false],
    [false, 3, 3, 'anonymous', 3, false],
    [false, 5, 0, 'anonymous', 0, true],
    [false, 0, 0, 'anonymous', 0, false],
    [true, 0, null, 'registered', 0, false],
  ] as const)('signed in %s, free %s, anonymous %s: %s meter at %s, registration wall %s', (signedIn, free, anonymous, kind, limit, wall) => {
    const s = { freeArticleLimit: free, anonymousArticleLimit: anonymous };
    expect(meterFor(signedIn, s)).toEqual({ kind, limit });
    expect(hasRegistrationWall(s)).toBe(wall);
  });
});
