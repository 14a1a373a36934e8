import { Optional } from '../common/validation';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, IsUrl, Matches, MaxLength } from 'class-validator';
import type { SubscriptionStatus } from './subscription.entity';

const STATUSES: SubscriptionStatus[] = ['incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused'];
const URL_OPTIONS = { require_protocol: true, require_tld: false, protocols: ['http', 'https'] };
const PLAN_CODE = /^[a-z][a-z0-9_]{0,63}$/;

/** The `{userId}` path parameter: the publisher's own user id, opaque to Tollgate. */
export class UserParamsDto {
  @ApiProperty({ example: 'u_123', description: "The publisher's user id (1-128 of A-Z a-z 0-9 _ . : @ -)" })
  @Matches(/^[A-Za-z0-9_.:@-]{1,128}$/, { message: 'userId must be 1-128 characters of A-Z a-z 0-9 _ . : @ -' })
  userId: string;
}

export class MoneyResponseDto {
  @ApiProperty({ example: 90000, description: 'Integer minor units' }) amountMinor: number;
  @ApiProperty({ example: 'INR' }) currency: string;
  @ApiProperty({ example: '₹900' }) formatted: string;
}

export class SubscriptionResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'sub_1Pgc6rB7WZ01zgkWNy0Cn5nw' }) stripeSubscriptionId: string;
  @ApiProperty({ nullable: true, type: String, example: 'smart_quarterly', description: 'Null when the Stripe price matches no plan' })
  planCode: string | null;
  @ApiProperty({ enum: STATUSES }) status: string;
  @ApiProperty({ type: MoneyResponseDto, nullable: true, description: 'What the subscriber pays per period (their price version)' })
  price: MoneyResponseDto | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) currentPeriodStart: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) currentPeriodEnd: string | null;
  @ApiProperty({ description: 'Set to end at currentPeriodEnd; access lasts until then' }) cancelAtPeriodEnd: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When the cancellation was asked' }) canceledAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When the subscription ended' }) endedAt: string | null;
  @ApiProperty({ description: 'Stripe will charge the next period (active, trialing, past_due) and no cancellation is pending' }) autoRenews: boolean;
}

export class SubscriptionEnvelopeResponseDto {
  @ApiProperty({ type: SubscriptionResponseDto }) subscription: SubscriptionResponseDto;
}

export class CheckoutSessionCreateDto {
  @ApiProperty({ example: 'smart_quarterly' })
  @IsString()
  @Matches(PLAN_CODE, { message: 'planCode must be a lower_snake plan code' })
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
}

export class CheckoutSessionResponseDto {
  @ApiProperty({ example: 'cs_test_a1YS1URlnyQCN5fUUduORoQ7Pw41PJqDWkIVQCpJPqkfIhd6tVY8XB1OLY' }) id: string;
  @ApiProperty({ example: 'https://checkout.stripe.com/c/pay/cs_test_…' }) url: string;
}

export class PlanChangeDto {
  @ApiProperty({ example: 'super_saver' })
  @IsString()
  @Matches(PLAN_CODE, { message: 'planCode must be a lower_snake plan code' })
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

export class InvoiceResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'in_1Pgc6tB7WZ01zgkWu9fdqL6I' }) stripeInvoiceId: string;
  @ApiProperty({ example: 'paid', description: "Stripe's status, or payment_failed / action_required for an open invoice's last attempt" })
  status: string;
  @ApiProperty({ type: MoneyResponseDto }) total: MoneyResponseDto;
  @ApiProperty({ type: MoneyResponseDto }) amountPaid: MoneyResponseDto;
  @ApiProperty({ nullable: true, type: String, example: 'subscription_cycle' }) billingReason: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) periodStart: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) periodEnd: string | null;
  @ApiProperty({ nullable: true, type: String }) hostedInvoiceUrl: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) paidAt: string | null;
}

export class InvoiceListResponseDto {
  @ApiProperty({ type: [InvoiceResponseDto], description: 'Newest first' }) invoices: InvoiceResponseDto[];
}

export class SubscriptionAdminQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'false: only subscriptions not linked to a user or a plan (they grant nothing)' })
  @Optional()
  @IsIn(['true', 'false'])
  linked?: 'true' | 'false';

  @ApiPropertyOptional({ enum: STATUSES })
  @Optional()
  @IsIn(STATUSES)
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
