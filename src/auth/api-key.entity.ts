import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ApiKeyRole = 'admin' | 'paywall';
export const API_KEY_ROLES: ApiKeyRole[] = ['admin', 'paywall'];

@Check('ck_api_keys_role', `"role" IN ('admin', 'paywall')`)
@Entity('api_keys')
export class ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('text')
  role: ApiKeyRole;

  /** sha256 of the full key, hex; the plaintext is never stored. */
  @Index('uq_api_keys_key_hash', { unique: true })
  @Column('text', { name: 'key_hash' })
  keyHash: string;

  /** First characters of the key, safe to show, to tell keys apart. */
  @Column('text', { name: 'key_prefix' })
  keyPrefix: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;
}
