import { Controller, Get, Param, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { USER_ID_DESCRIPTION } from '../common/ids';
import { UserIdPipe } from '../common/user-id.pipe';
import { EntitlementCheckResponseDto, EntitlementsResponseDto } from './entitlements.dto';
import { EntitlementsService } from './entitlements.service';

/** The check's path parameters, as Fastify's router gives them. */
interface CheckParams {
  userId: string;
  benefitCode: string;
}

const USER_ID = new UserIdPipe();

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
  @ApiParam({ name: 'benefitCode', description: 'A benefit code; an unknown one is simply not granted' })
  check(@Req() req: { params: CheckParams }): Promise<EntitlementCheckResponseDto> {
    // The page-view hot path takes its path from the request, not through @Param: a parameter that any pipe (the
    // global ValidationPipe included) runs on costs Nest a promise per parameter; the user id is checked as
    // UserIdPipe checks it, and a benefit code needs no check (an unknown one is not granted).
    return this.entitlements.check(USER_ID.transform(req.params.userId), req.params.benefitCode);
  }
}
