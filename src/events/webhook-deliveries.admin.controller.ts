import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../auth/actor';
import { Roles } from '../auth/roles.decorator';
import {
  WebhookDeliveryListQueryDto,
  WebhookDeliveryListResponseDto,
  WebhookDeliveryResponseDto,
  WebhookEventBodyDto,
} from './webhook-deliveries.dto';
import { WebhookDeliveriesService } from './webhook-deliveries.service';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
// The body each delivery POSTs, documented as a schema of its own (no route answers it).
@ApiExtraModels(WebhookEventBodyDto)
@Controller('v1/admin')
export class WebhookDeliveriesAdminController {
  constructor(private readonly deliveries: WebhookDeliveriesService) {}

  @Get('webhook-endpoints/:id/deliveries')
  @ApiOperation({ summary: "An endpoint's deliveries, newest first (at most 100)" })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: status is not pending, succeeded or failed' })
  @ApiNotFoundResponse({ description: 'WEBHOOK_ENDPOINT_NOT_FOUND' })
  @ApiOkResponse({ type: WebhookDeliveryListResponseDto })
  async list(@Param('id') id: string, @Query() query: WebhookDeliveryListQueryDto): Promise<WebhookDeliveryListResponseDto> {
    return { deliveries: await this.deliveries.list(id, query.status) };
  }

  @Post('webhook-deliveries/:id/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a delivery again now (pending and due at once), whatever its state; audited' })
  @ApiNotFoundResponse({ description: 'WEBHOOK_DELIVERY_NOT_FOUND' })
  @ApiAcceptedResponse({ type: WebhookDeliveryResponseDto })
  retry(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<WebhookDeliveryResponseDto> {
    return this.deliveries.retry(actor, id);
  }
}
