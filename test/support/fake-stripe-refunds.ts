/* Payments and refunds for FakeStripe: each paid invoice gets a PaymentIntent, its Charge and an invoice payment (the
 * only link from a charge back to its invoice in this API version), and a refund emits `charge.refunded`. FakeStripe
 * owns the invoices and the HTTP; it hands this what it needs (PaymentsHost). */
import type { StripeObj } from './fake-stripe';

export interface PaymentsHost {
  now(): number;
  id(prefix: string): string;
  refuse(status: number, message: string, code?: string): Error;
  emit(type: string, object: StripeObj): StripeObj;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export class FakePayments {
  readonly charges = new Map<string, StripeObj>();
  readonly refunds = new Map<string, StripeObj>();
  readonly invoicePayments = new Map<string, StripeObj>();
  /** The charge that paid each invoice, by invoice id. */
  private readonly chargeOfInvoice = new Map<string, string>();

  constructor(private readonly host: PaymentsHost) {}

  /** The invoice was just paid: its PaymentIntent succeeded with one charge. Nothing for an invoice of 0. */
  recordPayment(invoice: StripeObj): void {
    if (!(invoice.amount_paid > 0) || this.chargeOfInvoice.has(invoice.id)) return;
    const now = this.host.now();
    const paymentIntent = this.host.id('pi');
    const charge = {
      id: this.host.id('ch'),
      object: 'charge',
      amount: invoice.amount_paid,
      amount_captured: invoice.amount_paid,
      amount_refunded: 0,
      captured: true,
      created: now,
      currency: invoice.currency,
      customer: invoice.customer,
      livemode: false,
      metadata: {},
      paid: true,
      payment_intent: paymentIntent,
      refunded: false,
      status: 'succeeded',
    };
    this.charges.set(charge.id, charge);
    this.chargeOfInvoice.set(invoice.id, charge.id);
    const payment = {
      id: this.host.id('inpay'),
      object: 'invoice_payment',
      amount_paid: invoice.amount_paid,
      amount_requested: invoice.amount_paid,
      created: now,
      currency: invoice.currency,
      invoice: invoice.id,
      is_default: true,
      livemode: false,
      payment: { type: 'payment_intent', payment_intent: paymentIntent },
      status: 'paid',
      status_transitions: { canceled_at: null, paid_at: now },
    };
    this.invoicePayments.set(payment.id, payment);
  }

  /** Refunds part or all of what paid the invoice (the rest by default); emits charge.refunded with the charge. */
  refund(invoiceId: string, amount?: number): { refund: StripeObj; charge: StripeObj } {
    const chargeId = this.chargeOfInvoice.get(invoiceId);
    if (!chargeId) throw new Error(`fake: invoice ${invoiceId} has no charge to refund`);
    const charge = this.charges.get(chargeId)!;
    const left = charge.amount - charge.amount_refunded;
    const value = amount ?? left;
    if (!(value > 0 && value <= left)) throw this.host.refuse(400, `Refund amount (${value}) is greater than unrefunded amount on charge (${left})`);
    const refund = {
      id: this.host.id('re'),
      object: 'refund',
      amount: value,
      charge: charge.id,
      created: this.host.now(),
      currency: charge.currency,
      metadata: {},
      payment_intent: charge.payment_intent,
      reason: 'requested_by_customer',
      status: 'succeeded',
    };
    this.refunds.set(refund.id, refund);
    charge.amount_refunded += value;
    charge.refunded = charge.amount_refunded === charge.amount;
    this.host.emit('charge.refunded', charge);
    return { refund: clone(refund), charge: clone(charge) };
  }

  /** GET /v1/charges/:id */
  charge(id: string): StripeObj {
    const charge = this.charges.get(id);
    if (!charge) throw this.host.refuse(404, `No such charge: '${id}'`, 'resource_missing');
    return clone(charge);
  }

  /** GET /v1/refunds?charge= (newest first, as Stripe lists) */
  listRefunds(params: StripeObj): StripeObj[] {
    return [...this.refunds.values()].filter((r) => !params.charge || r.charge === params.charge).reverse();
  }

  /** GET /v1/invoice_payments?invoice=&payment[type]=&payment[payment_intent]= */
  listInvoicePayments(params: StripeObj): StripeObj[] {
    const pi = params.payment?.payment_intent;
    return [...this.invoicePayments.values()].filter(
      (p) => (!params.invoice || p.invoice === params.invoice) && (!pi || p.payment.payment_intent === pi),
    );
  }
}
