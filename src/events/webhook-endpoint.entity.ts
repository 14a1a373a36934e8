import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type WebhookEndpointStatus = 'enabled' | 'disabled';

/** Where the publisher's systems hear Tollgate's events; the signing secret is kept encrypted (WebhookSecretBox). */
@Check('ck_webhook_endpoints_status', `"status" IN ('enabled', 'disabled')`)
@Entity('webhook_endpoints')
export class WebhookEndpoint {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  url: string;

  /** Event types and family wildcards (`subscription.*`), as EVENT_PATTERNS allows. */
  @Column('text', { array: true })
  events: string[];

  @Column('text', { nullable: true })
  description: string | null;

  @Column('text', { default: 'enabled' })
  status: WebhookEndpointStatus;

  /** AES-256-GCM under WEBHOOK_SECRET_KEY: it must be readable to sign, so it is encrypted rather than hashed. */
  @Column('text', { name: 'secret_encrypted' })
  secretEncrypted: string;

  /** Since when every attempt to it failed (null after a success): three days of that disables it. */
  @Column('timestamptz', { name: 'failing_since', nullable: true })
  failingSince: Date | null;

  /** Why the delivery worker disabled it (null when enabled, or disabled by staff). */
  @Column('text', { name: 'disabled_reason', nullable: true })
  disabledReason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
