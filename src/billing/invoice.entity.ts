import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { bigintNumber } from '../common/transformers';

/** Local ledger row of a Stripe invoice. */
@Entity('invoices')
@Index('ix_invoices_user_created', ['userId', 'stripeCreatedAt'])
export class Invoice {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_invoices_stripe_invoice_id', { unique: true })
  @Column('text', { name: 'stripe_invoice_id' })
  stripeInvoiceId: string;

  @Column('text', { name: 'stripe_subscription_id', nullable: true })
  stripeSubscriptionId: string | null;

  @Column('text', { name: 'stripe_customer_id', nullable: true })
  stripeCustomerId: string | null;

  @Column('text', { name: 'user_id', nullable: true })
  userId: string | null;

  /** draft | open | paid | uncollectible | void, plus "payment_failed" / "action_required" as last attempt outcome. */
  @Column('text')
  status: string;

  @Column('bigint', { name: 'total_minor', transformer: bigintNumber })
  totalMinor: number;

  @Column('bigint', { name: 'amount_paid_minor', transformer: bigintNumber })
  amountPaidMinor: number;

  @Column('char', { length: 3 })
  currency: string;

  @Column('text', { name: 'billing_reason', nullable: true })
  billingReason: string | null;

  @Column('timestamptz', { name: 'period_start', nullable: true })
  periodStart: Date | null;

  @Column('timestamptz', { name: 'period_end', nullable: true })
  periodEnd: Date | null;

  @Column('text', { name: 'hosted_invoice_url', nullable: true })
  hostedInvoiceUrl: string | null;

  @Column('timestamptz', { name: 'paid_at', nullable: true })
  paidAt: Date | null;

  @Column('timestamptz', { name: 'stripe_created_at' })
  stripeCreatedAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
