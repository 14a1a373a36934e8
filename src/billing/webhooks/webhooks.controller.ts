import { Controller, Headers, HttpCode, Post, Req, type RawBodyRequest } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiHeader,
  ApiInternalServerErrorResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { Public } from '../../auth/roles.decorator';
import { WebhookIntakeService } from './webhook-intake.service';
import { WebhookReceiptResponseDto } from './webhooks.dto';

/** Stripe's webhook endpoint: authenticated by the Stripe signature, not an API key; never throttled. */
@ApiTags('webhooks')
@Public()
@Controller('v1/webhooks/stripe')
export class WebhooksController {
  constructor(private readonly intake: WebhookIntakeService) {}

  @Post()
  @HttpCode(200)
  // Stripe signs the exact bytes: the body is kept raw (not parsed or checked), and Stripe is never rate-limited.
  @RouteConfig({ rawBodyOnly: true, rateLimit: false })
  @ApiOperation({
    summary: 'Receive a Stripe event',
    description:
      'Verifies Stripe-Signature over the raw body (STRIPE_WEBHOOK_SECRET, 300 s tolerance), stores the event once by id, then ' +
      're-reads the object it names from Stripe and upserts local state. Duplicates answer 200 and change nothing; unhandled types are ' +
      'stored as ignored. A processing failure answers 500 (the event is kept as failed) so that Stripe retries. Every verified event is ' +
      'stored with its exact bytes: text PostgreSQL refuses (NUL, unpaired surrogates) is shown as U+FFFD, an event id holding it is ' +
      'stored under `sha256:<digest>`, and a `created` no timestamp can hold is kept as a number.',
  })
  @ApiHeader({ name: 'Stripe-Signature', required: true })
  @ApiOkResponse({ type: WebhookReceiptResponseDto })
  @ApiBadRequestResponse({
    description:
      'INVALID_WEBHOOK: bad or missing signature, stale timestamp, or not a Stripe event (a signed non-object body included); nothing stored',
  })
  @ApiInternalServerErrorResponse({ description: 'Processing failed (Stripe API or database); the event is kept and retried' })
  @ApiServiceUnavailableResponse({ description: 'STRIPE_NOT_CONFIGURED: no STRIPE_SECRET_KEY or STRIPE_WEBHOOK_SECRET' })
  async receive(@Req() req: RawBodyRequest<FastifyRequest>, @Headers('stripe-signature') signature?: string): Promise<WebhookReceiptResponseDto> {
    return { received: true, ...(await this.intake.receive(req.rawBody, signature)) };
  }
}
