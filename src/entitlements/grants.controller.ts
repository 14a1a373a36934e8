import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../auth/actor';
import { Roles } from '../auth/roles.decorator';
import { USER_ID_DESCRIPTION } from '../common/ids';
import { UserIdPipe } from '../common/user-id.pipe';
import { GrantCreateDto, GrantListResponseDto, GrantResponseDto } from './entitlements.dto';
import { GrantsService } from './grants.service';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/admin/users/:userId/grants')
@ApiParam({ name: 'userId', description: USER_ID_DESCRIPTION })
export class GrantsController {
  constructor(private readonly grants: GrantsService) {}

  @Post()
  @ApiOperation({ summary: 'Grant a benefit until a future instant (complimentary or goodwill access; audited)' })
  @ApiCreatedResponse({ type: GrantResponseDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (e.g. expiresAt not in the future) or UNKNOWN_BENEFIT' })
  create(@CurrentActor() actor: Actor, @Param('userId', UserIdPipe) userId: string, @Body() dto: GrantCreateDto): Promise<GrantResponseDto> {
    return this.grants.create(actor, userId, dto);
  }

  @Get()
  @ApiOperation({ summary: "A user's grants, newest first, including expired and revoked ones" })
  @ApiOkResponse({ type: GrantListResponseDto })
  async list(@Param('userId', UserIdPipe) userId: string): Promise<GrantListResponseDto> {
    return { grants: await this.grants.list(userId) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a grant (audited); takes effect on every instance within CACHE_TTL_SECONDS' })
  @ApiNoContentResponse({ description: 'Revoked (or already revoked)' })
  @ApiNotFoundResponse({ description: 'GRANT_NOT_FOUND' })
  async revoke(@CurrentActor() actor: Actor, @Param('userId', UserIdPipe) userId: string, @Param('id') id: string): Promise<void> {
    await this.grants.revoke(actor, userId, id);
  }
}
