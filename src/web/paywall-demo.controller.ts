import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
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
import { CheckoutSessionResponseDto } from '../subscriptions/subscriptions.dto';
import { DEMO_USER_ID, DEMO_VIEWER_ID, PaywallDemoService } from './paywall-demo.service';
import {
  type DemoAccessDecisionBody,
  demoAccessDecisionBodyPipe,
  DemoAccessDecisionCreateDto,
  DemoAccessDecisionResponseDto,
  DemoCheckoutSessionCreateDto,
} from './web.dto';

/**
 * Public routes behind the /paywall demo page, acting for one fixed demo device and demo user. No key (a browser must never hold
 * one); rate-limited per client address like every keyless route (PUBLIC_RATE_LIMIT_PER_MINUTE).
 */
@ApiTags('demo')
@ApiTooManyRequestsResponse({ description: 'RATE_LIMITED (per client address)' })
@Public()
@Controller('v1/demo')
export class PaywallDemoController {
  constructor(private readonly demo: PaywallDemoService) {}

  @Post('access-decisions')
  @HttpCode(200)
  @ApiOperation({
    summary:
      `An access decision on the demo device "${DEMO_VIEWER_ID}", signed in as "${DEMO_USER_ID}" or anonymous ` +
      '(what POST /v1/access/decisions answers), with the registered limit',
  })
  @ApiBody({ type: DemoAccessDecisionCreateDto })
  @ApiOkResponse({ type: DemoAccessDecisionResponseDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: a missing, malformed or unknown field, or an unknown access level' })
  decide(@Body(demoAccessDecisionBodyPipe) body: DemoAccessDecisionBody): Promise<DemoAccessDecisionResponseDto> {
    return this.demo.decide(body);
  }

  @Post('checkout-sessions')
  @ApiOperation({ summary: `Start Stripe Checkout for the demo user "${DEMO_USER_ID}"; returns to /paywall` })
  @ApiCreatedResponse({ type: CheckoutSessionResponseDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, PLAN_NOT_ACTIVE' })
  @ApiConflictResponse({ description: 'ALREADY_SUBSCRIBED' })
  @ApiServiceUnavailableResponse({ description: 'STRIPE_NOT_CONFIGURED' })
  startCheckout(@Body() dto: DemoCheckoutSessionCreateDto, @Req() req: FastifyRequest): Promise<CheckoutSessionResponseDto> {
    return this.demo.startCheckout(dto.planCode, `${req.protocol}://${req.host}`);
  }
}
