import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { afterCommit } from '../common/after-commit';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors';
import { TtlCache } from '../common/ttl-cache';
import { ENV, EnvDto } from '../config/env.schema';
import type { Actor } from './actor';
import { ApiKey, ApiKeyRole } from './api-key.entity';

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
/** Advisory lock id of the first-admin-key check (the migration lock is 7301001, Stripe objects 7301 with a second key). */
const FIRST_ADMIN_KEY_LOCK = 7301002;

const hashKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

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

/** The bearer token of a request's Authorization header, or null. */
function bearer(req: { headers: Record<string, string | string[] | undefined> }): string | null {
  const header = req.headers['authorization'];
  const value = Array.isArray(header) ? header[0] : header;
  const match = value?.match(/^Bearer\s+(\S+)\s*$/i);
  return match ? match[1] : null;
}

const NO_KEY: Promise<ApiKey | null> = Promise.resolve(null);

/**
 * Issues, checks and revokes API keys. Keys are stored as sha256 hashes; a check hashes the presented key,
 * finds the row by its hash and compares the hashes in constant time. Lookups are cached per instance for
 * CACHE_TTL_SECONDS, so a revocation made on any instance takes effect everywhere within that bound.
 */
@Injectable()
export class ApiKeysService {
  /** Lookups by key hash, unknown keys (null) included. */
  private readonly cache: TtlCache<ApiKey | null>;
  /** Each request's key lookup, shared by the rate limit, the body parser and the guard. */
  private readonly byRequest = new WeakMap<object, Promise<ApiKey | null>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(ENV) env: EnvDto,
  ) {
    this.cache = new TtlCache({ ttlMs: env.CACHE_TTL_SECONDS * 1000, maxEntries: 10_000, clock });
  }

  create(actor: Actor, role: ApiKeyRole, name: string): Promise<CreatedApiKey> {
    return this.dataSource.transaction((em) => this.insert(em, actor, role, name));
  }

  /**
   * An admin key named FIRST_ADMIN_KEY_NAME when the database holds no active admin key, else null: how a fresh
   * install's first start lets its operator sign in to /admin without a second process.
   */
  createFirstAdminKey(actor: Actor): Promise<CreatedApiKey | null> {
    return this.dataSource.transaction(async (em) => {
      // Two processes starting on one database must not both mint a key (PGlite has one process: a no-op there).
      await em.query('SELECT pg_advisory_xact_lock($1)', [FIRST_ADMIN_KEY_LOCK]);
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
    const keys = await this.dataSource.getRepository(ApiKey).find({ order: { createdAt: 'ASC' } });
    return keys.map(toView);
  }

  async revoke(actor: Actor, id: string): Promise<ApiKeyView> {
    const revoked = await this.dataSource.transaction(async (em: EntityManager) => {
      const key = await em.findOne(ApiKey, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!key) throw new DomainError('API_KEY_NOT_FOUND', `No API key with id ${id}`);
      afterCommit(em, () => this.cache.invalidate(key.keyHash));
      if (key.revokedAt) return key;
      const before = toView(key);
      key.revokedAt = this.clock.now();
      await em.save(key);
      await this.audit.record(em, actor, 'api_key.revoke', 'api_key', key.id, before, toView(key));
      return key;
    });
    return toView(revoked);
  }

  /** The active key a request presents (`Authorization: Bearer …`), or null; looked up once per request. */
  keyOf(req: { headers: Record<string, string | string[] | undefined> }): Promise<ApiKey | null> {
    let key = this.byRequest.get(req);
    if (!key) {
      const token = bearer(req);
      key = token ? this.authenticate(token) : NO_KEY;
      this.byRequest.set(req, key);
    }
    return key;
  }

  /** The active key matching a presented plaintext, or null. */
  async authenticate(presented: string): Promise<ApiKey | null> {
    const hash = hashKey(presented);
    const key = await this.cache.load(hash, () => this.dataSource.getRepository(ApiKey).findOne({ where: { keyHash: hash } }));
    if (!key || key.revokedAt) return null;
    const equal = timingSafeEqual(Buffer.from(key.keyHash, 'hex'), Buffer.from(hash, 'hex'));
    return equal ? key : null;
  }
}
