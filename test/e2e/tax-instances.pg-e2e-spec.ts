import { financialYear } from '../../src/tax/domain/financial-year';
import type { FakeStripe, StripeObj } from '../support/fake-stripe';
import { postEvent } from '../support/stripe-webhooks';
import { setTaxSettings } from '../support/tax';
import type { TestApp } from '../support/test-app';
import { startTwoInstances, type TwoInstances } from '../support/two-instances';

// Two service instances on one PostgreSQL database and one Stripe: tax invoice numbers come from the database (a
// counter row locked in the issuing transaction, one tax invoice per Stripe invoice), not from either instance.
describe('tax invoice numbers across two instances', () => {
  let two: TwoInstances;
  let fake: FakeStripe;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    two = await startTwoInstances({ stripe: true });
    ({ a, b, fake } = two);
  });
  afterAll(() => two?.close());

  it('20 distinct invoice.paid events plus five concurrent copies of one, over both instances, are numbered 1 to 20, each once', async () => {
    await setTaxSettings(a);
    const price = fake.createRecurringPrice({ amount: 90_000, months: 3, lookupKey: 'smart_quarterly' });
    const paid: StripeObj[] = [];
    for (let i = 0; i < 20; i++) {
      const { events } = fake.createExternalSubscription(price.id);
      paid.push(events.find((e) => e.type === 'invoice.paid')!);
    }
    fake.takeEvents();
    const copies = Array<StripeObj>(5).fill(paid[7]);
    // Another event naming an invoice already named (Stripe sends invoice.payment_succeeded with invoice.paid).
    const sameInvoice = { ...paid[3], id: `${paid[3].id}_succeeded`, type: 'invoice.payment_succeeded' };
    const deliveries = [...paid, ...copies, sameInvoice];
    const results = await Promise.all(deliveries.map((event, i) => postEvent(i % 2 ? a : b, fake, event)));
    expect(results.map((r) => r.status)).toEqual(deliveries.map(() => 200));

    const rows: { seq: number; number: string; stripe_invoice_id: string }[] = await a.dataSource.query(
      `SELECT seq, number, stripe_invoice_id FROM tax_invoices WHERE kind = 'invoice' ORDER BY seq`,
    );
    const fy = financialYear(new Date(fake.now() * 1000));
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(rows.map((r) => r.number)).toEqual(rows.map((r) => `TG/${fy}/${String(r.seq).padStart(6, '0')}`));
    expect(new Set(rows.map((r) => r.stripe_invoice_id))).toEqual(new Set(paid.map((e) => e.data.object.id)));
    const [counter] = await a.dataSource.query(`SELECT last_seq FROM tax_invoice_counters WHERE kind = 'invoice'`);
    expect(counter.last_seq).toBe(20);
  });
});
