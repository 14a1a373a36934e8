import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';

export class PingResponseDto {
  @ApiProperty({ example: true }) ok: boolean;
}

/**
 * A no-op behind the same API-key guard as the entitlement check: the paywall's server can test its key and the
 * network path with it, and the benchmark uses it as the baseline, so a ratio to it measures only a route's own work.
 */
@ApiTags('health')
@ApiBearerAuth()
@Roles('admin', 'paywall')
@Controller('v1/ping')
export class PingController {
  @Get()
  @ApiOperation({ summary: 'No-op: answers {ok: true} to a valid paywall or admin key (no database access)' })
  @ApiOkResponse({ type: PingResponseDto })
  ping(): PingResponseDto {
    return { ok: true };
  }
}
