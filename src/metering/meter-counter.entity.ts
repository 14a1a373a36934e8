import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How many distinct articles a viewer has used in a meter month; its row lock serialises a viewer's reads. */
@Entity('meter_counters')
export class MeterCounter {
  @PrimaryColumn('text', { name: 'viewer_id' })
  viewerId: string;

  @PrimaryColumn('text', { name: 'period' })
  period: string;

  @Column('int', { default: 0 })
  used: number;

  /** When the viewer first met the registration wall this month (set once; the paywall funnel counts these). */
  @Column('timestamptz', { name: 'registration_wall_at', nullable: true })
  registrationWallAt: Date | null;

  /** When the viewer first met the subscription wall this month (set once). */
  @Column('timestamptz', { name: 'subscription_wall_at', nullable: true })
  subscriptionWallAt: Date | null;
}
