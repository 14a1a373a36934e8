import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../auth/actor';
import { Roles } from '../auth/roles.decorator';
import { OfferViewResponseDto } from '../catalog/catalog.dto';
import { CheckoutService } from './checkout.service';
import { SubscriptionActionsService } from './subscription-actions.service';
import {
  BillingPortalSessionCreateDto,
  BillingPortalSessionResponseDto,
  CheckoutSessionCreateDto,
  CheckoutSessionResponseDto,
  OfferAcceptDto,
  PlanChangeDto,
  SubscriptionEnvelopeResponseDto,
  UserParamsDto,
} from './subscriptions.dto';
import { SubscriptionsService } from './subscriptions.service';

@ApiTags('subscriptions')
@ApiBearerAuth()
@Roles('admin', 'paywall')
@ApiServiceUnavailableResponse({ description: 'STRIPE_NOT_CONFIGURED (routes that call Stripe)' })
@ApiBadGatewayResponse({ description: 'STRIPE_ERROR: the Stripe API failed; nothing changed locally' })
@Controller('v1/users/:userId')
export class SubscriptionsController {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly actions: SubscriptionActionsService,
    private readonly checkout: CheckoutService,
  ) {}

  @Post('checkout-sessions')
  @ApiOperation({
    summary: "Start Stripe Checkout for a plan's current price (subscription mode)",
    description:
      "client_reference_id and subscription_data.metadata.user_id carry the userId; the user's Stripe customer is reused when " +
      'there is one, else Checkout creates one (prefilled with `email`). A plan whose current price has no Stripe Price yet ' +
      'gets one created first (product, price with lookup_key = plan code). 404 PLAN_NOT_FOUND, 400 PLAN_NOT_ACTIVE.',
  })
  @ApiCreatedResponse({ type: CheckoutSessionResponseDto })
  @ApiNotFoundResponse({ description: 'PLAN_NOT_FOUND' })
  @ApiConflictResponse({ description: 'ALREADY_SUBSCRIBED: the user has a live subscription' })
  startCheckout(@Param() p: UserParamsDto, @Body() dto: CheckoutSessionCreateDto): Promise<CheckoutSessionResponseDto> {
    return this.checkout.createCheckoutSession(p.userId, dto);
  }

  @Get('subscription')
  @ApiOperation({ summary: "The user's most relevant subscription: a live one first, else the most recent" })
  @ApiOkResponse({ type: SubscriptionEnvelopeResponseDto })
  @ApiNotFoundResponse({ description: 'SUBSCRIPTION_NOT_FOUND' })
  async get(@Param() p: UserParamsDto): Promise<SubscriptionEnvelopeResponseDto> {
    return { subscription: await this.subscriptions.getViewOrThrow(p.userId) };
  }

  @Post('subscription/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel at the period end (access lasts until then); idempotent' })
  @ApiOkResponse({ type: SubscriptionEnvelopeResponseDto })
  @ApiNotFoundResponse({ description: 'SUBSCRIPTION_NOT_FOUND' })
  @ApiConflictResponse({ description: 'SUBSCRIPTION_NOT_CANCELABLE: already ended' })
  async cancel(@CurrentActor() actor: Actor, @Param() p: UserParamsDto): Promise<SubscriptionEnvelopeResponseDto> {
    return { subscription: await this.actions.cancel(actor, p.userId) };
  }

  @Post('subscription/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Undo a pending cancellation, before the period ends' })
  @ApiOkResponse({ type: SubscriptionEnvelopeResponseDto })
  @ApiNotFoundResponse({ description: 'SUBSCRIPTION_NOT_FOUND' })
  @ApiConflictResponse({ description: 'SUBSCRIPTION_NOT_RESUMABLE: no pending cancellation, or the period is over' })
  async resume(@CurrentActor() actor: Actor, @Param() p: UserParamsDto): Promise<SubscriptionEnvelopeResponseDto> {
    return { subscription: await this.actions.resume(actor, p.userId) };
  }

  @Post('subscription/change-plan')
  @HttpCode(200)
  @ApiOperation({ summary: "Swap to another plan's current price on Stripe, prorated (proration_behavior=create_prorations)" })
  @ApiOkResponse({ type: SubscriptionEnvelopeResponseDto })
  @ApiNotFoundResponse({ description: 'SUBSCRIPTION_NOT_FOUND or PLAN_NOT_FOUND' })
  @ApiConflictResponse({ description: 'SUBSCRIPTION_NOT_CHANGEABLE: the subscription has ended' })
  async changePlan(@CurrentActor() actor: Actor, @Param() p: UserParamsDto, @Body() dto: PlanChangeDto): Promise<SubscriptionEnvelopeResponseDto> {
    return { subscription: await this.actions.changePlan(actor, p.userId, dto.planCode) };
  }

  @Get('subscription/retention-offer')
  @ApiOperation({
    summary: 'The best live retention offer for the subscription, on the price the subscriber pays (offer it instead of a cancellation)',
  })
  @ApiOkResponse({ type: OfferViewResponseDto })
  @ApiNotFoundResponse({ description: 'SUBSCRIPTION_NOT_FOUND (no live subscription) or OFFER_NOT_FOUND (no retention offer)' })
  retentionOffer(@Param() p: UserParamsDto): Promise<OfferViewResponseDto> {
    return this.actions.retentionOffer(p.userId);
  }

  @Post('subscription/accept-offer')
  @HttpCode(200)
  @ApiOperation({ summary: "Apply a retention offer's discount at Stripe and undo a pending cancellation" })
  @ApiOkResponse({ type: SubscriptionEnvelopeResponseDto })
  @ApiNotFoundResponse({ description: 'SUBSCRIPTION_NOT_FOUND or OFFER_NOT_FOUND' })
  @ApiConflictResponse({ description: 'OFFER_EXPIRED, OFFER_EXHAUSTED, OFFER_NOT_FOR_PLAN, OFFER_FIRST_TIME_ONLY (already taken once)' })
  async acceptOffer(@CurrentActor() actor: Actor, @Param() p: UserParamsDto, @Body() dto: OfferAcceptDto): Promise<SubscriptionEnvelopeResponseDto> {
    return { subscription: await this.actions.acceptOffer(actor, p.userId, dto.offerCode) };
  }

  @Post('billing-portal-sessions')
  @ApiOperation({ summary: "Open Stripe's billing portal for the user's Stripe customer" })
  @ApiCreatedResponse({ type: BillingPortalSessionResponseDto })
  @ApiNotFoundResponse({ description: 'BILLING_CUSTOMER_NOT_FOUND: the user never reached Stripe' })
  portal(@Param() p: UserParamsDto, @Body() dto: BillingPortalSessionCreateDto): Promise<BillingPortalSessionResponseDto> {
    return this.checkout.createPortalSession(p.userId, dto.returnUrl);
  }
}
