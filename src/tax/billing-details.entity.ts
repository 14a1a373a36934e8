import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A reader's billing details for their tax invoices: their state (the place of supply) and, for a business, a GSTIN. */
@Entity('billing_details')
export class BillingDetails {
  @PrimaryColumn('text', { name: 'user_id' })
  userId: string;

  @Column('text')
  name: string;

  @Column('text', { name: 'state_code' })
  stateCode: string;

  @Column('text', { nullable: true })
  gstin: string | null;

  @Column('text', { nullable: true })
  address: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
