import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { buildMessage, IsIn, IsString, Length, Matches, MaxLength, ValidateBy } from 'class-validator';
import { MoneyResponseDto } from '../common/money.dto';
import { DateTimeWithZone, Optional } from '../common/validation';
import { STATE_CODES } from './domain/gstin';
import { DEFAULT_RATE_PERCENT, DEFAULT_SAC_CODE, INVOICE_PREFIX_PATTERN, SAC_CODE_PATTERN } from './domain/tax-document';
import type { TaxDocumentKind } from './domain/tax-document';

const NOT_BLANK = /\S/;
const GSTIN_DOC = {
  example: '27AAPFU0939F1ZV',
  minLength: 15,
  maxLength: 15,
  description: 'State code, PAN, registration character, Z, check character (GSTN mod-36); else 400 INVALID_GSTIN',
};

/**
 * A percentage from 0 to 100 with at most two decimals. Not IsNumber({ maxDecimalPlaces }): it throws (a 500) on a
 * number JavaScript writes with an exponent, such as 5e-324.
 */
function IsRatePercent() {
  return ValidateBy({
    name: 'isRatePercent',
    validator: {
      validate: (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 100 && Math.abs(Math.round(v * 100) - v * 100) < 1e-6,
      defaultMessage: buildMessage(() => '$property must be a percentage from 0 to 100 with at most two decimals'),
    },
  });
}

/** Text that may not be blank: a name or an address. */
function TextField(opts: { max: number; example: string; optional?: boolean }) {
  return (target: object, key: string) => {
    (opts.optional ? ApiPropertyOptional : ApiProperty)({ example: opts.example, minLength: 1, maxLength: opts.max })(target, key);
    if (opts.optional) Optional()(target, key);
    IsString()(target, key);
    Length(1, opts.max)(target, key);
    Matches(NOT_BLANK, { message: '$property must not be blank' })(target, key);
  };
}

function StateCodeField(description: string) {
  return (target: object, key: string) => {
    ApiProperty({ example: '27', enum: STATE_CODES, description })(target, key);
    IsString()(target, key);
    IsIn(STATE_CODES, { message: '$property must be a GST state code from 01 to 38' })(target, key);
  };
}

/** A GSTIN: a string here (wrong type: VALIDATION_FAILED); its rules are the domain's (INVALID_GSTIN). */
function GstinField(optional: boolean) {
  return (target: object, key: string) => {
    (optional ? ApiPropertyOptional : ApiProperty)(GSTIN_DOC)(target, key);
    if (optional) Optional()(target, key);
    IsString()(target, key);
    MaxLength(100)(target, key);
  };
}

export class TaxSettingsPutDto {
  @GstinField(false)
  gstin: string;

  @TextField({ max: 200, example: 'Tollgate News Private Limited' })
  legalName: string;

  @TextField({ max: 500, example: '1 Marine Drive, Mumbai 400020' })
  address: string;

  @StateCodeField("The publisher's state (its GSTIN starts with it)")
  stateCode: string;

  @ApiPropertyOptional({ default: DEFAULT_RATE_PERCENT, minimum: 0, maximum: 100, description: 'GST rate in percent, at most two decimals' })
  @Optional()
  @IsRatePercent()
  ratePercent?: number;

  @ApiPropertyOptional({
    default: DEFAULT_SAC_CODE,
    pattern: SAC_CODE_PATTERN.source,
    description: 'Services Accounting Code; 998431: online text-based information (newspapers, periodicals)',
  })
  @Optional()
  @IsString()
  @Matches(SAC_CODE_PATTERN, { message: '$property must be a 6-digit SAC starting with 99' })
  sacCode?: string;

  @ApiProperty({ example: 'TG', pattern: INVOICE_PREFIX_PATTERN.source, description: 'Numbers read {prefix}/{FY}/{seq}, credit notes {prefix}-CN/…' })
  @IsString()
  @Matches(INVOICE_PREFIX_PATTERN, { message: '$property must be 1-10 capital letters or digits' })
  invoicePrefix: string;
}

export class TaxSettingsResponseDto {
  @ApiProperty({ example: '27AAPFU0939F1ZV' }) gstin: string;
  @ApiProperty() legalName: string;
  @ApiProperty() address: string;
  @ApiProperty({ example: '27' }) stateCode: string;
  @ApiProperty({ example: 'Maharashtra' }) stateName: string;
  @ApiProperty({ example: 18 }) ratePercent: number;
  @ApiProperty({ example: '998431' }) sacCode: string;
  @ApiProperty({ example: 'TG' }) invoicePrefix: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class BillingDetailsPutDto {
  @TextField({ max: 200, example: 'Acme Research LLP' })
  name: string;

  @StateCodeField("The reader's state: the place of supply on their tax invoices")
  stateCode: string;

  @GstinField(true)
  gstin?: string;

  @TextField({ max: 500, example: '12 MG Road, Bengaluru 560001', optional: true })
  address?: string;
}

export class BillingDetailsResponseDto {
  @ApiProperty({ example: 'auth0|abc123' }) userId: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: '29' }) stateCode: string;
  @ApiProperty({ type: String, nullable: true, example: '29AAGCB7383J1Z4' }) gstin: string | null;
  @ApiProperty({ type: String, nullable: true }) address: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class TaxPartyResponseDto {
  @ApiProperty({ example: '27AAPFU0939F1ZV' }) gstin: string;
  @ApiProperty() legalName: string;
  @ApiProperty() address: string;
  @ApiProperty({ example: '27' }) stateCode: string;
}

export class TaxRecipientResponseDto {
  @ApiProperty({ type: String, nullable: true, description: 'From billing details at issue time; null without them' }) name: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'null for a reader without one (B2C)' }) gstin: string | null;
  @ApiProperty({ type: String, nullable: true, example: '29' }) stateCode: string | null;
}

export class TaxInvoiceResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['invoice', 'credit_note'] }) kind: TaxDocumentKind;
  @ApiProperty({ example: 'TG/2026-27/000001' }) number: string;
  @ApiProperty({ format: 'date-time', description: 'When the payment (or refund) was made' }) issuedAt: string;
  @ApiProperty({ example: '2026-27' }) financialYear: string;
  @ApiProperty({ example: 'in_1QxYz' }) stripeInvoiceId: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'auth0|abc123',
    description: "The reader's user id (its PDF is under /v1/users/{userId}); null for an invoice of no known reader",
  })
  userId: string | null;
  @ApiProperty({ type: TaxPartyResponseDto }) supplier: TaxPartyResponseDto;
  @ApiProperty({ type: TaxRecipientResponseDto }) recipient: TaxRecipientResponseDto;
  @ApiProperty({ example: '27', description: "The reader's state, else the publisher's" }) placeOfSupply: string;
  @ApiProperty({ example: '998431' }) sacCode: string;
  @ApiProperty({ example: 18 }) ratePercent: number;
  @ApiProperty({ example: 'Smart Quarterly, 05-Dec-2026 to 05-Mar-2027' }) description: string;
  @ApiProperty({ type: String, nullable: true, description: 'On a credit note: the number of the tax invoice it corrects' })
  originalNumber: string | null;
  @ApiProperty({ type: MoneyResponseDto }) taxable: MoneyResponseDto;
  @ApiProperty({ type: MoneyResponseDto }) cgst: MoneyResponseDto;
  @ApiProperty({ type: MoneyResponseDto }) sgst: MoneyResponseDto;
  @ApiProperty({ type: MoneyResponseDto }) igst: MoneyResponseDto;
  @ApiProperty({ type: MoneyResponseDto, description: 'taxable + cgst + sgst + igst: the amount paid (or refunded)' }) total: MoneyResponseDto;
}

export class TaxInvoiceListResponseDto {
  @ApiProperty({ type: [TaxInvoiceResponseDto] }) taxInvoices: TaxInvoiceResponseDto[];
}

export class TaxInvoiceRangeQueryDto {
  @ApiPropertyOptional({ format: 'date-time', example: '2026-11-30T18:30:00Z', description: 'Issued at or after (inclusive)' })
  @Optional()
  @DateTimeWithZone()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-12-31T18:30:00Z', description: 'Issued before (exclusive)' })
  @Optional()
  @DateTimeWithZone()
  to?: string;
}
