import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { RequestWithActor } from '../auth/actor';

/**
 * Per-address rate limit for calls made without an API key. A keyed caller (the paywall's server, calling for all
 * its readers from one address) is never throttled here, nor is the Stripe webhook route (@SkipThrottle).
 */
@Injectable()
export class PublicThrottlerGuard extends ThrottlerGuard {
  protected async shouldSkip(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<RequestWithActor>();
    return !!req.actor || (await super.shouldSkip(ctx));
  }
}
