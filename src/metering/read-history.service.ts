import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { Transactions } from '../database/transactions';
import { ENV, EnvDto } from '../config/env.schema';
import { oldestKeptPeriod } from './domain/retention';
import { MeterMemory } from './meter-memory';
import { Deleted, HISTORY_TABLES, ReadHistoryRepository } from './read-history.repository';

const RETENTION_JOB = 'read-history-retention';
/** Rows per delete statement (see ReadHistoryRepository.deleteOlder). */
const BATCH = 5000;

/** A retention run: the oldest month kept and what was deleted. */
export interface RetentionRun {
  day: string;
  oldestKept: string;
  deleted: Deleted;
}

/**
 * Reading histories are personal data, kept only as long as the meter needs them: READ_HISTORY_MONTHS meter months
 * (the month in force included), older ones deleted by a daily run claimed by one instance; and one viewer's whole
 * history erased on request (audited).
 */
@Injectable()
export class ReadHistoryService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: ReadHistoryRepository,
    private readonly memory: MeterMemory,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(ENV) private readonly env: EnvDto,
  ) {}

  /** Today's retention run (UTC day), or null when another call, on any instance, has claimed it. */
  async runRetention(): Promise<RetentionRun | null> {
    const now = this.clock.now();
    const day = now.toISOString().slice(0, 10);
    if (!(await this.repo.claim(RETENTION_JOB, day, now))) return null;
    const oldestKept = oldestKeptPeriod(this.memory.windowAt(now).period, this.env.READ_HISTORY_MONTHS);
    const deleted = { article_reads: 0, meter_counters: 0, meter_links: 0 };
    for (const table of HISTORY_TABLES) {
      for (let n = BATCH; n === BATCH; deleted[table] += n) n = await this.repo.deleteOlder(table, oldestKept, BATCH);
    }
    await this.repo.finish(RETENTION_JOB, day, this.clock.now(), deleted);
    return { day, oldestKept, deleted };
  }

  /** Erases one viewer's reads, counters and device links of every month; audited with what was deleted. */
  async erase(actor: Actor, viewerId: string): Promise<void> {
    await this.tx.run(async (em) => {
      const deleted = await this.repo.erase(em, viewerId);
      await this.audit.record(em, actor, 'reading_history.erase', 'viewer', viewerId, deleted, null);
    });
    this.memory.forget(`${viewerId} ${this.memory.windowAt(this.clock.now()).period}`);
  }
}
