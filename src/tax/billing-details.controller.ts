import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../auth/actor';
import { Roles } from '../auth/roles.decorator';
import { UserIdPipe } from '../common/user-id.pipe';
import { BillingDetailsPutDto, BillingDetailsResponseDto } from './tax.dto';
import { BillingDetailsService } from './billing-details.service';

@ApiTags('tax')
@ApiBearerAuth()
@Roles('admin', 'paywall')
@Controller('v1/users/:userId/billing-details')
export class BillingDetailsController {
  constructor(private readonly details: BillingDetailsService) {}

  @Get()
  @ApiOperation({ summary: "The reader's billing details" })
  @ApiNotFoundResponse({ description: 'BILLING_DETAILS_NOT_FOUND' })
  @ApiOkResponse({ type: BillingDetailsResponseDto })
  get(@Param('userId', UserIdPipe) userId: string): Promise<BillingDetailsResponseDto> {
    return this.details.get(userId);
  }

  @Put()
  @ApiOperation({
    summary: 'Set the billing details used on tax invoices issued from now on (audited): state (place of supply), and a GSTIN for a business',
  })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (name, stateCode, address); INVALID_GSTIN (including a state code other than stateCode)' })
  @ApiOkResponse({ type: BillingDetailsResponseDto })
  put(
    @CurrentActor() actor: Actor,
    @Param('userId', UserIdPipe) userId: string,
    @Body() dto: BillingDetailsPutDto,
  ): Promise<BillingDetailsResponseDto> {
    return this.details.put(actor, userId, dto);
  }
}
