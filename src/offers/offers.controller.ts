import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { OfferViewResponseDto } from '../catalog/catalog.dto';
import { OfferRedemptionsService } from './offer-redemptions.service';
import { OfferLookupQueryDto, PromotionCodeParamsDto } from './offers.dto';

@ApiTags('offers')
@ApiBearerAuth()
@Roles('admin', 'paywall')
@Controller('v1/offers')
export class OffersController {
  constructor(private readonly redemptions: OfferRedemptionsService) {}

  @Get(':promotionCode')
  @ApiOperation({ summary: 'Validate a promotion code for a plan (and a reader): the offer as the plan card shows it, with its disclosure' })
  @ApiOkResponse({ type: OfferViewResponseDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: a malformed code, planCode or userId' })
  @ApiNotFoundResponse({ description: 'OFFER_NOT_FOUND (no such code on sale, or not started yet)' })
  @ApiConflictResponse({ description: 'OFFER_EXPIRED, OFFER_EXHAUSTED, OFFER_NOT_FOR_PLAN, OFFER_FIRST_TIME_ONLY' })
  lookup(@Param() params: PromotionCodeParamsDto, @Query() query: OfferLookupQueryDto): Promise<OfferViewResponseDto> {
    return this.redemptions.lookup(params.promotionCode, query.planCode, query.userId);
  }
}
