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
}
