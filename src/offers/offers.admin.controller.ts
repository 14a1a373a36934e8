import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../auth/actor';
import { Roles } from '../auth/roles.decorator';
import {
  OfferAdminListResponseDto,
  OfferAdminResponseDto,
  OfferCodeParamsDto,
  OfferCreateDto,
  OfferPreviewListResponseDto,
  OfferUpdateDto,
} from './offers.dto';
import { OffersService } from './offers.service';

const CREATE_REFUSALS =
  'VALIDATION_FAILED; OFFER_TERMS_INVALID (a term of another kind, a missing term, a retention trial); INTRO_PRICE_NOT_BELOW_PRICE; ' +
  'OFFER_DATES_INVALID (endsAt not after startsAt); UNKNOWN_PLAN; PLAN_NOT_ACTIVE (an archived plan); CURRENCY_MISMATCH';
const CREATE_CONFLICTS = 'OFFER_CODE_TAKEN; PROMOTION_CODE_TAKEN (used by an offer not archived)';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/admin/offers')
export class OffersAdminController {
  constructor(private readonly offers: OffersService) {}

  @Get()
  @ApiOkResponse({ type: OfferAdminListResponseDto, description: 'Every offer, any status, newest first, with redemptions' })
  async list(): Promise<OfferAdminListResponseDto> {
    return { offers: await this.offers.list() };
  }

  @Get(':code')
  @ApiNotFoundResponse({ description: 'OFFER_NOT_FOUND' })
  @ApiOkResponse({ type: OfferAdminResponseDto })
  get(@Param() params: OfferCodeParamsDto): Promise<OfferAdminResponseDto> {
    return this.offers.get(params.code);
  }

  @Post()
  @ApiOperation({
    summary: 'Create an offer (trial, intro_price or percent_off); mirrored in Stripe as a coupon (and promotion code) when configured',
  })
  @ApiBadRequestResponse({ description: CREATE_REFUSALS })
  @ApiConflictResponse({ description: CREATE_CONFLICTS })
  @ApiCreatedResponse({ type: OfferAdminResponseDto })
  create(@CurrentActor() actor: Actor, @Body() dto: OfferCreateDto): Promise<OfferAdminResponseDto> {
    return this.offers.create(actor, dto);
  }

  @Post('preview')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Preview an offer: the body of POST /v1/admin/offers, checked the same way (same codes), answered with the first-period price and ' +
      'the disclosure on each plan. Writes nothing and is not audited.',
  })
  @ApiBadRequestResponse({ description: CREATE_REFUSALS })
  @ApiConflictResponse({ description: CREATE_CONFLICTS })
  @ApiOkResponse({ type: OfferPreviewListResponseDto })
  preview(@Body() dto: OfferCreateDto): Promise<OfferPreviewListResponseDto> {
    return this.offers.preview(dto);
  }

  @Patch(':code')
  @ApiOperation({ summary: 'Rename, move the end, change the limit or the status; the terms never change' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (a term included); OFFER_DATES_INVALID; MAX_REDEMPTIONS_BELOW_USED' })
  @ApiNotFoundResponse({ description: 'OFFER_NOT_FOUND' })
  @ApiConflictResponse({ description: 'OFFER_EXPIRED: an archived offer cannot be reactivated' })
  @ApiOkResponse({ type: OfferAdminResponseDto })
  update(@CurrentActor() actor: Actor, @Param() params: OfferCodeParamsDto, @Body() dto: OfferUpdateDto): Promise<OfferAdminResponseDto> {
    return this.offers.update(actor, params.code, dto);
  }

  @Post(':code/archive')
  @HttpCode(200)
  @ApiOperation({ summary: 'End the offer now (its promotion code is freed, and deactivated in Stripe). Idempotent.' })
  @ApiNotFoundResponse({ description: 'OFFER_NOT_FOUND' })
  @ApiOkResponse({ type: OfferAdminResponseDto })
  archive(@CurrentActor() actor: Actor, @Param() params: OfferCodeParamsDto): Promise<OfferAdminResponseDto> {
    return this.offers.archive(actor, params.code);
  }
}
