import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TaxDocumentKind } from './domain/tax-document';

/**
 * The last number used in one series (kind × financial year). Bumped in the transaction that inserts the document,
 * so the row lock orders concurrent issuers and a rollback gives the number back: no gaps, no reuse.
 */
@Entity('tax_invoice_counters')
export class TaxInvoiceCounter {
  @PrimaryColumn('text')
  kind: TaxDocumentKind;

  @PrimaryColumn('text', { name: 'financial_year' })
  financialYear: string;

  @Column('int', { name: 'last_seq' })
  lastSeq: number;
}
