import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { UserParamsDto } from '../subscriptions/subscriptions.dto';
import { InvoiceListResponseDto } from './invoices.dto';
import { InvoicesService } from './invoices.service';

@ApiTags('subscriptions')
@ApiBearerAuth()
@Roles('admin', 'paywall')
@Controller('v1/users/:userId/invoices')
export class InvoicesController {
  constructor(private readonly invoices: InvoicesService) {}

  @Get()
  @ApiOperation({ summary: "The user's invoices, newest first" })
  @ApiOkResponse({ type: InvoiceListResponseDto })
  async list(@Param() p: UserParamsDto): Promise<InvoiceListResponseDto> {
    return { invoices: await this.invoices.listForUser(p.userId) };
  }
}
