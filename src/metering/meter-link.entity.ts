import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A device seen signed in as a user in a meter month: its key makes the carry-over of the device's anonymous reads
 * into the user's month run once (see MeteringRepository.carryOver).
 */
@Entity('meter_links')
export class MeterLink {
  @PrimaryColumn('text', { name: 'device_id' })
  deviceId: string;

  @PrimaryColumn('text', { name: 'user_id' })
  userId: string;

  @PrimaryColumn('text', { name: 'period' })
  period: string;

  @Column('timestamptz', { name: 'linked_at', default: () => 'now()' })
  linkedAt: Date;
}
