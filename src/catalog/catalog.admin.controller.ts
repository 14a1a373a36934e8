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
import { BenefitsService } from './benefits.service';
import {
  BenefitAdminResponseDto,
  BenefitCreateDto,
  BenefitListResponseDto,
  BenefitUpdateDto,
  PlanAdminListResponseDto,
  PlanAdminResponseDto,
  PlanCreateDto,
  PlanPriceCreateDto,
  PlanUpdateDto,
} from './catalog.dto';
import { CatalogService } from './catalog.service';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/admin')
export class CatalogAdminController {
  constructor(
    private readonly plans: CatalogService,
    private readonly benefits: BenefitsService,
  ) {}

  @Get('benefits')
  @ApiOkResponse({ type: BenefitListResponseDto })
  async listBenefits(): Promise<BenefitListResponseDto> {
    return { benefits: await this.benefits.list() };
  }

  @Get('benefits/:code')
  @ApiNotFoundResponse({ description: 'BENEFIT_NOT_FOUND' })
  @ApiOkResponse({ type: BenefitAdminResponseDto })
  getBenefit(@Param('code') code: string): Promise<BenefitAdminResponseDto> {
    return this.benefits.get(code);
  }

  @Post('benefits')
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (unknown field, bad type, range, format) or MALFORMED_JSON' })
  @ApiConflictResponse({ description: 'BENEFIT_CODE_TAKEN' })
  @ApiCreatedResponse({ type: BenefitAdminResponseDto, description: 'Created; 409 BENEFIT_CODE_TAKEN if the code exists' })
  createBenefit(@CurrentActor() actor: Actor, @Body() dto: BenefitCreateDto): Promise<BenefitAdminResponseDto> {
    return this.benefits.create(actor, dto);
  }

  @Patch('benefits/:code')
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (unknown field, bad type, range, format) or MALFORMED_JSON' })
  @ApiNotFoundResponse({ description: 'BENEFIT_NOT_FOUND' })
  @ApiOkResponse({ type: BenefitAdminResponseDto, description: 'Renamed/redescribed; the code never changes' })
  updateBenefit(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: BenefitUpdateDto): Promise<BenefitAdminResponseDto> {
    return this.benefits.update(actor, code, dto);
  }

  @Get('plans')
  @ApiOkResponse({ type: PlanAdminListResponseDto })
  async listPlans(): Promise<PlanAdminListResponseDto> {
    return { plans: await this.plans.listPlans() };
  }

  @Get('plans/:code')
  @ApiNotFoundResponse({ description: 'PLAN_NOT_FOUND' })
  @ApiOkResponse({ type: PlanAdminResponseDto })
  getPlan(@Param('code') code: string): Promise<PlanAdminResponseDto> {
    return this.plans.getPlan(code);
  }

  @Post('plans')
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, MALFORMED_JSON, or UNKNOWN_BENEFIT (a benefit code that does not exist)' })
  @ApiConflictResponse({ description: 'PLAN_CODE_TAKEN' })
  @ApiCreatedResponse({ type: PlanAdminResponseDto, description: 'Created with price version 1; 409 PLAN_CODE_TAKEN' })
  createPlan(@CurrentActor() actor: Actor, @Body() dto: PlanCreateDto): Promise<PlanAdminResponseDto> {
    return this.plans.createPlan(actor, dto);
  }

  @Patch('plans/:code')
  @ApiBadRequestResponse({
    description: 'VALIDATION_FAILED (a price field included), MALFORMED_JSON, or UNKNOWN_BENEFIT (a benefit code that does not exist)',
  })
  @ApiNotFoundResponse({ description: 'PLAN_NOT_FOUND' })
  @ApiOperation({ summary: 'Change name, description, benefits, order or status. The price is not patchable.' })
  @ApiOkResponse({ type: PlanAdminResponseDto })
  updatePlan(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: PlanUpdateDto): Promise<PlanAdminResponseDto> {
    return this.plans.updatePlan(actor, code, dto);
  }

  @Post('plans/:code/prices')
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (unknown field, bad type, range, format) or MALFORMED_JSON' })
  @ApiNotFoundResponse({ description: 'PLAN_NOT_FOUND' })
  @ApiConflictResponse({ description: 'STRIPE_PRICE_TAKEN: the Stripe price is linked to another version' })
  @ApiOperation({ summary: 'Add an immutable price version; it becomes current, subscribers keep theirs' })
  @ApiCreatedResponse({ type: PlanAdminResponseDto, description: 'The plan with its new current price and history' })
  addPrice(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: PlanPriceCreateDto): Promise<PlanAdminResponseDto> {
    return this.plans.addPrice(actor, code, dto);
  }

  @Post('plans/:code/archive')
  @ApiNotFoundResponse({ description: 'PLAN_NOT_FOUND' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Hide from GET /v1/plans; existing subscribers keep it. Idempotent.' })
  @ApiOkResponse({ type: PlanAdminResponseDto })
  archive(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<PlanAdminResponseDto> {
    return this.plans.archive(actor, code);
  }
}
