import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { SubscriptionAdminListResponseDto, SubscriptionAdminQueryDto } from './subscriptions.dto';
import { SubscriptionsService } from './subscriptions.service';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/admin/subscriptions')
export class SubscriptionsAdminController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Get()
  @ApiOperation({ summary: 'List subscriptions; linked=false lists those with no user or no plan (kept, granting nothing)' })
  @ApiOkResponse({ type: SubscriptionAdminListResponseDto })
  async list(@Query() query: SubscriptionAdminQueryDto): Promise<SubscriptionAdminListResponseDto> {
    return { subscriptions: await this.subscriptions.listAdmin(query) };
  }
}
