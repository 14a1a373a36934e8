import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../auth/actor';
import { Roles } from '../../auth/roles.decorator';
import { WebhookEventsService } from './webhook-events.service';
import { WebhookEventListQueryDto, WebhookEventListResponseDto, WebhookEventResponseDto } from './webhooks.dto';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/admin/webhook-events')
export class WebhookEventsController {
  constructor(private readonly events: WebhookEventsService) {}

  @Get()
  @ApiOperation({ summary: 'List stored Stripe events, newest first, optionally by status' })
  @ApiOkResponse({ type: WebhookEventListResponseDto })
  async list(@Query() query: WebhookEventListQueryDto): Promise<WebhookEventListResponseDto> {
    return { events: await this.events.list(query) };
  }

  @Post(':id/replay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Process a stored event again (re-reads its object from Stripe); answers the event afterwards' })
  @ApiOkResponse({ type: WebhookEventResponseDto })
  @ApiNotFoundResponse({ description: 'WEBHOOK_EVENT_NOT_FOUND' })
  replay(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<WebhookEventResponseDto> {
    return this.events.replay(actor, id);
  }
}
