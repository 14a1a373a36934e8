import { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { afterCommit } from '../common/after-commit';
import { decodeInvalidation, encodeInvalidation, INVALIDATED_CACHES, type InvalidatedCache, type Invalidation } from './invalidation-message';
import { NotificationListener } from './notification-listener';

/** What a cache offers to be invalidated (TtlCache does). */
export interface InvalidatedTarget {
  invalidate(key: string): void;
  invalidateAll(): void;
}

/** The PostgreSQL NOTIFY channel invalidations travel on (per database: instances of one deployment share it). */
const INVALIDATION_CHANNEL = 'tollgate_invalidations';

/**
 * Cache invalidation across instances. A writer publishes what its transaction made stale; once that transaction
 * commits, the entry is forgotten on this instance (afterCommit) and, on PostgreSQL, on every other one: the publish
 * is a `pg_notify` inside the writer's transaction, which PostgreSQL delivers only if and when it commits, to every
 * instance's LISTEN connection (NotificationListener). So a revocation reaches every instance within milliseconds,
 * not CACHE_TTL_SECONDS, and a rolled-back write sends nothing. When the LISTEN connection comes back after a loss, every
 * cache is cleared, since notifications sent meanwhile were missed; while it is down the TTL still bounds staleness.
 * Embedded (PGlite): one instance by the data directory's lock, so nothing is sent or listened for. The caches' hot
 * reads are untouched: a notification only deletes Map entries.
 */
export class Invalidations implements OnModuleInit, OnApplicationShutdown {
  /** This instance on the channel: its own notifications come back to it and are ignored (applied at commit). */
  private readonly instanceId = randomBytes(9).toString('base64url');
  private readonly caches = new Map<InvalidatedCache, InvalidatedTarget[]>();
  private readonly listener: NotificationListener | null;

  /** `databaseUrl`: the PostgreSQL the instances share; null on the embedded database. */
  constructor(databaseUrl: string | null) {
    this.listener =
      databaseUrl === null
        ? null
        : new NotificationListener({
            url: databaseUrl,
            channel: INVALIDATION_CHANNEL,
            onNotification: (payload) => this.received(payload),
            // At start the caches are empty; after a loss they may hold what a missed notice would have dropped.
            onListening: () => INVALIDATED_CACHES.forEach((cache) => this.apply({ cache })),
          });
  }

  /** Registers this instance's cache (a TtlCache) under its name; caches register in their constructors. */
  on(cache: InvalidatedCache, target: InvalidatedTarget): void {
    this.caches.set(cache, [...(this.caches.get(cache) ?? []), target]);
  }

  /** Publishes, inside `em`'s transaction, what it makes stale; every instance forgets it once the transaction commits. */
  async publish(em: EntityManager, invalidation: Invalidation): Promise<void> {
    afterCommit(em, () => this.apply(invalidation));
    if (this.listener) await em.query('SELECT pg_notify($1, $2)', [INVALIDATION_CHANNEL, encodeInvalidation(this.instanceId, invalidation)]);
  }

  async onModuleInit(): Promise<void> {
    await this.listener?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener?.close();
  }

  private received(payload: string | undefined): void {
    const message = decodeInvalidation(payload);
    if (message && message.from !== this.instanceId) this.apply(message);
  }

  private apply({ cache, key }: Invalidation): void {
    for (const target of this.caches.get(cache) ?? []) {
      if (key === undefined) target.invalidateAll();
      else target.invalidate(key);
    }
  }
}
