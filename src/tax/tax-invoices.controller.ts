import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../auth/roles.decorator';
import { UserIdPipe } from '../common/user-id.pipe';
import { TaxInvoiceListResponseDto, TaxInvoiceResponseDto } from './tax.dto';
import { TaxInvoicesService } from './tax-invoices.service';

@ApiTags('tax')
@ApiBearerAuth()
@Roles('admin', 'paywall')
@Controller('v1/users/:userId/tax-invoices')
export class TaxInvoicesController {
  constructor(private readonly invoices: TaxInvoicesService) {}

  @Get()
  @ApiOperation({ summary: "The reader's GST tax invoices and credit notes, newest first" })
  @ApiOkResponse({ type: TaxInvoiceListResponseDto })
  async list(@Param('userId', UserIdPipe) userId: string): Promise<TaxInvoiceListResponseDto> {
    return { taxInvoices: await this.invoices.listForUser(userId) };
  }

  @Get(':id')
  @ApiNotFoundResponse({ description: 'TAX_INVOICE_NOT_FOUND (also for a document of another user, or an id that is no UUID)' })
  @ApiOkResponse({ type: TaxInvoiceResponseDto })
  get(@Param('userId', UserIdPipe) userId: string, @Param('id') id: string): Promise<TaxInvoiceResponseDto> {
    return this.invoices.getForUser(userId, id);
  }

  @Get(':id/pdf')
  @ApiOperation({ summary: 'The document as a PDF (A4, embedded font with the ₹ sign)' })
  @ApiProduces('application/pdf')
  @ApiNotFoundResponse({ description: 'TAX_INVOICE_NOT_FOUND' })
  @ApiOkResponse({ description: 'The PDF', schema: { type: 'string', format: 'binary' } })
  async pdf(@Param('userId', UserIdPipe) userId: string, @Param('id') id: string, @Res() res: FastifyReply): Promise<void> {
    const { number, pdf } = await this.invoices.pdfForUser(userId, id);
    await res
      .code(200)
      .type('application/pdf')
      .header('Content-Disposition', `inline; filename="${number.replace(/\//g, '-')}.pdf"`)
      .send(pdf);
  }
}
