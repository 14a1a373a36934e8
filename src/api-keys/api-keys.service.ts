import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { hashKey, ApiKeyVerifier } from '../auth/api-key-verifier';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors';
import { ADVISORY_LOCKS, advisoryXactLock } from '../database/advisory-locks';
import { Transactions } from '../database/transactions';
import type { Actor } from '../auth/actor';
import { ApiKey, ApiKeyRole } from '../auth/api-key.entity';

export interface ApiKeyView {
  id: string;
  name: string;
  role: ApiKeyRole;
  keyPrefix: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface CreatedApiKey extends ApiKeyView {
  /** The plaintext key: shown once, never stored. */
  key: string;
}

export const FIRST_ADMIN_KEY_NAME = 'first start';

function toView(k: ApiKey): ApiKeyView {
  return {
    id: k.id,
    name: k.name,
    role: k.role,
    keyPrefix: k.keyPrefix,
    createdAt: k.createdAt.toISOString(),
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}

/** Issues, lists and revokes API keys (ApiKeyVerifier checks them), each change in the audit log. */
@Injectable()
export class ApiKeysService {
  constructor(
    @InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>,
    private readonly tx: Transactions,
    private readonly verifier: ApiKeyVerifier,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  create(actor: Actor, role: ApiKeyRole, name: string): Promise<CreatedApiKey> {
    return this.tx.run((em) => this.insert(em, actor, role, name));
  }

  /**
   * An admin key named FIRST_ADMIN_KEY_NAME when the database holds no active admin key, else null: how a fresh
   * install's first start lets its operator sign in to /admin without a second process.
   */
  createFirstAdminKey(actor: Actor): Promise<CreatedApiKey | null> {
    return this.tx.run(async (em) => {
      await advisoryXactLock(em, ADVISORY_LOCKS.firstAdminKey);
      const active = await em.exists(ApiKey, { where: { role: 'admin', revokedAt: IsNull() } });
      return active ? null : this.insert(em, actor, 'admin', FIRST_ADMIN_KEY_NAME);
    });
  }

  private async insert(em: EntityManager, actor: Actor, role: ApiKeyRole, name: string): Promise<CreatedApiKey> {
    const plaintext = `tg_${role}_${randomBytes(24).toString('base64url')}`;
    const key = await em.save(em.create(ApiKey, { name, role, keyHash: hashKey(plaintext), keyPrefix: plaintext.slice(0, 14), revokedAt: null }));
    await this.audit.record(em, actor, 'api_key.create', 'api_key', key.id, null, toView(key));
    return { ...toView(key), key: plaintext };
  }

  async list(): Promise<ApiKeyView[]> {
    const keys = await this.keys.find({ order: { createdAt: 'ASC' } });
    return keys.map(toView);
  }

  async revoke(actor: Actor, id: string): Promise<ApiKeyView> {
    const revoked = await this.tx.run(async (em: EntityManager) => {
      const key = await em.findOne(ApiKey, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!key) throw new DomainError('API_KEY_NOT_FOUND', `No API key with id ${id}`);
      await this.verifier.forget(em, key.keyHash);
      if (key.revokedAt) return key;
      const before = toView(key);
      key.revokedAt = this.clock.now();
      await em.save(key);
      await this.audit.record(em, actor, 'api_key.revoke', 'api_key', key.id, before, toView(key));
      return key;
    });
    return toView(revoked);
  }
}
