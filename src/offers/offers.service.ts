import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import type { OfferViewResponseDto } from '../catalog/catalog.dto';
import { PlanOffers, type OfferablePlan, type PlanOfferListing } from '../catalog/plan-offers';
import { Plan } from '../catalog/plan.entity';
import { PublicCatalogService } from '../catalog/public-catalog.service';
import { uniqueViolation } from '../catalog/unique-violation';
import { afterCommit } from '../common/after-commit';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors';
import { Transactions } from '../database/transactions';
import { isLive, nextChange } from './domain/offer-eligibility';
import { offerTermsProblem } from './domain/offer-terms';
import { appliesTo, offerPreviews, offerView, planPrice, used } from './offer-views';
import { Offer } from './offer.entity';
import type { OfferAdminResponseDto, OfferCreateDto, OfferPreviewListResponseDto, OfferUpdateDto } from './offers.dto';
import { byPlanOrder, OffersRepository, type OfferUse } from './offers.repository';
import { StripeOffersService } from './stripe-offers.service';
import { isoOrNull } from '../common/iso';

const taken = (code: 'OFFER_CODE_TAKEN' | 'PROMOTION_CODE_TAKEN', field: string, message: string) =>
  new DomainError(code, message, [{ field, message }]);
const offerCodeTaken = (code: string) => taken('OFFER_CODE_TAKEN', 'code', `An offer with code "${code}" already exists`);
const promotionCodeTaken = (code: string) => taken('PROMOTION_CODE_TAKEN', 'promotionCode', `Promotion code ${code} is already used by a live offer`);

function conflictFor(err: unknown, dto: { code?: string; promotionCode?: string | null }): unknown {
  const constraint = uniqueViolation(err);
  if (constraint === 'uq_offers_code') return offerCodeTaken(dto.code ?? '');
  if (constraint === 'uq_offers_live_promotion_code') return promotionCodeTaken(dto.promotionCode ?? '');
  return err;
}

const dateOrNull = (v: string | null | undefined) => (v ? new Date(v) : null);

type OfferSnapshot = Omit<OfferAdminResponseDto, 'redemptions' | 'reserved' | 'previews' | 'createdAt'>;

/** An offer's definition by value: what the audit log keeps, and the start of the admin view. */
function offerSnapshot(o: Offer): OfferSnapshot {
  return {
    code: o.code,
    name: o.name,
    kind: o.kind,
    planCodes: o.plans.map((p) => p.code),
    trialDays: o.trialDays,
    introPriceMinor: o.introPriceMinor,
    introPeriods: o.introPeriods,
    percentOff: o.percentOff,
    promotionCode: o.promotionCode,
    firstTimeOnly: o.firstTimeOnly,
    maxRedemptions: o.maxRedemptions,
    startsAt: isoOrNull(o.startsAt),
    endsAt: isoOrNull(o.endsAt),
    redemption: o.redemption,
    status: o.status,
  };
}

/**
 * Offer administration and the offers on the public catalog. Every write runs in one transaction with its audit
 * entry and drops the catalog's rendering after commit (its ETag moves); the rendering also goes stale by itself when
 * an offer starts or ends (PlanOfferListing.changesAt). Stripe coupons follow after the commit, best effort.
 */
@Injectable()
export class OffersService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: OffersRepository,
    private readonly audit: AuditService,
    private readonly publicCatalog: PublicCatalogService,
    private readonly stripeOffers: StripeOffersService,
    private readonly clock: Clock,
    planOffers: PlanOffers,
  ) {
    planOffers.provide((plans, now) => this.listForPlans(plans, now));
  }

  async list(): Promise<OfferAdminResponseDto[]> {
    const offers = await this.repo.find();
    const use = await this.repo.use(
      offers.map((o) => o.id),
      this.clock.now(),
    );
    return offers.map((o) => this.toAdminView(o, use.get(o.id)!));
  }

  async get(code: string): Promise<OfferAdminResponseDto> {
    const offer = await this.repo.get(code);
    const use = await this.repo.use([offer.id], this.clock.now());
    return this.toAdminView(offer, use.get(offer.id)!);
  }

  async create(actor: Actor, dto: OfferCreateDto): Promise<OfferAdminResponseDto> {
    let offer: Offer;
    try {
      offer = await this.tx.run(async (em) => {
        afterCommit(em, () => this.publicCatalog.invalidate());
        const saved = await em.save(await this.draft(em, dto));
        const after = await this.repo.get(saved.code, em);
        await this.audit.record(em, actor, 'offer.create', 'offer', saved.code, null, offerSnapshot(after));
        return after;
      });
    } catch (err) {
      throw conflictFor(err, dto);
    }
    await this.stripeOffers.mirrorQuietly(offer);
    return this.get(dto.code);
  }

  /**
   * What `create` would show on each plan, checked exactly as `create` checks it (same codes), writing nothing:
   * the console's live preview while staff type.
   */
  async preview(dto: OfferCreateDto): Promise<OfferPreviewListResponseDto> {
    const draft = await this.tx.run((em) => this.draft(em, dto));
    draft.plans.sort(byPlanOrder);
    return { previews: offerPreviews(draft) };
  }

  /** The offer a create body describes, unsaved, after every check `create` makes (400 or 409 with its code). */
  private async draft(em: EntityManager, dto: OfferCreateDto): Promise<Offer> {
    if (await em.exists(Offer, { where: { code: dto.code } })) throw offerCodeTaken(dto.code);
    const plans = await this.plansFor(em, dto.planCodes);
    const terms = {
      kind: dto.kind,
      trialDays: dto.trialDays ?? null,
      introPriceMinor: dto.introPriceMinor ?? null,
      introPeriods: dto.introPeriods ?? null,
      percentOff: dto.percentOff ?? null,
    };
    const startsAt = dateOrNull(dto.startsAt);
    const endsAt = dateOrNull(dto.endsAt);
    const redemption = dto.redemption ?? 'signup';
    const problem = offerTermsProblem({
      ...terms,
      redemption,
      startsAt,
      endsAt,
      prices: plans.map((p) => ({ planCode: p.code, ...planPrice(p)! })),
    });
    if (problem) throw new DomainError(problem.code, problem.message, [{ field: problem.field, message: problem.message }]);
    if (dto.promotionCode && (await em.exists(Offer, { where: { promotionCode: dto.promotionCode, status: In(['draft', 'active']) } }))) {
      throw promotionCodeTaken(dto.promotionCode);
    }
    return em.create(Offer, {
      code: dto.code,
      name: dto.name,
      ...terms,
      promotionCode: dto.promotionCode ?? null,
      firstTimeOnly: dto.firstTimeOnly ?? true,
      maxRedemptions: dto.maxRedemptions ?? null,
      startsAt,
      endsAt,
      redemption,
      status: dto.status ?? 'active',
      plans,
    });
  }

  /** Name, end, limit and status only: the terms a reader was shown never change under them. */
  async update(actor: Actor, code: string, dto: OfferUpdateDto): Promise<OfferAdminResponseDto> {
    let offer: Offer;
    try {
      offer = await this.tx.run(async (em) => {
        afterCommit(em, () => this.publicCatalog.invalidate());
        const row = await this.repo.get(code, em);
        await this.repo.lock(em, row.id);
        const before = offerSnapshot(row);
        if (row.status === 'archived' && dto.status) {
          throw new DomainError('OFFER_EXPIRED', `Offer ${code} is archived; create a new offer instead`);
        }
        const endsAt = dto.endsAt === undefined ? row.endsAt : dateOrNull(dto.endsAt);
        if (row.startsAt && endsAt && endsAt.getTime() <= row.startsAt.getTime()) {
          throw new DomainError('OFFER_DATES_INVALID', 'endsAt must be after startsAt', [
            { field: 'endsAt', message: 'endsAt must be after startsAt' },
          ]);
        }
        if (dto.maxRedemptions != null) {
          const use = (await this.repo.use([row.id], this.clock.now(), em)).get(row.id)!;
          if (dto.maxRedemptions < use.redeemed + use.reserved) {
            const message = `maxRedemptions ${dto.maxRedemptions} is below the ${use.redeemed + use.reserved} redemptions made or held`;
            throw new DomainError('MAX_REDEMPTIONS_BELOW_USED', message, [{ field: 'maxRedemptions', message }]);
          }
        }
        const changes: Partial<Offer> = { endsAt };
        if (dto.name !== undefined) changes.name = dto.name;
        if (dto.maxRedemptions !== undefined) changes.maxRedemptions = dto.maxRedemptions;
        if (dto.status !== undefined) changes.status = dto.status;
        await em.update(Offer, { id: row.id }, changes);
        const after = await this.repo.get(code, em);
        if (JSON.stringify(before) !== JSON.stringify(offerSnapshot(after))) {
          await this.audit.record(em, actor, 'offer.update', 'offer', code, before, offerSnapshot(after));
        }
        return after;
      });
    } catch (err) {
      throw conflictFor(err, { code, promotionCode: null });
    }
    await this.stripeOffers.mirrorQuietly(offer);
    return this.get(code);
  }

  /** Ends the offer at once; its promotion code may be used by a new offer. Archiving twice is a no-op. */
  async archive(actor: Actor, code: string): Promise<OfferAdminResponseDto> {
    const archived = await this.tx.run(async (em) => {
      afterCommit(em, () => this.publicCatalog.invalidate());
      const row = await this.repo.get(code, em);
      await this.repo.lock(em, row.id);
      if (row.status === 'archived') return null;
      await em.update(Offer, { id: row.id }, { status: 'archived' });
      const after = await this.repo.get(code, em);
      await this.audit.record(em, actor, 'offer.archive', 'offer', code, offerSnapshot(row), offerSnapshot(after));
      return after;
    });
    if (archived) await this.stripeOffers.deactivate(archived);
    return this.get(code);
  }

  /** The live automatic signup offers per plan, for `GET /v1/plans` (registered with the catalog's PlanOffers). */
  async listForPlans(plans: OfferablePlan[], now: Date): Promise<PlanOfferListing> {
    const offers = await this.repo.activeForPlans(plans.map((p) => p.id));
    const byPlanId = new Map<string, OfferViewResponseDto[]>();
    const automatic = offers.filter((o) => o.redemption === 'signup' && !o.promotionCode);
    const live = automatic.filter((o) => isLive(o, now));
    const use = await this.repo.use(
      live.filter((o) => o.maxRedemptions !== null).map((o) => o.id),
      now,
    );
    for (const plan of plans) {
      const views = live
        .filter((o) => o.plans.some((p) => p.id === plan.id) && appliesTo(o, plan))
        .filter((o) => o.maxRedemptions === null || used(use.get(o.id)) < o.maxRedemptions)
        .map((o) => offerView(o, plan));
      byPlanId.set(plan.id, views);
    }
    return { byPlanId, changesAt: nextChange(automatic, now) };
  }

  /** The plans named, existing and not archived, in the order given; 400 UNKNOWN_PLAN or PLAN_NOT_ACTIVE otherwise. */
  private async plansFor(em: EntityManager, codes: string[]): Promise<Plan[]> {
    const found = await em.find(Plan, { where: { code: In(codes) }, relations: { currentPrice: true } });
    const byCode = new Map(found.map((p) => [p.code, p]));
    const missing = codes.filter((c) => !byCode.has(c));
    if (missing.length) {
      throw new DomainError(
        'UNKNOWN_PLAN',
        `Unknown plan code(s): ${missing.join(', ')}`,
        missing.map((c) => ({ field: 'planCodes', message: `no plan with code "${c}"` })),
      );
    }
    const archived = found.filter((p) => p.status === 'archived' || !p.currentPrice);
    if (archived.length) {
      const message = `Archived plan(s) cannot take an offer: ${archived.map((p) => p.code).join(', ')}`;
      throw new DomainError('PLAN_NOT_ACTIVE', message, [{ field: 'planCodes', message }]);
    }
    return codes.map((c) => byCode.get(c)!);
  }

  private toAdminView(o: Offer, use: OfferUse): OfferAdminResponseDto {
    return {
      ...offerSnapshot(o),
      redemptions: use.redeemed,
      reserved: use.reserved,
      previews: offerPreviews(o),
      createdAt: o.createdAt.toISOString(),
    };
  }
}
