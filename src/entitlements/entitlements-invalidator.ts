import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager, EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { EntitlementsCache } from './entitlements-cache';

const PENDING = 'tollgate.staleUsers';

/**
 * Drops a user's cached entitlement facts when a write to their subscription commits. Invalidating only inside the
 * transaction is not enough: a check between that moment and the commit would reload the old row and keep it for
 * CACHE_TTL_SECONDS. So the user is invalidated at once (a load in flight is then not stored) and again after commit.
 */
@Injectable()
export class EntitlementsInvalidator implements EntitySubscriberInterface {
  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly cache: EntitlementsCache,
  ) {
    dataSource.subscribers.push(this);
  }

  /** Marks users' cached facts stale now and once the transaction `em` belongs to commits. */
  staleAfterCommit(em: EntityManager, ...userIds: (string | null | undefined)[]): void {
    const users = userIds.filter((u): u is string => !!u);
    for (const u of users) this.cache.invalidate(u);
    const runner = em.queryRunner;
    if (!runner?.isTransactionActive) return;
    const pending: Set<string> = (runner.data[PENDING] ??= new Set<string>());
    for (const u of users) pending.add(u);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const pending = event.queryRunner.data?.[PENDING] as Set<string> | undefined;
    if (!pending) return;
    delete event.queryRunner.data[PENDING];
    for (const u of pending) this.cache.invalidate(u);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (event.queryRunner.data) delete event.queryRunner.data[PENDING];
  }
}
