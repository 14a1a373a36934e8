import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { Plan } from '../catalog/plan.entity';
import { DomainError } from '../common/errors';
import { OfferRedemptionRow } from './offer-redemption.entity';
import { Offer } from './offer.entity';

/** Redemptions made and reservations still held, per offer id. */
export interface OfferUse {
  redeemed: number;
  reserved: number;
}

/** An offer's plans in the catalog's order (sort order, then code). */
export const byPlanOrder = (a: Plan, b: Plan) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code);

/** The offers' queries; each takes an optional EntityManager so services can call it inside a transaction. */
@Injectable()
export class OffersRepository {
  constructor(@InjectRepository(Offer) private readonly offers: Repository<Offer>) {}

  private get manager(): EntityManager {
    return this.offers.manager;
  }

  /** Offers with their plans, newest first (plans by their sort order). */
  async find(where: { code?: string; promotionCode?: string; status?: Offer['status'] } = {}, em: EntityManager = this.manager): Promise<Offer[]> {
    const offers = await em.find(Offer, { where, relations: { plans: { currentPrice: true } }, order: { createdAt: 'DESC', code: 'ASC' } });
    for (const o of offers) o.plans.sort(byPlanOrder);
    return offers;
  }

  async get(code: string, em: EntityManager = this.manager): Promise<Offer> {
    const [offer] = await this.find({ code }, em);
    if (!offer) throw new DomainError('OFFER_NOT_FOUND', `No offer with code "${code}"`);
    return offer;
  }

  /** The offer a customer-facing code names now: the one not archived, else the latest archived (to say "expired"). */
  async byPromotionCode(promotionCode: string, em: EntityManager = this.manager): Promise<Offer | null> {
    const offers = await this.find({ promotionCode }, em);
    return offers.find((o) => o.status !== 'archived') ?? offers[0] ?? null;
  }

  /** Active offers (any window) that apply to any of these plans: what the public catalog may show. */
  async activeForPlans(planIds: string[], em: EntityManager = this.manager): Promise<Offer[]> {
    if (!planIds.length) return [];
    const ids: { id: string }[] = await em.query(
      `SELECT DISTINCT o.id FROM offers o JOIN offer_plans op ON op.offer_id = o.id WHERE o.status = 'active' AND op.plan_id = ANY($1::uuid[])`,
      [planIds],
    );
    if (!ids.length) return [];
    const offers = await em.find(Offer, {
      where: ids.map(({ id }) => ({ id })),
      relations: { plans: true },
      order: { createdAt: 'ASC', code: 'ASC' },
    });
    return offers;
  }

  /** Locks the offer row until the transaction ends: serialises reservations against maxRedemptions. */
  async lock(em: EntityManager, id: string): Promise<void> {
    await em.query(`SELECT id FROM offers WHERE id = $1 FOR UPDATE`, [id]);
  }

  /** Redemptions and live reservations (a reservation past reservedUntil no longer counts) per offer. */
  async use(offerIds: string[], now: Date, em: EntityManager = this.manager): Promise<Map<string, OfferUse>> {
    const use = new Map<string, OfferUse>(offerIds.map((id) => [id, { redeemed: 0, reserved: 0 }]));
    if (!offerIds.length) return use;
    const rows: { offer_id: string; redeemed: number; reserved: number }[] = await em.query(
      `SELECT offer_id,
              count(*) FILTER (WHERE status = 'redeemed')::int AS redeemed,
              count(*) FILTER (WHERE status = 'reserved' AND reserved_until > $2)::int AS reserved
         FROM offer_redemptions WHERE offer_id = ANY($1::uuid[]) AND status <> 'released' GROUP BY offer_id`,
      [offerIds, now],
    );
    for (const r of rows) use.set(r.offer_id, { redeemed: r.redeemed, reserved: r.reserved });
    return use;
  }

  /** Whether the user already redeemed (or holds a reservation of) this offer. */
  async usedBy(offerId: string, userId: string, now: Date, em: EntityManager = this.manager): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `SELECT 1 FROM offer_redemptions WHERE offer_id = $1 AND user_id = $2
          AND (status = 'redeemed' OR (status = 'reserved' AND reserved_until > $3)) LIMIT 1`,
      [offerId, userId, now],
    );
    return rows.length > 0;
  }

  async reserve(em: EntityManager, offerId: string, userId: string, reservedUntil: Date): Promise<string> {
    const row = await em.save(em.create(OfferRedemptionRow, { offerId, userId, status: 'reserved', reservedUntil }));
    return row.id;
  }

  async attachSession(reservationId: string, checkoutSessionId: string, em: EntityManager = this.manager): Promise<void> {
    await em.update(OfferRedemptionRow, { id: reservationId }, { checkoutSessionId });
  }

  async release(reservationId: string, em: EntityManager = this.manager): Promise<void> {
    await em.update(OfferRedemptionRow, { id: reservationId, status: 'reserved' }, { status: 'released' });
  }

  /** An expired Checkout Session gives its reservation back (a redeemed one stays redeemed). */
  async releaseSession(checkoutSessionId: string, em: EntityManager = this.manager): Promise<boolean> {
    const res = await em.update(OfferRedemptionRow, { checkoutSessionId, status: 'reserved' }, { status: 'released' });
    return (res.affected ?? 0) > 0;
  }

  /**
   * Records the subscription's redemption once: the user's open reservation becomes it when there is one, else a new
   * row (a retention offer, or a reservation that lapsed before the webhook came). Under the offer's lock.
   */
  async redeem(em: EntityManager, offerId: string, userId: string, stripeSubscriptionId: string, now: Date): Promise<boolean> {
    await this.lock(em, offerId);
    const done: unknown[] = await em.query(`SELECT 1 FROM offer_redemptions WHERE offer_id = $1 AND stripe_subscription_id = $2`, [
      offerId,
      stripeSubscriptionId,
    ]);
    if (done.length) return false;
    const claimed: unknown[] = await em.query(
      `UPDATE offer_redemptions SET status = 'redeemed', stripe_subscription_id = $3, redeemed_at = $4
        WHERE id = (SELECT id FROM offer_redemptions WHERE offer_id = $1 AND user_id = $2 AND status = 'reserved'
                     ORDER BY created_at LIMIT 1)
        RETURNING id`,
      [offerId, userId, stripeSubscriptionId, now],
    );
    if (claimed.length === 0 || (Array.isArray(claimed[0]) && claimed[0].length === 0)) {
      await em.save(em.create(OfferRedemptionRow, { offerId, userId, status: 'redeemed', stripeSubscriptionId, redeemedAt: now }));
    }
    return true;
  }
}
