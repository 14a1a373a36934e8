import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../auth/actor';
import { Roles } from '../auth/roles.decorator';
import {
  WebhookEndpointCreateDto,
  WebhookEndpointListResponseDto,
  WebhookEndpointResponseDto,
  WebhookEndpointUpdateDto,
  WebhookEndpointWithSecretResponseDto,
} from './webhook-endpoints.dto';
import { WebhookEndpointsService } from './webhook-endpoints.service';

const URL_REFUSALS = 'VALIDATION_FAILED; WEBHOOK_URL_NOT_ALLOWED (not http(s), user:password@, or a private, loopback or link-local host)';
const NOT_FOUND = 'WEBHOOK_ENDPOINT_NOT_FOUND';
const NO_KEY = 'WEBHOOK_SECRET_KEY_NOT_CONFIGURED: on PostgreSQL with no WEBHOOK_SECRET_KEY set';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/admin/webhook-endpoints')
export class WebhookEndpointsAdminController {
  constructor(private readonly endpoints: WebhookEndpointsService) {}

  @Get()
  @ApiOkResponse({ type: WebhookEndpointListResponseDto, description: 'Every endpoint, newest first; secrets are never shown' })
  async list(): Promise<WebhookEndpointListResponseDto> {
    return { webhookEndpoints: await this.endpoints.list() };
  }

  @Get(':id')
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiOkResponse({ type: WebhookEndpointResponseDto })
  get(@Param('id') id: string): Promise<WebhookEndpointResponseDto> {
    return this.endpoints.get(id);
  }

  @Post()
  @ApiOperation({ summary: 'Add an endpoint; the answer shows its signing secret, this once' })
  @ApiBadRequestResponse({ description: URL_REFUSALS })
  @ApiServiceUnavailableResponse({ description: NO_KEY })
  @ApiCreatedResponse({ type: WebhookEndpointWithSecretResponseDto })
  create(@CurrentActor() actor: Actor, @Body() dto: WebhookEndpointCreateDto): Promise<WebhookEndpointWithSecretResponseDto> {
    return this.endpoints.create(actor, dto);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change the URL, the events, the description, or enable/disable' })
  @ApiBadRequestResponse({ description: URL_REFUSALS })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiOkResponse({ type: WebhookEndpointResponseDto })
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: WebhookEndpointUpdateDto): Promise<WebhookEndpointResponseDto> {
    return this.endpoints.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiNoContentResponse({ description: 'Deleted' })
  async remove(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    await this.endpoints.remove(actor, id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replace the signing secret at once; the answer shows the new one, this once' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiServiceUnavailableResponse({ description: NO_KEY })
  @ApiOkResponse({ type: WebhookEndpointWithSecretResponseDto })
  rotateSecret(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<WebhookEndpointWithSecretResponseDto> {
    return this.endpoints.rotateSecret(actor, id);
  }
}
