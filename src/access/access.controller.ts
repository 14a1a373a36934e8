import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { AccessDecisionBody, accessDecisionBodyPipe, AccessDecisionCreateDto, AccessDecisionResponseDto } from './access.dto';
import { AccessService } from './access.service';

@ApiTags('access')
@ApiBearerAuth()
@Roles('admin', 'paywall')
@Controller('v1/access/decisions')
export class AccessController {
  constructor(private readonly access: AccessService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'May this reader open this article? The whole wall in one call: free, metered (anonymous, then registered), premium',
    description:
      'free: always granted, nothing counted. premium: granted only to a signed-in reader holding premiumBenefitCode, else the ' +
      'subscription wall; nothing counted. metered: a signed-in reader holding meteredBenefitCode is granted and not counted; ' +
      'anyone else has each distinct article counted once per calendar month in METER_TIMEZONE (re-reads are free, a new ' +
      "article past the limit is refused and not counted), an anonymous reader on the device's meter (viewerId) against " +
      'anonymousArticleLimit (or freeArticleLimit when that is null), meeting the registration wall at the limit when ' +
      "freeArticleLimit is higher, else the subscription wall; a signed-in reader on the user's own meter against " +
      'freeArticleLimit. Carry-over: the first time a device is seen signed in as a user in a month, the articles the ' +
      "device counted this month are merged into the user's month as a union (an article read on both counts once); it " +
      'runs once per device, user and month, on every instance. The union may take the user past freeArticleLimit: those ' +
      'are articles already read, which stay re-readable; no new article is opened by it.',
  })
  @ApiBody({ type: AccessDecisionCreateDto })
  @ApiOkResponse({ type: AccessDecisionResponseDto })
  @ApiBadRequestResponse({
    description: 'VALIDATION_FAILED: a missing, malformed or unknown field, an id outside the rule, or an unknown access level',
  })
  decide(@Req() req: { body: unknown }): Promise<AccessDecisionResponseDto> {
    // Validated here rather than by @Body(pipe), as on the meter read: no pipe promise on a page-view hot path.
    const dto: AccessDecisionBody = accessDecisionBodyPipe.transform(req.body);
    return this.access.decide(dto);
  }
}
