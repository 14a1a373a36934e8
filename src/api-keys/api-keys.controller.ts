import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../auth/actor';
import { ApiKeyCreateDto, ApiKeyCreatedResponseDto, ApiKeyListResponseDto } from './api-keys.dto';
import { ApiKeysService } from './api-keys.service';
import { Roles } from '../auth/roles.decorator';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/admin/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  @ApiOkResponse({ type: ApiKeyListResponseDto })
  async list(): Promise<ApiKeyListResponseDto> {
    return { apiKeys: await this.keys.list() };
  }

  @Post()
  @ApiCreatedResponse({ type: ApiKeyCreatedResponseDto })
  create(@CurrentActor() actor: Actor, @Body() dto: ApiKeyCreateDto): Promise<ApiKeyCreatedResponseDto> {
    return this.keys.create(actor, dto.role, dto.name);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked; the key stops working everywhere within CACHE_TTL_SECONDS' })
  async revoke(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.keys.revoke(actor, id);
  }
}
