import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { SYSTEM_ACTOR } from '../auth/actor';
import { Clock } from '../common/clock';
import { ENV, type EnvDto } from '../config/env.schema';
import { Transactions } from '../database/transactions';
import { failedTooLong, nextRetryAt } from './domain/delivery-schedule';
import { signPayload } from './domain/signature';
import { OutboxWriter } from './outbox-writer';
import { type AttemptOutcome, type ClaimedAttempt, WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookSecretBox } from './webhook-secret-box';
import { sendWebhook } from './webhook-sender';

/** How often every instance looks for new events and due attempts (a commit here nudges it at once). */
const POLL_MS = 1000;
/** Events fanned out, and attempts claimed, per round. */
const BATCH = 50;
const DISABLED_REASON = 'Every delivery failed for three days';

/**
 * Delivers the outbox in the background on every instance: fans new events out to the endpoints subscribed to them,
 * then claims due attempts (SKIP LOCKED plus a lease, so no two instances send the same attempt) and sends them signed.
 * An instance killed mid-send leaves a lease that runs out, and the attempt is retried: at least once.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeliveryWorker.name);
  private readonly stop = new AbortController();
  private readonly leaseMs: number;
  private readonly allowPrivate: boolean;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly tx: Transactions,
    private readonly repo: WebhookDeliveriesRepository,
    private readonly secrets: WebhookSecretBox,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    outbox: OutboxWriter,
    @Inject(ENV) env: EnvDto,
  ) {
    this.leaseMs = env.WEBHOOK_DELIVERY_LEASE_SECONDS * 1000;
    this.allowPrivate = env.WEBHOOK_ALLOW_PRIVATE_URLS;
    outbox.onCommitted(() => this.nudge());
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.nudge(), POLL_MS);
    this.timer.unref();
    this.nudge();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.stop.abort();
    await this.running;
  }

  /** Runs a round now, or right after the one running (a commit that wrote events calls it). */
  nudge(): void {
    if (this.stop.signal.aborted) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.rounds().finally(() => (this.running = null));
  }

  /** Resolves once no round runs (tests wait on it after moving the clock). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async rounds(): Promise<void> {
    try {
      let busy = true;
      while (busy && !this.stop.signal.aborted) {
        this.again = false;
        busy = (await this.round()) || this.again;
      }
    } catch (err) {
      if (!this.stop.signal.aborted) this.logger.error(`Webhook delivery round failed: ${(err as Error).message}`);
    }
  }

  /** One round: fan out, claim, send; true when there may be more to do at once. */
  private async round(): Promise<boolean> {
    const now = this.clock.now();
    const fanned = await this.tx.run((em) => this.repo.fanOut(em, now, BATCH));
    const claimed = await this.tx.run((em) => this.repo.claim(em, now, new Date(now.getTime() + this.leaseMs), BATCH));
    // Settled, not all: one attempt's failure to record must not end the round while the others are still sending.
    for (const r of await Promise.allSettled(claimed.map((a) => this.attempt(a)))) {
      if (r.status === 'rejected' && !this.stop.signal.aborted)
        this.logger.error(`Webhook delivery attempt failed to record: ${(r.reason as Error)?.message}`);
    }
    return fanned === BATCH || claimed.length === BATCH;
  }

  private async attempt(a: ClaimedAttempt): Promise<void> {
    const body = JSON.stringify({ id: a.eventId, type: a.eventType, createdAt: a.eventCreatedAt.toISOString(), data: a.data });
    const signature = signPayload(this.secrets.open(a.secretEncrypted), body, Math.floor(this.clock.now().getTime() / 1000));
    const headers = {
      'Tollgate-Signature': signature,
      'Tollgate-Event-Id': a.eventId,
      'Tollgate-Delivery-Id': a.id,
      'Tollgate-Delivery-Attempt': String(a.attempt),
    };
    const sent = await sendWebhook(a.url, body, headers, this.allowPrivate, this.stop.signal);
    // Shutting down mid-send: the lease runs out and another instance (or this one restarted) tries again.
    if (this.stop.signal.aborted) return;
    const now = this.clock.now();
    const next = sent.ok ? null : nextRetryAt(a.createdAt, a.attempt, now);
    const outcome: AttemptOutcome = {
      status: sent.ok ? 'succeeded' : next ? 'pending' : 'failed',
      nextAttemptAt: next,
      statusCode: sent.statusCode,
      error: sent.error,
      deliveredAt: sent.ok ? now : null,
    };
    if (!sent.ok) this.logger.warn(`Webhook delivery ${a.id} (event ${a.eventId}) attempt ${a.attempt} failed: ${sent.error}`);
    await this.tx.run(async (em) => {
      if (!(await this.repo.finish(em, a.id, a.attempt, outcome))) return;
      if (sent.ok) return this.repo.endpointSucceeded(em, a.endpointId);
      const streak = await this.repo.endpointFailed(em, a.endpointId, now);
      if (streak?.status !== 'enabled' || !failedTooLong(streak.failingSince, now)) return;
      await em.update(WebhookEndpoint, { id: a.endpointId }, { status: 'disabled', disabledReason: DISABLED_REASON });
      await this.audit.record(
        em,
        SYSTEM_ACTOR,
        'webhook_endpoint.disable',
        'webhook_endpoint',
        a.endpointId,
        { status: 'enabled' },
        {
          status: 'disabled',
          reason: DISABLED_REASON,
          failingSince: streak.failingSince.toISOString(),
        },
      );
      this.logger.warn(`Webhook endpoint ${a.endpointId} disabled: ${DISABLED_REASON}`);
    });
  }
}
