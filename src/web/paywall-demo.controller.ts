import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../auth/roles.decorator';
import { MeterReadResponseDto } from '../metering/metering.dto';
import { CheckoutSessionResponseDto } from '../subscriptions/subscriptions.dto';
import { DEMO_VIEWER_ID, PaywallDemoService } from './paywall-demo.service';
import { DemoCheckoutSessionCreateDto, DemoMeterReadCreateDto } from './web.dto';

/**
 * Public routes behind the /paywall demo page, acting for one fixed demo reader. No key (a browser must never hold
 * one); rate-limited per client address like every keyless route (PUBLIC_RATE_LIMIT_PER_MINUTE).
 */
@ApiTags('demo')
@ApiTooManyRequestsResponse({ description: 'RATE_LIMITED (per client address)' })
@Public()
@Controller('v1/demo')
export class PaywallDemoController {
  constructor(private readonly demo: PaywallDemoService) {}

  @Post('meter-reads')
  @HttpCode(200)
  @ApiOperation({ summary: `A meter read for the demo reader "${DEMO_VIEWER_ID}" (what POST /v1/meter/reads answers)` })
  @ApiOkResponse({ type: MeterReadResponseDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  meterRead(@Body() dto: DemoMeterReadCreateDto): Promise<MeterReadResponseDto> {
    return this.demo.meterRead(dto.articleId);
  }

  @Post('checkout-sessions')
  @ApiOperation({ summary: `Start Stripe Checkout for the demo reader "${DEMO_VIEWER_ID}"; returns to /paywall` })
  @ApiCreatedResponse({ type: CheckoutSessionResponseDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, PLAN_NOT_ACTIVE' })
  @ApiConflictResponse({ description: 'ALREADY_SUBSCRIBED' })
  @ApiServiceUnavailableResponse({ description: 'STRIPE_NOT_CONFIGURED' })
  startCheckout(@Body() dto: DemoCheckoutSessionCreateDto, @Req() req: FastifyRequest): Promise<CheckoutSessionResponseDto> {
    return this.demo.startCheckout(dto.planCode, `${req.protocol}://${req.host}`);
  }
}
