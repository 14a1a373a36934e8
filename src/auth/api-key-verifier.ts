import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { TtlCache } from '../common/ttl-cache';
import { ENV, EnvDto } from '../config/env.schema';
import { Invalidations } from '../database/invalidations';
import { ApiKey } from './api-key.entity';

/** How a key is stored: its sha256, hex. */
export const hashKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

/** The bearer token of a request's Authorization header, or null. */
function bearer(req: { headers: Record<string, string | string[] | undefined> }): string | null {
  const header = req.headers['authorization'];
  const value = Array.isArray(header) ? header[0] : header;
  const match = value?.match(/^Bearer\s+(\S+)\s*$/i);
  return match ? match[1] : null;
}

const NO_KEY: Promise<ApiKey | null> = Promise.resolve(null);

/**
 * Checks presented API keys. Keys are stored as sha256 hashes; a check hashes the presented key, finds the row by
 * its hash and compares the hashes in constant time. Lookups are cached per instance for CACHE_TTL_SECONDS; a
 * revocation reaches every instance once it commits (Invalidations), and within that bound should the notice be lost.
 */
@Injectable()
export class ApiKeyVerifier {
  /** Lookups by key hash, unknown keys (null) included. */
  private readonly cache: TtlCache<ApiKey | null>;
  /** Each request's key lookup, shared by the rate limit, the body parser and the guard. */
  private readonly byRequest = new WeakMap<object, Promise<ApiKey | null>>();

  constructor(
    @InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>,
    clock: Clock,
    @Inject(ENV) env: EnvDto,
    private readonly invalidations: Invalidations,
  ) {
    this.cache = new TtlCache({ ttlMs: env.CACHE_TTL_SECONDS * 1000, maxEntries: 10_000, clock });
    invalidations.on('api-keys', this.cache);
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
    const key = await this.cache.load(hash, () => this.keys.findOne({ where: { keyHash: hash } }));
    if (!key || key.revokedAt) return null;
    const equal = timingSafeEqual(Buffer.from(key.keyHash, 'hex'), Buffer.from(hash, 'hex'));
    return equal ? key : null;
  }

  /** Drops a key's cached lookup on every instance once the transaction of its revocation (`em`) commits. */
  forget(em: EntityManager, keyHash: string): Promise<void> {
    return this.invalidations.publish(em, { cache: 'api-keys', key: keyHash });
  }
}
