import { Injectable } from '@nestjs/common';
import { EntitlementsService } from '../entitlements/entitlements.service';
import { MeteringService } from '../metering/metering.service';
import { SettingsService } from '../settings/settings.service';
import type { AccessDecisionBody, AccessDecisionResponseDto } from './access.dto';
import { AccessOutcome, decideAccess, hasRegistrationWall, meterFor } from './domain/access-decision';

/** A decision as answered (the response body). */
export type AccessDecisionView = AccessDecisionResponseDto;

/**
 * The answer: the outcome's fields and the meter, written out. Not `{ ...outcome, meter }`: on Node 20 an object spread
 * followed by more properties takes V8's slow path, about 4 µs a call here (measured), on every page view.
 */
function shown(o: AccessOutcome, meter: AccessDecisionView['meter']): AccessDecisionView {
  return { granted: o.granted, reason: o.reason, wall: o.wall, meter };
}

/**
 * The paywall's one question per page view. The rule is decideAccess; this service feeds it: the premium benefit from
 * the entitlement check, and for a metered article the meter it belongs to (MeteringService, the same meter as
 * POST /v1/meter/reads): the device's against the anonymous limit, or once signed in the user's own against
 * freeArticleLimit, after carrying the device's anonymous reads of the month over to the user.
 */
@Injectable()
export class AccessService {
  constructor(
    private readonly settings: SettingsService,
    private readonly entitlements: EntitlementsService,
    private readonly metering: MeteringService,
  ) {}

  async decide(body: AccessDecisionBody): Promise<AccessDecisionView> {
    const { access, viewerId, userId, articleId } = body;
    if (access === 'free')
      return shown(decideAccess({ access, signedIn: false, entitled: false, meterAllowed: false, registrationWall: false }), null);
    const s = await this.settings.get();
    const signedIn = userId !== undefined;
    const registrationWall = hasRegistrationWall(s);
    if (access === 'premium') {
      const entitled = signedIn && (await this.entitlements.check(userId, s.premiumBenefitCode)).granted;
      const outcome = decideAccess({ access, signedIn, entitled, meterAllowed: false, registrationWall });
      if (outcome.wall !== 'none') await this.metering.wallMet(userId ?? viewerId, outcome.wall);
      return shown(outcome, null);
    }

    const { kind, limit } = meterFor(signedIn, s);
    let entitled = false;
    let answer;
    if (signedIn) {
      await this.metering.carryOver(viewerId, userId);
      entitled = (await this.entitlements.check(userId, s.meteredBenefitCode)).granted;
      answer = await this.metering.meter(userId, articleId, limit, entitled, true);
    } else {
      answer = await this.metering.meter(viewerId, articleId, limit, false);
    }
    const { freeLimit, used, remaining, resetsAt } = answer;
    const outcome = decideAccess({ access, signedIn, entitled, meterAllowed: answer.allowed, registrationWall });
    // Met on the meter that counted: the user's once signed in, else the device's (the funnel counts viewers).
    if (outcome.wall !== 'none') await this.metering.wallMet(userId ?? viewerId, outcome.wall);
    return shown(outcome, {
      kind,
      freeLimit,
      used,
      remaining,
      resetsAt,
    });
  }
}
