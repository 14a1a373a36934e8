import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../auth/actor';
import { Roles } from '../auth/roles.decorator';
import { SettingsResponseDto, SettingsUpdateDto } from './settings.dto';
import { SettingsService } from './settings.service';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/admin/settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @ApiOperation({ summary: 'The metered paywall settings' })
  @ApiOkResponse({ type: SettingsResponseDto })
  get(): Promise<SettingsResponseDto> {
    return this.settings.get();
  }

  @Patch()
  @ApiOperation({
    summary: 'Change the free-article limits or the metered and premium benefits; applies to the next read or decision (audited)',
  })
  @ApiOkResponse({ type: SettingsResponseDto })
  @ApiBadRequestResponse({
    description: 'VALIDATION_FAILED (limit outside 0-1000, empty body), UNKNOWN_BENEFIT, or ANONYMOUS_LIMIT_ABOVE_FREE_LIMIT',
  })
  update(@CurrentActor() actor: Actor, @Body() dto: SettingsUpdateDto): Promise<SettingsResponseDto> {
    return this.settings.update(actor, dto);
  }
}
