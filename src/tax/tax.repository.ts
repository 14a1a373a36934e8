import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { And, type EntityManager, LessThan, MoreThanOrEqual, Repository, type FindOperator } from 'typeorm';
import type { TaxDocumentKind } from './domain/tax-document';
import { TaxInvoice } from './tax-invoice.entity';

/** The queries of tax documents: numbering, lookups, listings. */
@Injectable()
export class TaxRepository {
  constructor(@InjectRepository(TaxInvoice) private readonly documents: Repository<TaxInvoice>) {}

  /**
   * The next number in a series, taken in the caller's transaction: the upsert locks the counter row until that
   * transaction ends, so concurrent issuers (on any instance) queue, and a rollback returns the number unused.
   */
  async nextSeq(em: EntityManager, kind: TaxDocumentKind, financialYear: string): Promise<number> {
    const rows: { last_seq: number }[] = await em.query(
      `INSERT INTO "tax_invoice_counters" ("kind", "financial_year", "last_seq") VALUES ($1, $2, 1)
       ON CONFLICT ("kind", "financial_year") DO UPDATE SET "last_seq" = "tax_invoice_counters"."last_seq" + 1
       RETURNING "last_seq"`,
      [kind, financialYear],
    );
    return rows[0].last_seq;
  }

  invoiceFor(em: EntityManager, stripeInvoiceId: string): Promise<TaxInvoice | null> {
    return em.findOne(TaxInvoice, { where: { kind: 'invoice', stripeInvoiceId } });
  }

  /** The Stripe refunds that already have their credit note, among these. */
  async refundsCredited(em: EntityManager, stripeInvoiceId: string): Promise<Set<string>> {
    const notes = await em.find(TaxInvoice, { where: { kind: 'credit_note', stripeInvoiceId }, select: { stripeRefundId: true } });
    return new Set(notes.map((n) => n.stripeRefundId!));
  }

  forUser(userId: string): Promise<TaxInvoice[]> {
    return this.documents.find({ where: { userId }, order: { issuedAt: 'DESC', number: 'DESC' } });
  }

  oneForUser(userId: string, id: string): Promise<TaxInvoice | null> {
    return this.documents.findOne({ where: { userId, id } });
  }

  byIds(ids: string[]): Promise<TaxInvoice[]> {
    return ids.length ? this.documents.find({ where: ids.map((id) => ({ id })) }) : Promise.resolve([]);
  }

  /** Documents issued in [from, to), oldest first (the order of a return). */
  inRange(from: Date | null, to: Date | null): Promise<TaxInvoice[]> {
    const bounds: FindOperator<Date>[] = [];
    if (from) bounds.push(MoreThanOrEqual(from));
    if (to) bounds.push(LessThan(to));
    return this.documents.find({
      where: bounds.length ? { issuedAt: bounds.length === 1 ? bounds[0] : And(...bounds) } : {},
      order: { issuedAt: 'ASC', kind: 'DESC', seq: 'ASC' },
    });
  }
}
