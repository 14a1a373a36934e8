import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../auth/roles.decorator';
import { UserParamsDto } from '../subscriptions/subscriptions.dto';
import { TaxInvoiceListResponseDto, TaxInvoiceParamsDto, TaxInvoiceResponseDto } from './tax.dto';
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
  async list(@Param() p: UserParamsDto): Promise<TaxInvoiceListResponseDto> {
    return { taxInvoices: await this.invoices.listForUser(p.userId) };
  }

  @Get(':id')
  @ApiNotFoundResponse({ description: 'TAX_INVOICE_NOT_FOUND (also for a document of another user)' })
  @ApiOkResponse({ type: TaxInvoiceResponseDto })
  get(@Param() p: TaxInvoiceParamsDto): Promise<TaxInvoiceResponseDto> {
    return this.invoices.getForUser(p.userId, p.id);
  }

  @Get(':id/pdf')
  @ApiOperation({ summary: 'The document as a PDF (A4, embedded font with the ₹ sign)' })
  @ApiProduces('application/pdf')
  @ApiNotFoundResponse({ description: 'TAX_INVOICE_NOT_FOUND' })
  @ApiOkResponse({ description: 'The PDF', schema: { type: 'string', format: 'binary' } })
  async pdf(@Param() p: TaxInvoiceParamsDto, @Res() res: FastifyReply): Promise<void> {
    const { number, pdf } = await this.invoices.pdfForUser(p.userId, p.id);
    await res
      .code(200)
      .type('application/pdf')
      .header('Content-Disposition', `inline; filename="${number.replace(/\//g, '-')}.pdf"`)
      .send(pdf);
  }
}
