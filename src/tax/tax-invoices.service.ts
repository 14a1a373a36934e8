import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors';
import { UUID_PATTERN } from '../common/ids';
import { gstr1Csv } from './domain/tax-document';
import type { TaxInvoice } from './tax-invoice.entity';
import { renderTaxDocumentPdf } from './tax-invoice-pdf';
import type { TaxInvoiceRangeQueryDto, TaxInvoiceResponseDto } from './tax.dto';
import { TaxRepository } from './tax.repository';
import { toTaxInvoiceView } from './tax-views';

/** Reading issued tax documents: a reader's own, one as a PDF, and a period's for the GSTR-1 return. */
@Injectable()
export class TaxInvoicesService {
  constructor(private readonly repo: TaxRepository) {}

  async listForUser(userId: string): Promise<TaxInvoiceResponseDto[]> {
    return this.views(await this.repo.forUser(userId));
  }

  async getForUser(userId: string, id: string): Promise<TaxInvoiceResponseDto> {
    return (await this.views([await this.findForUser(userId, id)]))[0];
  }

  async pdfForUser(userId: string, id: string): Promise<{ number: string; pdf: Buffer }> {
    const document = await this.findForUser(userId, id);
    const originalNumber = document.originalId ? ((await this.repo.byIds([document.originalId]))[0]?.number ?? null) : null;
    return { number: document.number, pdf: await renderTaxDocumentPdf({ document, originalNumber }) };
  }

  /** Documents issued in [from, to), oldest first. */
  async listInRange(query: TaxInvoiceRangeQueryDto): Promise<TaxInvoiceResponseDto[]> {
    return this.views(await this.repo.inRange(...this.range(query)));
  }

  /** The GSTR-1 CSV of documents issued in [from, to). */
  async gstr1(query: TaxInvoiceRangeQueryDto): Promise<string> {
    const documents = await this.repo.inRange(...this.range(query));
    return gstr1Csv(
      documents.map((d) => ({
        kind: d.kind,
        number: d.number,
        issuedAt: d.issuedAt,
        recipientGstin: d.recipientGstin,
        placeOfSupply: d.placeOfSupply,
        taxableMinor: d.taxableMinor,
        cgstMinor: d.cgstMinor,
        sgstMinor: d.sgstMinor,
        igstMinor: d.igstMinor,
        totalMinor: d.totalMinor,
      })),
    );
  }

  private range(query: TaxInvoiceRangeQueryDto): [Date | null, Date | null] {
    const from = query.from ? new Date(query.from) : null;
    const to = query.to ? new Date(query.to) : null;
    if (from && to && from.getTime() >= to.getTime()) {
      const message = 'from must be before to';
      throw new DomainError('VALIDATION_FAILED', message, [{ field: 'to', message }]);
    }
    return [from, to];
  }

  private async findForUser(userId: string, id: string): Promise<TaxInvoice> {
    const document = UUID_PATTERN.test(id) ? await this.repo.oneForUser(userId, id) : null;
    if (!document) throw new DomainError('TAX_INVOICE_NOT_FOUND', `User ${userId} has no tax invoice ${id}`);
    return document;
  }

  /** Views, with each credit note's original number (read in one query). */
  private async views(documents: TaxInvoice[]): Promise<TaxInvoiceResponseDto[]> {
    const originalIds = documents.flatMap((d) => (d.originalId ? [d.originalId] : []));
    const known = new Map(documents.map((d) => [d.id, d.number]));
    const missing = originalIds.filter((id) => !known.has(id));
    for (const o of await this.repo.byIds([...new Set(missing)])) known.set(o.id, o.number);
    return documents.map((d) => toTaxInvoiceView(d, d.originalId ? (known.get(d.originalId) ?? null) : null));
  }
}
