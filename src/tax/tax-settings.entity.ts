import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The publisher's GST registration: one row (id 1) once billing staff set it; no row, no GST anywhere. */
@Check('ck_tax_settings_single', `"id" = 1`)
@Entity('tax_settings')
export class TaxSettings {
  @PrimaryColumn('int')
  id: number;

  @Column('text')
  gstin: string;

  @Column('text', { name: 'legal_name' })
  legalName: string;

  @Column('text')
  address: string;

  @Column('text', { name: 'state_code' })
  stateCode: string;

  /** The rate in hundredths of a percent (18% → 1800): integers only, as money. */
  @Column('int', { name: 'rate_bp' })
  rateBp: number;

  @Column('text', { name: 'sac_code' })
  sacCode: string;

  @Column('text', { name: 'invoice_prefix' })
  invoicePrefix: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
