import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, IsUrl, Matches, MaxLength } from 'class-validator';
import { Code, PROMOTION_CODE_PATTERN, UserId } from '../common/ids';
import { MoneyResponseDto } from '../common/money.dto';
import { Optional } from '../common/validation';
import { SUBSCRIPTION_STATUSES, type SubscriptionStatus } from '../stripe/subscription-statuses';

const URL_OPTIONS = { require_protocol: true, require_tld: false, protocols: ['http', 'https'] };

/** The `{userId}` path parameter: the publisher's own user id, opaque to Tollgate. */
export class UserParamsDto {
  @UserId()
  userId: string;
}

export class SubscriptionOfferResponseDto {
  @ApiProperty({ example: 'diwali_half_price' }) code: string;
  @ApiProperty({ enum: ['trial', 'intro_price', 'percent_off'] }) kind: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When the trial or discount ends; null: forever' }) endsAt:
    string | null;
}

export class SubscriptionResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'sub_1Pgc6rB7WZ01zgkWNy0Cn5nw' }) stripeSubscriptionId: string;
  @ApiProperty({ nullable: true, type: String, example: 'smart_quarterly', description: 'Null when the Stripe price matches no plan' })
  planCode: string | null;
  @ApiProperty({ enum: SUBSCRIPTION_STATUSES }) status: string;
  @ApiProperty({ type: MoneyResponseDto, nullable: true, description: 'What the subscriber pays per period (their price version)' })
  price: MoneyResponseDto | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) currentPeriodStart: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) currentPeriodEnd: string | null;
  @ApiProperty({ description: 'Set to end at currentPeriodEnd; access lasts until then' }) cancelAtPeriodEnd: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When the cancellation was asked' }) canceledAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When the subscription ended' }) endedAt: string | null;
  @ApiProperty({ description: 'Stripe will charge the next period (active, trialing, past_due) and no cancellation is pending' }) autoRenews: boolean;
  @ApiProperty({ type: SubscriptionOfferResponseDto, nullable: true, description: 'The offer in force (a trial or a discount), or null' })
  offer: SubscriptionOfferResponseDto | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: "The trial's end, when the subscription had one" }) trialEnd:
    string | null;
}

export class SubscriptionEnvelopeResponseDto {
  @ApiProperty({ type: SubscriptionResponseDto }) subscription: SubscriptionResponseDto;
}

export class CheckoutSessionCreateDto {
  @Code('smart_quarterly')
  planCode: string;

  @ApiProperty({ example: 'https://news.example/subscribe/done' })
  @IsUrl(URL_OPTIONS)
  @MaxLength(2000)
  successUrl: string;

  @ApiProperty({ example: 'https://news.example/subscribe' })
  @IsUrl(URL_OPTIONS)
  @MaxLength(2000)
  cancelUrl: string;

  @ApiPropertyOptional({ example: 'reader@example.com', description: 'Prefills Checkout when the user has no Stripe customer yet' })
  @Optional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({
    example: 'first_month_one_rupee',
    description: 'An automatic offer (one without a promotion code) to apply; not with promotionCode',
  })
  @Optional()
  @Code('first_month_one_rupee')
  offerCode?: string;

  @ApiPropertyOptional({
    example: 'DIWALI50',
    pattern: PROMOTION_CODE_PATTERN.source,
    description: "A reader's promotion code to apply; not with offerCode",
  })
  @Optional()
  @IsString()
  @Matches(PROMOTION_CODE_PATTERN, { message: '$property must be 3-20 capital letters or digits, e.g. DIWALI50' })
  promotionCode?: string;
}

export class OfferAcceptDto {
  @Code('stay_half_price')
  offerCode: string;
}

export class CheckoutSessionResponseDto {
  @ApiProperty({ example: 'cs_test_a1YS1URlnyQCN5fUUduORoQ7Pw41PJqDWkIVQCpJPqkfIhd6tVY8XB1OLY' }) id: string;
  @ApiProperty({ example: 'https://checkout.stripe.com/c/pay/cs_test_…' }) url: string;
}

export class PlanChangeDto {
  @Code('super_saver')
  planCode: string;
}

export class BillingPortalSessionCreateDto {
  @ApiProperty({ example: 'https://news.example/account' })
  @IsUrl(URL_OPTIONS)
  @MaxLength(2000)
  returnUrl: string;
}

export class BillingPortalSessionResponseDto {
  @ApiProperty({ example: 'https://billing.stripe.com/p/session/…' }) url: string;
}

export class SubscriptionAdminQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'false: only subscriptions not linked to a user or a plan (they grant nothing)' })
  @Optional()
  @IsIn(['true', 'false'])
  linked?: 'true' | 'false';

  @ApiPropertyOptional({ enum: SUBSCRIPTION_STATUSES })
  @Optional()
  @IsIn(SUBSCRIPTION_STATUSES)
  status?: SubscriptionStatus;
}

export class SubscriptionAdminResponseDto extends SubscriptionResponseDto {
  @ApiProperty({ nullable: true, type: String, description: 'Null when no user could be linked' }) userId: string | null;
  @ApiProperty() stripeCustomerId: string;
  @ApiProperty({ nullable: true, type: String }) stripePriceId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class SubscriptionAdminListResponseDto {
  @ApiProperty({ type: [SubscriptionAdminResponseDto], description: 'Newest first' }) subscriptions: SubscriptionAdminResponseDto[];
}
