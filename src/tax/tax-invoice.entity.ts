import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintNumber } from '../common/transformers';
import type { TaxDocumentKind } from './domain/tax-document';

/**
 * A GST tax invoice (for a paid Stripe invoice) or credit note (for a refund of one), frozen when issued: the
 * supplier's and the recipient's details are copied, so a later change of either never rewrites a document.
 */
@Check('ck_tax_invoices_kind', `"kind" IN ('invoice', 'credit_note')`)
@Check('ck_tax_invoices_sum', `"taxable_minor" + "cgst_minor" + "sgst_minor" + "igst_minor" = "total_minor"`)
@Entity('tax_invoices')
@Index('uq_tax_invoices_series', ['kind', 'financialYear', 'seq'], { unique: true })
@Index('uq_tax_invoices_stripe_invoice', ['stripeInvoiceId'], { unique: true, where: `"kind" = 'invoice'` })
@Index('ix_tax_invoices_user', ['userId', 'issuedAt'])
export class TaxInvoice {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  kind: TaxDocumentKind;

  @Index('uq_tax_invoices_number', { unique: true })
  @Column('text')
  number: string;

  @Column('text', { name: 'financial_year' })
  financialYear: string;

  @Column('int')
  seq: number;

  @Index('ix_tax_invoices_issued_at')
  @Column('timestamptz', { name: 'issued_at' })
  issuedAt: Date;

  @Column('text', { name: 'user_id', nullable: true })
  userId: string | null;

  @Column('text', { name: 'stripe_invoice_id' })
  stripeInvoiceId: string;

  /** The refund a credit note is for: one credit note per refund. */
  @Index('uq_tax_invoices_stripe_refund', { unique: true })
  @Column('text', { name: 'stripe_refund_id', nullable: true })
  stripeRefundId: string | null;

  /** The tax invoice a credit note corrects. */
  @Column('uuid', { name: 'original_id', nullable: true })
  originalId: string | null;

  @Column('text', { name: 'supplier_gstin' })
  supplierGstin: string;

  @Column('text', { name: 'supplier_legal_name' })
  supplierLegalName: string;

  @Column('text', { name: 'supplier_address' })
  supplierAddress: string;

  @Column('text', { name: 'supplier_state_code' })
  supplierStateCode: string;

  @Column('text', { name: 'recipient_name', nullable: true })
  recipientName: string | null;

  @Column('text', { name: 'recipient_gstin', nullable: true })
  recipientGstin: string | null;

  @Column('text', { name: 'recipient_state_code', nullable: true })
  recipientStateCode: string | null;

  @Column('text', { name: 'recipient_address', nullable: true })
  recipientAddress: string | null;

  @Column('text', { name: 'place_of_supply' })
  placeOfSupply: string;

  @Column('text', { name: 'sac_code' })
  sacCode: string;

  @Column('int', { name: 'rate_bp' })
  rateBp: number;

  /** The line: the plan's name and the period it pays for. */
  @Column('text')
  description: string;

  @Column('char', { length: 3 })
  currency: string;

  @Column('bigint', { name: 'taxable_minor', transformer: bigintNumber })
  taxableMinor: number;

  @Column('bigint', { name: 'cgst_minor', transformer: bigintNumber })
  cgstMinor: number;

  @Column('bigint', { name: 'sgst_minor', transformer: bigintNumber })
  sgstMinor: number;

  @Column('bigint', { name: 'igst_minor', transformer: bigintNumber })
  igstMinor: number;

  @Column('bigint', { name: 'total_minor', transformer: bigintNumber })
  totalMinor: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
