import { Body, Controller, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../auth/roles.decorator';
import { CheckoutSessionResponseDto } from '../subscriptions/subscriptions.dto';
import { DEMO_VIEWER_ID, PaywallDemoService } from './paywall-demo.service';
import { DemoCheckoutSessionCreateDto } from './web.dto';

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

  @Post('checkout-sessions')
  @ApiOperation({ summary: `Start Stripe Checkout for the demo reader "${DEMO_VIEWER_ID}"; returns to /paywall` })
  @ApiCreatedResponse({ type: CheckoutSessionResponseDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, PLAN_NOT_ACTIVE' })
  @ApiConflictResponse({ description: 'ALREADY_SUBSCRIBED' })
  @ApiServiceUnavailableResponse({ description: 'STRIPE_NOT_CONFIGURED' })
  startCheckout(@Body() dto: DemoCheckoutSessionCreateDto, @Req() req: Request): Promise<CheckoutSessionResponseDto> {
    return this.demo.startCheckout(dto.planCode, `${req.protocol}://${req.get('host')}`);
  }
}
