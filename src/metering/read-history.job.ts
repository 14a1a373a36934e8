import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ReadHistoryService } from './read-history.service';

/** How often each instance tries to claim the day's run: the claim makes it once a day across all instances. */
const TRY_EVERY_MS = 60 * 60_000;

/** Starts the daily read-history retention on every instance; each hour one try, of which one a day runs. */
@Injectable()
export class ReadHistoryJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReadHistoryJob.name);
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(private readonly history: ReadHistoryService) {}

  onApplicationBootstrap(): void {
    // Not at boot: a start (or a test's) should not delete before its clock is what it means to be.
    this.timer = setInterval(() => void this.tick(), TRY_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One try; a failure is logged and the next hour tries again (a claimed day that failed waits for the next day). */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const run = await this.history.runRetention();
      if (run) this.logger.log(`read history before ${run.oldestKept} deleted: ${JSON.stringify(run.deleted)}`);
    } catch (err) {
      this.logger.warn(`read history retention failed: ${(err as Error)?.message ?? String(err)}`);
    } finally {
      this.running = false;
    }
  }
}
