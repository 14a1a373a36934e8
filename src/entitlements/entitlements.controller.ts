import { Controller, Get, Param } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { USER_ID_DESCRIPTION, UserIdPipe } from '../common/user-id.pipe';
import { EntitlementCheckResponseDto, EntitlementsResponseDto } from './entitlements.dto';
import { EntitlementsService } from './entitlements.service';

@ApiTags('entitlements')
@ApiBearerAuth()
@Roles('admin', 'paywall')
@Controller('v1/users/:userId/entitlements')
@ApiParam({ name: 'userId', description: USER_ID_DESCRIPTION })
@ApiBadRequestResponse({ description: 'VALIDATION_FAILED: a malformed userId' })
export class EntitlementsController {
  constructor(private readonly entitlements: EntitlementsService) {}

  @Get()
  @ApiOperation({ summary: "A user's benefits now (subscriptions through the access policy, plus staff grants)" })
  @ApiOkResponse({ type: EntitlementsResponseDto })
  forUser(@Param('userId', UserIdPipe) userId: string): Promise<EntitlementsResponseDto> {
    return this.entitlements.forUser(userId);
  }

  @Get(':benefitCode')
  @ApiOperation({
    summary: 'Does the user hold this benefit now? (the paywall hot path)',
    description: 'An unknown benefit code is simply not granted. Decided at request time; facts are at most CACHE_TTL_SECONDS old.',
  })
  @ApiOkResponse({ type: EntitlementCheckResponseDto })
  check(@Param('userId', UserIdPipe) userId: string, @Param('benefitCode') benefitCode: string): Promise<EntitlementCheckResponseDto> {
    return this.entitlements.check(userId, benefitCode);
  }
}
