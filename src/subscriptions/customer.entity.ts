import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The link between a Tollgate user id and a Stripe customer. */
@Entity('customers')
export class Customer {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_customers_user_id', { unique: true })
  @Column('text', { name: 'user_id' })
  userId: string;

  @Index('uq_customers_stripe_customer_id', { unique: true })
  @Column('text', { name: 'stripe_customer_id' })
  stripeCustomerId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
