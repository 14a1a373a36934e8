import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../auth/roles.decorator';
import { OfferViewResponseDto } from '../catalog/catalog.dto';
import { PromotionCodeParamsDto } from '../offers/offers.dto';
import { CheckoutSessionResponseDto } from '../subscriptions/subscriptions.dto';
import { DEMO_USER_ID, DEMO_VIEWER_ID, PaywallDemoService } from './paywall-demo.service';
import {
  type DemoAccessDecisionBody,
  demoAccessDecisionBodyPipe,
  DemoAccessDecisionCreateDto,
  DemoAccessDecisionResponseDto,
  DemoCheckoutSessionCreateDto,
  DemoOfferLookupQueryDto,
} from './web.dto';

/**
 * Public routes behind the /paywall demo page, acting for one fixed demo device and demo user. No key (a browser must never hold
 * one); rate-limited per client address like every keyless route (PUBLIC_RATE_LIMIT_PER_MINUTE).
 */
@ApiTags('demo')
@ApiTooManyRequestsResponse({ description: 'RATE_LIMITED (per client address)' })
@Public()
@Controller('v1/demo')
export class PaywallDemoController {
  constructor(private readonly demo: PaywallDemoService) {}

  @Post('access-decisions')
  @HttpCode(200)
  @ApiOperation({
    summary:
      `An access decision on the demo device "${DEMO_VIEWER_ID}", signed in as "${DEMO_USER_ID}" or anonymous ` +
      '(what POST /v1/access/decisions answers), with the registered limit',
  })
  @ApiBody({ type: DemoAccessDecisionCreateDto })
  @ApiOkResponse({ type: DemoAccessDecisionResponseDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: a missing, malformed or unknown field, or an unknown access level' })
  decide(@Body(demoAccessDecisionBodyPipe) body: DemoAccessDecisionBody): Promise<DemoAccessDecisionResponseDto> {
    return this.demo.decide(body);
  }

  @Get('offers/:promotionCode')
  @ApiOperation({
    summary: `Validate a promotion code for a plan and the demo user "${DEMO_USER_ID}" (what GET /v1/offers/{promotionCode} answers)`,
  })
  @ApiOkResponse({ type: OfferViewResponseDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: a malformed code or planCode, or any other parameter' })
  @ApiNotFoundResponse({ description: 'OFFER_NOT_FOUND (no such code on sale, or not started yet)' })
  @ApiConflictResponse({ description: 'OFFER_EXPIRED, OFFER_EXHAUSTED, OFFER_NOT_FOR_PLAN, OFFER_FIRST_TIME_ONLY' })
  lookupOffer(@Param() params: PromotionCodeParamsDto, @Query() query: DemoOfferLookupQueryDto): Promise<OfferViewResponseDto> {
    return this.demo.lookupOffer(params.promotionCode, query.planCode);
  }

  @Post('checkout-sessions')
  @ApiOperation({ summary: `Start Stripe Checkout for the demo user "${DEMO_USER_ID}", with an offer if named; returns to /paywall` })
  @ApiCreatedResponse({ type: CheckoutSessionResponseDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, PLAN_NOT_ACTIVE' })
  @ApiNotFoundResponse({ description: 'OFFER_NOT_FOUND' })
  @ApiConflictResponse({ description: 'ALREADY_SUBSCRIBED; OFFER_EXPIRED, OFFER_EXHAUSTED, OFFER_NOT_FOR_PLAN, OFFER_FIRST_TIME_ONLY' })
  @ApiServiceUnavailableResponse({ description: 'STRIPE_NOT_CONFIGURED' })
  startCheckout(@Body() dto: DemoCheckoutSessionCreateDto, @Req() req: FastifyRequest): Promise<CheckoutSessionResponseDto> {
    return this.demo.startCheckout(dto, `${req.protocol}://${req.host}`);
  }
}
