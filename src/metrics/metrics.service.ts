import { Inject, Injectable } from '@nestjs/common';
import { CatalogRepository } from '../catalog/catalog.repository';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors';
import { money } from '../common/money';
import { ENV, EnvDto } from '../config/env.schema';
import { meterWindow, type MeterWindow } from '../metering/domain/meter-window';
import { MeteringService } from '../metering/metering.service';
import { CheckoutService } from '../subscriptions/checkout.service';
import { COUNTS_AS_SUBSCRIBER } from '../subscriptions/domain/subscription-status';
import { addMonths, instantIn, MAX_RANGE_MONTHS, monthsBetween } from './domain/months';
import { arpuMinor, BillingState, countsAsSubscriber, isPaying, MRR_CURRENCY, mrrMinor, percentOf } from './domain/mrr';
import type {
  Metric,
  MetricsPaywallResponseDto,
  MetricsPointResponseDto,
  MetricsSummaryResponseDto,
  MetricsTimeseriesResponseDto,
  PlanSubscribersResponseDto,
} from './metrics.dto';
import { StateRow, SubscriptionHistoryRepository } from './subscription-history.repository';

function billing(s: StateRow): BillingState {
  const discount =
    s.discountKind === 'percent_off'
      ? { kind: s.discountKind, percent: s.discountValue ?? 0, endsAt: s.discountEndsAt }
      : s.discountKind === 'intro_price'
        ? { kind: s.discountKind, amountMinor: s.discountValue ?? 0, endsAt: s.discountEndsAt }
        : null;
  return { status: s.status, amountMinor: s.amountMinor, currency: s.currency, intervalMonths: s.intervalMonths, discount };
}

const rangeInvalid = (message: string, field: string) => new DomainError('METRICS_RANGE_INVALID', message, [{ field, message }]);

/**
 * Subscription metrics and the paywall funnel, read from the subscription history (SubscriptionHistoryRecorder), the
 * meter's months and the Checkout Sessions started. A month is a meter month (METER_TIMEZONE); its figures come only
 * from what was recorded before it ended, so they never change once it has.
 */
@Injectable()
export class MetricsService {
  constructor(
    @Inject(ENV) private readonly env: EnvDto,
    private readonly history: SubscriptionHistoryRepository,
    private readonly catalog: CatalogRepository,
    private readonly metering: MeteringService,
    private readonly checkouts: CheckoutService,
    private readonly clock: Clock,
  ) {}

  async summary(at?: string): Promise<MetricsSummaryResponseDto> {
    const until = at ? new Date(at) : this.clock.now();
    const window = meterWindow(until, this.env.METER_TIMEZONE);
    const [states, atStart, moves] = await Promise.all([
      this.history.statesAt(until),
      this.history.statesAt(new Date(window.startsAt.getTime() - 1)),
      this.history.moves(window.startsAt, until, COUNTS_AS_SUBSCRIBER),
    ]);
    const subscribers = states.filter((s) => countsAsSubscriber(s.status));
    const mrr = mrrMinor(states.map(billing), until);
    return {
      at: until.toISOString(),
      activeSubscribers: subscribers.length,
      byPlan: await this.byPlan(subscribers),
      mrr: money(mrr, MRR_CURRENCY),
      arpu: money(arpuMinor(mrr, states.filter((s) => isPaying(s.status)).length), MRR_CURRENCY),
      newThisMonth: moves.new,
      churnedThisMonth: moves.churned,
      churnRatePercent: percentOf(moves.churned, atStart.filter((s) => countsAsSubscriber(s.status)).length),
    };
  }

  async timeseries(metric: Metric, from?: string, to?: string): Promise<MetricsTimeseriesResponseDto> {
    const now = this.clock.now();
    const current = meterWindow(now, this.env.METER_TIMEZONE).period;
    const last = to ?? current;
    const first = from ?? addMonths(last, -11);
    if (last > current) throw rangeInvalid(`to (${last}) is after the month in force (${current})`, 'to');
    if (first > last) throw rangeInvalid(`from (${first}) is after to (${last})`, 'from');
    const months = monthsBetween(first, last);
    if (months.length > MAX_RANGE_MONTHS) throw rangeInvalid(`At most ${MAX_RANGE_MONTHS} months at once (asked ${months.length})`, 'from');
    const points: MetricsPointResponseDto[] = [];
    for (const month of months) points.push({ month, value: await this.point(metric, this.window(month), now) });
    return { metric, from: first, to: last, points };
  }

  async paywall(month?: string): Promise<MetricsPaywallResponseDto> {
    const now = this.clock.now();
    const current = meterWindow(now, this.env.METER_TIMEZONE).period;
    const period = month ?? current;
    if (period > current) throw rangeInvalid(`month (${period}) is after the month in force (${current})`, 'month');
    const window = this.window(period);
    const until = this.until(window, now);
    const [funnel, checkoutsStarted, moves] = await Promise.all([
      this.metering.funnel(period),
      this.checkouts.checkoutsStarted(window.startsAt, until),
      this.history.moves(window.startsAt, until, COUNTS_AS_SUBSCRIBER),
    ]);
    return { ...funnel, checkoutsStarted, subscriptionsStarted: moves.new, conversionPercent: percentOf(moves.new, funnel.viewers) };
  }

  private async point(metric: Metric, window: MeterWindow, now: Date): Promise<MetricsPointResponseDto['value']> {
    const until = this.until(window, now);
    if (metric === 'new' || metric === 'churned') return (await this.history.moves(window.startsAt, until, COUNTS_AS_SUBSCRIBER))[metric];
    const states = await this.history.statesAt(until);
    if (metric === 'active') return states.filter((s) => countsAsSubscriber(s.status)).length;
    return money(mrrMinor(states.map(billing), until), MRR_CURRENCY);
  }

  private window(month: string): MeterWindow {
    return meterWindow(instantIn(month), this.env.METER_TIMEZONE);
  }

  /** The month's last instant, or now for the month in force. */
  private until(window: MeterWindow, now: Date): Date {
    const end = new Date(window.resetsAt.getTime() - 1);
    return end < now ? end : now;
  }

  private async byPlan(subscribers: StateRow[]): Promise<PlanSubscribersResponseDto[]> {
    const codes = await this.catalog.planCodes([...new Set(subscribers.flatMap((s) => (s.planId ? [s.planId] : [])))]);
    const rows = new Map<string | null, PlanSubscribersResponseDto>();
    for (const s of subscribers) {
      const planCode = s.planId ? (codes.get(s.planId) ?? null) : null;
      let row = rows.get(planCode);
      if (!row) rows.set(planCode, (row = { planCode, active: 0, trialing: 0, pastDue: 0, cancelPending: 0 }));
      if (s.status === 'active') row.active++;
      else if (s.status === 'trialing') row.trialing++;
      else row.pastDue++;
      if (s.cancelAtPeriodEnd) row.cancelPending++;
    }
    return [...rows.values()].sort((a, b) => (a.planCode ?? '~').localeCompare(b.planCode ?? '~'));
  }
}
