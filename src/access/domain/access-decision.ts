/**
 * The paywall's decision for one page view, with no I/O: from the article's access level, whether the reader is signed
 * in, whether they hold the benefit that level asks for, and (metered articles) what the free-article meter said, which
 * reason and which wall the reader meets. Which meter counts the read and against which limit is `meterFor`.
 */

export const ACCESS_LEVELS = ['free', 'metered', 'premium'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

export const ACCESS_REASONS = ['free_article', 'entitled', 'free_quota', 'registration_required', 'subscription_required', 'limit_reached'] as const;
export type AccessReason = (typeof ACCESS_REASONS)[number];

export const WALLS = ['none', 'registration', 'subscription'] as const;
export type Wall = (typeof WALLS)[number];

/** Whose meter counts a metered read: the device's while anonymous, the user's own once signed in. */
export const METER_KINDS = ['anonymous', 'registered'] as const;
export type MeterKind = (typeof METER_KINDS)[number];

/** The settings the wall is drawn from. */
export interface WallSettings {
  /** The registered reader's monthly free articles. */
  freeArticleLimit: number;
  /** The anonymous reader's; null: anonymous readers share freeArticleLimit and there is no registration wall. */
  anonymousArticleLimit: number | null;
}

/** The meter a metered read is counted on, and its limit. */
export function meterFor(signedIn: boolean, s: WallSettings): { kind: MeterKind; limit: number } {
  if (signedIn) return { kind: 'registered', limit: s.freeArticleLimit };
  return { kind: 'anonymous', limit: s.anonymousArticleLimit ?? s.freeArticleLimit };
}

/** Signing up is worth asking for only when it opens more free articles than the anonymous limit. */
export function hasRegistrationWall(s: WallSettings): boolean {
  return s.anonymousArticleLimit !== null && s.freeArticleLimit > s.anonymousArticleLimit;
}

export interface AccessFacts {
  access: AccessLevel;
  signedIn: boolean;
  /**
   * The signed-in reader holds the benefit this level asks for (premium: premiumBenefitCode; metered:
   * meteredBenefitCode). An anonymous reader holds nothing, whatever is passed.
   */
  entitled: boolean;
  /** Metered, not entitled: the meter let this article in (a re-read, or a new one under the limit, now counted). */
  meterAllowed: boolean;
  /** hasRegistrationWall of the settings in force. */
  registrationWall: boolean;
}

export interface AccessOutcome {
  granted: boolean;
  reason: AccessReason;
  wall: Wall;
}

const FREE_ARTICLE: AccessOutcome = { granted: true, reason: 'free_article', wall: 'none' };
const ENTITLED: AccessOutcome = { granted: true, reason: 'entitled', wall: 'none' };
const FREE_QUOTA: AccessOutcome = { granted: true, reason: 'free_quota', wall: 'none' };
const SUBSCRIPTION_REQUIRED: AccessOutcome = { granted: false, reason: 'subscription_required', wall: 'subscription' };
const REGISTRATION_REQUIRED: AccessOutcome = { granted: false, reason: 'registration_required', wall: 'registration' };
const LIMIT_REACHED: AccessOutcome = { granted: false, reason: 'limit_reached', wall: 'subscription' };

/** The reason and wall for one page view. */
export function decideAccess(f: AccessFacts): AccessOutcome {
  const entitled = f.signedIn && f.entitled;
  if (f.access === 'free') return FREE_ARTICLE;
  if (f.access === 'premium') return entitled ? ENTITLED : SUBSCRIPTION_REQUIRED;
  if (entitled) return ENTITLED;
  if (f.meterAllowed) return FREE_QUOTA;
  return !f.signedIn && f.registrationWall ? REGISTRATION_REQUIRED : LIMIT_REACHED;
}
