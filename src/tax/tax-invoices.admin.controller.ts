import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../auth/roles.decorator';
import { GSTR1_HEADER } from './domain/tax-document';
import { TaxInvoiceListResponseDto, TaxInvoiceRangeQueryDto } from './tax.dto';
import { TaxInvoicesService } from './tax-invoices.service';

const CSV = 'text/csv';

/** Whether the caller asked for CSV (a plain `text/csv` in Accept, with or without parameters). */
const wantsCsv = (accept: string | undefined) => !!accept && accept.split(',').some((t) => t.split(';')[0].trim().toLowerCase() === CSV);

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/admin/tax-invoices')
export class TaxInvoicesAdminController {
  constructor(private readonly invoices: TaxInvoicesService) {}

  @Get()
  @ApiOperation({
    summary:
      'Tax invoices and credit notes issued in [from, to), oldest first. With `Accept: text/csv`: the GSTR-1 rows, one per document ' +
      `(${GSTR1_HEADER.join(', ')}; amounts in rupees, a credit note's negative; place of supply as "27-Maharashtra").`,
  })
  @ApiHeader({ name: 'Accept', required: false, description: 'text/csv for the GSTR-1 CSV; JSON otherwise' })
  @ApiProduces('application/json', CSV)
  @ApiOkResponse({ type: TaxInvoiceListResponseDto, description: 'JSON, or with Accept: text/csv the GSTR-1 CSV' })
  async list(@Query() query: TaxInvoiceRangeQueryDto, @Headers('accept') accept: string | undefined, @Res() res: FastifyReply): Promise<void> {
    if (wantsCsv(accept)) {
      const csv = await this.invoices.gstr1(query);
      await res.code(200).type(`${CSV}; charset=utf-8`).header('Content-Disposition', 'attachment; filename="gstr1.csv"').send(csv);
      return;
    }
    const body: TaxInvoiceListResponseDto = { taxInvoices: await this.invoices.listInRange(query) };
    await res.code(200).type('application/json; charset=utf-8').send(body);
  }
}
