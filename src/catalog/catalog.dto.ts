import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  buildMessage,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { Code } from '../common/ids';
import { isIsoCurrency, MAX_AMOUNT_MINOR } from '../common/money';
import { MoneyResponseDto } from '../common/money.dto';
import { Optional } from '../common/validation';
import { MAX_INTERVAL_MONTHS, MIN_INTERVAL_MONTHS } from './domain/pricing';
import type { PlanStatus } from './plan.entity';

const NOT_BLANK = /\S/;
const PLAN_STATUSES: PlanStatus[] = ['draft', 'active', 'archived'];
const CREATE_STATUSES: PlanStatus[] = ['draft', 'active'];

function IsIsoCurrency() {
  return ValidateBy({
    name: 'isIsoCurrency',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isIsoCurrency(value),
      defaultMessage: buildMessage(() => '$property must be an ISO 4217 currency code in capitals, e.g. INR'),
    },
  });
}

function AmountMinor() {
  return (target: object, key: string) => {
    ApiProperty({ description: 'Integer minor units (paise for INR)', example: 90000, minimum: 0, maximum: MAX_AMOUNT_MINOR })(target, key);
    IsInt({ message: '$property must be an integer number of minor units' })(target, key);
    Min(0)(target, key);
    Max(MAX_AMOUNT_MINOR)(target, key);
  };
}

function Currency() {
  return (target: object, key: string) => {
    ApiProperty({ description: 'ISO 4217 code, capitals', example: 'INR', pattern: '^[A-Z]{3}$' })(target, key);
    IsIsoCurrency()(target, key);
  };
}

/** Documents a field; an optional one may also be absent from the body. */
function documented(optional: boolean | undefined, doc: ApiPropertyOptions) {
  return (target: object, key: string) => {
    if (!optional) return ApiProperty(doc)(target, key);
    ApiPropertyOptional(doc)(target, key);
    Optional()(target, key);
  };
}

/** A display name: 1-200 characters, not only spaces. */
function NameField(opts: { optional?: boolean; example?: string } = {}) {
  return (target: object, key: string) => {
    documented(opts.optional, { example: opts.example, minLength: 1, maxLength: 200 })(target, key);
    IsString()(target, key);
    Length(1, 200)(target, key);
    Matches(NOT_BLANK, { message: '$property must not be blank' })(target, key);
  };
}

function DescriptionField(example?: string) {
  return (target: object, key: string) => {
    documented(true, { example, maxLength: 2000 })(target, key);
    IsString()(target, key);
    MaxLength(2000)(target, key);
  };
}

function BenefitCodesField(opts: { optional?: boolean; description: string }) {
  return (target: object, key: string) => {
    documented(opts.optional, { type: [String], example: ['premium_stories', 'epaper'], description: opts.description })(target, key);
    IsArray()(target, key);
    ArrayMaxSize(100)(target, key);
    ArrayUnique()(target, key);
    IsString({ each: true })(target, key);
  };
}

function SortOrderField() {
  return (target: object, key: string) => {
    documented(true, { description: 'Ascending display order (default 0)', minimum: -1_000_000, maximum: 1_000_000 })(target, key);
    IsInt()(target, key);
    Min(-1_000_000)(target, key);
    Max(1_000_000)(target, key);
  };
}

// ---------- requests ----------

export class BenefitCreateDto {
  @Code('premium_stories')
  code: string;

  @NameField({ example: 'Exclusive premium stories online' })
  name: string;

  @DescriptionField('Over 30 premium stories daily, handpicked by our editors')
  description?: string;
}

export class BenefitUpdateDto {
  @NameField({ optional: true })
  name?: string;

  @DescriptionField()
  description?: string;
}

export class PriceInputDto {
  @AmountMinor()
  amountMinor: number;

  @Currency()
  currency: string;
}

export class PlanPriceCreateDto extends PriceInputDto {
  @ApiPropertyOptional({
    description: 'Link an existing Stripe Price instead of having one created. Unique across all plans.',
    example: 'price_1QxYzAbCdEf',
  })
  @Optional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{3,255}$/, { message: '$property must be a Stripe price id such as price_123' })
  stripePriceId?: string;
}

export class PlanCreateDto {
  @Code('smart_quarterly')
  code: string;

  @NameField({ example: 'Smart Quarterly' })
  name: string;

  @DescriptionField()
  description?: string;

  @ApiProperty({ minimum: MIN_INTERVAL_MONTHS, maximum: MAX_INTERVAL_MONTHS, example: 3 })
  @IsInt()
  @Min(MIN_INTERVAL_MONTHS)
  @Max(MAX_INTERVAL_MONTHS)
  intervalMonths: number;

  @ApiProperty({ type: PriceInputDto, description: 'The first price version' })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => PriceInputDto)
  price: PriceInputDto;

  @BenefitCodesField({ description: 'In display order; each must exist' })
  benefitCodes: string[];

  @SortOrderField()
  sortOrder?: number;

  @ApiPropertyOptional({ enum: CREATE_STATUSES, default: 'draft' })
  @Optional()
  @IsIn(CREATE_STATUSES)
  status?: 'draft' | 'active';
}

/** The price is deliberately absent: prices are immutable versions (POST /prices); a `price` field is rejected. */
export class PlanUpdateDto {
  @NameField({ optional: true })
  name?: string;

  @DescriptionField()
  description?: string;

  @BenefitCodesField({ optional: true, description: 'Replaces the plan benefits, in display order' })
  benefitCodes?: string[];

  @SortOrderField()
  sortOrder?: number;

  @ApiPropertyOptional({ enum: PLAN_STATUSES })
  @Optional()
  @IsIn(PLAN_STATUSES)
  status?: PlanStatus;
}

// ---------- responses ----------

export class BenefitResponseDto {
  @ApiProperty({ example: 'premium_stories' }) code: string;
  @ApiProperty({ example: 'Exclusive premium stories online' }) name: string;
  @ApiProperty({ example: 'Over 30 premium stories daily, handpicked by our editors' }) description: string;
}

export class BenefitAdminResponseDto extends BenefitResponseDto {
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class BenefitListResponseDto {
  @ApiProperty({ type: [BenefitAdminResponseDto] }) benefits: BenefitAdminResponseDto[];
}

export class PlanResponseDto {
  @ApiProperty({ example: 'smart_quarterly' }) code: string;
  @ApiProperty({ example: 'Smart Quarterly' }) name: string;
  @ApiProperty() description: string;
  @ApiProperty({ example: 3, minimum: 1, maximum: 36 }) intervalMonths: number;
  @ApiProperty({ example: '3 Months' }) periodLabel: string;
  @ApiProperty({ type: MoneyResponseDto, description: 'Current price for the whole period' }) price: MoneyResponseDto;
  @ApiProperty({ type: MoneyResponseDto, description: 'floor(price / intervalMonths), exact paise' }) effectiveMonthly: MoneyResponseDto;
  @ApiProperty({ example: 0, description: 'Against the dearest effective monthly price of the same currency' })
  savingsPercent: number;
  @ApiProperty({ example: true }) autoRenews: boolean;
  @ApiProperty({ type: [BenefitResponseDto] }) benefits: BenefitResponseDto[];
}

/** An offer as a reader sees it on a plan: its terms, what the first period costs, and the full-price disclosure. */
export class OfferViewResponseDto {
  @ApiProperty({ example: 'diwali_half_price' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['trial', 'intro_price', 'percent_off'] }) kind: 'trial' | 'intro_price' | 'percent_off';
  @ApiPropertyOptional({ example: 14 }) trialDays?: number;
  @ApiPropertyOptional({ type: MoneyResponseDto }) introPrice?: MoneyResponseDto;
  @ApiPropertyOptional({ example: 1, description: 'Left out on a forever percent_off' }) introPeriods?: number;
  @ApiPropertyOptional({ example: 50 }) percentOff?: number;
  @ApiPropertyOptional({ format: 'date-time' }) endsAt?: string;
  @ApiProperty({ type: MoneyResponseDto, description: 'What the first billing period costs with the offer' }) firstPeriodPrice: MoneyResponseDto;
  @ApiProperty({
    example: '₹1 for the first 3 months, then ₹900 every 3 months. Renews automatically; cancel anytime.',
    description: 'The full-price statement, computed by Tollgate',
  })
  disclosure: string;
}

/** The GST inside a tax-inclusive price: taxable + gst = price, exactly. */
export class PlanTaxResponseDto {
  @ApiProperty({ example: true, description: 'Prices include GST' }) inclusive: true;
  @ApiProperty({ example: 18 }) ratePercent: number;
  @ApiProperty({ type: MoneyResponseDto, description: 'price × 100 / (100 + rate), rounded half-up to the paisa' }) taxable: MoneyResponseDto;
  @ApiProperty({ type: MoneyResponseDto, description: 'price − taxable' }) gst: MoneyResponseDto;
  @ApiProperty({ example: 'incl. 18% GST' }) label: string;
}

/** A plan in `GET /v1/plans`: the plan, its live automatic signup offers, and the GST in its price. */
export class PlanCatalogEntryResponseDto extends PlanResponseDto {
  @ApiProperty({
    type: [OfferViewResponseDto],
    description: 'Live automatic signup offers for this plan (no promotion code needed), each with its disclosure',
  })
  offers: OfferViewResponseDto[];

  @ApiPropertyOptional({
    type: PlanTaxResponseDto,
    description: 'Present when GST tax settings exist (INR plans): the GST inside the price. Left out otherwise.',
  })
  tax?: PlanTaxResponseDto;
}

export class PlanCatalogResponseDto {
  @ApiProperty({ type: [PlanCatalogEntryResponseDto], description: 'Active plans ordered by sortOrder' }) plans: PlanCatalogEntryResponseDto[];
}

export class PlanPriceResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 1, description: '1, 2, ... per plan; a version never changes once created' }) version: number;
  @ApiProperty({ type: MoneyResponseDto }) price: MoneyResponseDto;
  @ApiProperty({ type: String, nullable: true, example: 'price_1QxYzAbCdEf' }) stripePriceId: string | null;
  @ApiProperty({ description: 'True for the version new checkouts use' }) current: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class PlanAdminResponseDto extends PlanResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: PLAN_STATUSES }) status: PlanStatus;
  @ApiProperty({ example: 10 }) sortOrder: number;
  @ApiProperty({ type: PlanPriceResponseDto }) currentPrice: PlanPriceResponseDto;
  @ApiProperty({ type: [PlanPriceResponseDto], description: 'Every price version, newest first' })
  prices: PlanPriceResponseDto[];
  @ApiProperty({ description: 'Subscriptions on this plan in status active, trialing or past_due' })
  subscriberCount: number;
  @ApiProperty({ type: String, nullable: true }) stripeProductId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class PlanAdminListResponseDto {
  @ApiProperty({ type: [PlanAdminResponseDto], description: 'Every plan, any status, ordered by sortOrder' })
  plans: PlanAdminResponseDto[];
}
