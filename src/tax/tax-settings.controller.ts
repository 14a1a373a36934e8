import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../auth/actor';
import { Roles } from '../auth/roles.decorator';
import { TaxSettingsPutDto, TaxSettingsResponseDto } from './tax.dto';
import { TaxSettingsService } from './tax-settings.service';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/admin/tax-settings')
export class TaxSettingsController {
  constructor(private readonly settings: TaxSettingsService) {}

  @Get()
  @ApiOperation({ summary: "The publisher's GST registration: GSTIN, legal name, address, state, rate, SAC, invoice prefix" })
  @ApiNotFoundResponse({ description: 'TAX_SETTINGS_NOT_FOUND: none set yet (plans show no tax, no tax invoices are issued)' })
  @ApiOkResponse({ type: TaxSettingsResponseDto })
  get(): Promise<TaxSettingsResponseDto> {
    return this.settings.get();
  }

  @Put()
  @ApiOperation({
    summary: 'Set the GST registration (audited). Plans show the GST in their prices at once; documents already issued keep theirs.',
  })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (stateCode, ratePercent, sacCode, invoicePrefix, blank text); INVALID_GSTIN' })
  @ApiOkResponse({ type: TaxSettingsResponseDto })
  put(@CurrentActor() actor: Actor, @Body() dto: TaxSettingsPutDto): Promise<TaxSettingsResponseDto> {
    return this.settings.put(actor, dto);
  }
}
