import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { Transactions } from '../database/transactions';
import { EntitlementsService } from '../entitlements/entitlements.service';
import { SettingsService } from '../settings/settings.service';
import { decideKnown, decideRead, MeterAnswer, meterAnswer } from './domain/meter-decision';
import { MeterMemory } from './meter-memory';
import { MeterFunnel, MeteringRepository, MetWall } from './metering.repository';

/** A meter read's answer (the response body). */
export type MeterReadView = MeterAnswer;

/**
 * The free-article meter. A viewer holding the metered benefit reads freely and is not counted; anyone else gets
 * each distinct article counted once per calendar month in METER_TIMEZONE, up to the free limit. The rule is
 * decideRead; this service feeds it from memory (MeterMemory), else from the stored month (MeteringRepository).
 */
@Injectable()
export class MeteringService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: MeteringRepository,
    private readonly memory: MeterMemory,
    private readonly entitlements: EntitlementsService,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
  ) {}

  async read(viewerId: string, articleId: string): Promise<MeterReadView> {
    const { freeArticleLimit: limit, meteredBenefitCode } = await this.settings.get();
    const entitled = (await this.entitlements.check(viewerId, meteredBenefitCode)).granted;
    return this.meter(viewerId, articleId, limit, entitled);
  }

  /**
   * One read on a viewer's meter against `limit`: not counted when `entitled`. `mayGrow`: the month may gain articles
   * by a carry-over (a signed-in user's), so memory does not refuse an article it has not seen counted.
   */
  async meter(viewerId: string, articleId: string, limit: number, entitled: boolean, mayGrow = false): Promise<MeterAnswer> {
    const now = this.clock.now();
    const { period, resetsAtIso } = this.memory.windowAt(now);
    const viewerMonth = `${viewerId} ${period}`;
    if (entitled) {
      const kept = this.memory.entitledView(viewerMonth, limit);
      if (kept) return kept;
    }

    const known = this.memory.recall(viewerMonth, articleId, limit, mayGrow);
    let step = decideRead({ entitled, limit, ...known });
    let used = known.used ?? 0;
    if (step === 'look') {
      const stored = await this.repo.month(viewerId, period, articleId, limit);
      if (stored) this.memory.looked(viewerMonth, articleId, stored, limit);
      used = stored?.used ?? 0;
      step = decideKnown({ entitled, limit, used, counted: stored?.seen ?? false });
    }
    if (step === 'entitled') return this.memory.keepEntitledView(viewerMonth, meterAnswer('entitled', limit, used, resetsAtIso));
    if (step !== 'count') return meterAnswer(step, limit, used, resetsAtIso);

    // No counter yet (and, past the decision, a limit of at least 1): most often a viewer's first page view.
    if (used === 0) {
      const first = await this.repo.countFirstRead(viewerId, period, articleId, now);
      if (first !== null) return this.counted(viewerMonth, articleId, first, limit, resetsAtIso);
    }
    const locked = await this.tx.run((em) => this.repo.countLocked(em, viewerId, period, articleId, now, limit));
    if (locked.counted !== null) return this.counted(viewerMonth, articleId, locked.counted, limit, resetsAtIso);
    if (!locked.seen) return meterAnswer('refuse', limit, locked.used, resetsAtIso);
    this.memory.counted(viewerMonth, articleId, locked.used, false, limit);
    return meterAnswer('reread', limit, locked.used, resetsAtIso);
  }

  /**
   * The first time this month that `deviceId` is seen signed in as `userId`, merges the device's counted articles of
   * the month into the user's (a union; see CARRY_OVER_SQL). Once per device, user and month on every instance.
   */
  async carryOver(deviceId: string, userId: string): Promise<void> {
    if (deviceId === userId) return;
    const now = this.clock.now();
    const { period } = this.memory.windowAt(now);
    const linkMonth = `${deviceId} ${userId} ${period}`;
    if (this.memory.linked(linkMonth)) return;
    // Linked by an earlier request or another instance: then only this instance's memory of the user's month is stale.
    if (!(await this.repo.linked(deviceId, userId, period))) await this.repo.carryOver(deviceId, userId, period, now);
    this.memory.keepLinked(linkMonth, `${userId} ${period}`);
  }

  /**
   * The viewer met `wall`: stamped on their month's counter the first time only; afterwards this instance knows it from
   * memory, so a reader who keeps meeting the wall costs no write (the paywall funnel counts viewers, not impressions).
   */
  async wallMet(viewerId: string, wall: MetWall): Promise<void> {
    const now = this.clock.now();
    const { period } = this.memory.windowAt(now);
    const wallMonth = `${viewerId} ${period} ${wall}`;
    if (this.memory.wallStamped(wallMonth)) return;
    await this.repo.recordWall(viewerId, period, wall, now);
    this.memory.keepWallStamped(wallMonth);
  }

  /** A meter month's viewers and walls met (the paywall funnel's top). */
  funnel(period: string): Promise<MeterFunnel> {
    return this.repo.funnel(period);
  }

  private counted(viewerMonth: string, articleId: string, used: number, limit: number, resetsAtIso: string): MeterReadView {
    this.memory.counted(viewerMonth, articleId, used, true, limit);
    return meterAnswer('count', limit, used, resetsAtIso);
  }
}
