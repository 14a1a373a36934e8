import { financialYear } from '../../src/tax/domain/financial-year';
import type { FakeStripe } from '../support/fake-stripe';
import { pdfText } from '../support/pdf-text';
import { CHECKOUT_URLS, checkout, deliverAll, deliverPending, postEvent, useStripeTestApp } from '../support/stripe-webhooks';
import { KARNATAKA_BUSINESS, PUBLISHER, setBillingDetails, setTaxSettings, type TaxDoc, taxInvoicesOf } from '../support/tax';
import type { TestApp } from '../support/test-app';

describe('GST tax invoices and credit notes from Stripe webhooks', () => {
  const ctx = useStripeTestApp();
  let t: TestApp;
  let fake: FakeStripe;
  let fy: string;
  beforeAll(() => {
    ({ t, fake } = ctx);
    fy = financialYear(new Date(fake.now() * 1000));
  });

  const admin = () => t.bearer(t.adminKey);
  const paywall = () => t.bearer(t.paywallKey);
  const amounts = (d: TaxDoc) => ({
    taxable: d.taxable.amountMinor,
    cgst: d.cgst.amountMinor,
    sgst: d.sgst.amountMinor,
    igst: d.igst.amountMinor,
    total: d.total.amountMinor,
  });
  const allDocuments = async () =>
    (await t.http.get('/v1/admin/tax-invoices').set('Authorization', admin()).expect(200)).body.taxInvoices as TaxDoc[];

  it('issues nothing for an invoice paid before any tax settings', async () => {
    const { events } = await checkout(t, fake, 'early-bird');
    await deliverAll(t, fake, events);
    fake.takeEvents();
    expect(await taxInvoicesOf(t, 'early-bird')).toEqual([]);
  });

  it('invoice.paid → one tax invoice, inter-state (IGST) for a business reader in another state, even when delivered twice', async () => {
    await setTaxSettings(t);
    await setBillingDetails(t, 'auth0|ka', KARNATAKA_BUSINESS);
    const { invoice, events } = await checkout(t, fake, 'auth0|ka', { planCode: 'smart_quarterly' });
    await deliverAll(t, fake, events, 'twice');
    fake.takeEvents();
    const docs = await taxInvoicesOf(t, 'auth0|ka');
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({
      kind: 'invoice',
      number: `TG/${fy}/000001`,
      financialYear: fy,
      stripeInvoiceId: invoice.id,
      userId: 'auth0|ka',
      supplier: { gstin: PUBLISHER.gstin, legalName: PUBLISHER.legalName, address: PUBLISHER.address, stateCode: '27' },
      recipient: { name: KARNATAKA_BUSINESS.name, gstin: KARNATAKA_BUSINESS.gstin, stateCode: '29' },
      placeOfSupply: '29',
      sacCode: '998431',
      ratePercent: 18,
      originalNumber: null,
      total: { amountMinor: 90_000, currency: 'INR', formatted: '₹900' },
    });
    expect(docs[0].description).toMatch(/^Smart Quarterly subscription, \d\d-\w{3}-\d{4} to \d\d-\w{3}-\d{4}$/);
    expect(amounts(docs[0])).toEqual({ taxable: 76_271, cgst: 0, sgst: 0, igst: 13_729, total: 90_000 });
    expect(docs[0].issuedAt).toBe(new Date(invoice.status_transitions.paid_at * 1000).toISOString());
    const one = await t.http.get(`/v1/users/auth0%7Cka/tax-invoices/${docs[0].id}`).set('Authorization', paywall()).expect(200);
    expect(one.body).toEqual(docs[0]);
  });

  it('intra-state for a reader without billing details: CGST = floor(gst / 2), SGST the rest, no GSTIN; the recipient is a snapshot', async () => {
    const { events } = await checkout(t, fake, 'reader-mh', { planCode: 'smart_quarterly' });
    await deliverAll(t, fake, events);
    fake.takeEvents();
    const [doc] = await taxInvoicesOf(t, 'reader-mh');
    expect(doc).toMatchObject({ number: `TG/${fy}/000002`, placeOfSupply: '27', recipient: { name: null, gstin: null, stateCode: null } });
    expect(amounts(doc)).toEqual({ taxable: 76_271, cgst: 6_864, sgst: 6_865, igst: 0, total: 90_000 });
    // Details given later do not rewrite the issued document.
    await setBillingDetails(t, 'reader-mh', { name: 'Late Reader', stateCode: '29' });
    expect((await taxInvoicesOf(t, 'reader-mh'))[0]).toEqual(doc);
  });

  it('an offer-discounted invoice is taxed on what was paid', async () => {
    await t.http
      .post('/v1/admin/offers')
      .set('Authorization', admin())
      .send({ code: 'half_year', name: 'Half off', kind: 'percent_off', percentOff: 50, introPeriods: 1, planCodes: ['smart_essential'] })
      .expect(201);
    const res = await t.http
      .post('/v1/users/offer-reader/checkout-sessions')
      .set('Authorization', paywall())
      .send({ planCode: 'smart_essential', offerCode: 'half_year', ...CHECKOUT_URLS })
      .expect(201);
    const { invoice } = fake.completeCheckout(res.body.id);
    expect(invoice.amount_paid).toBe(135_000);
    await deliverPending(t, fake);
    const [doc] = await taxInvoicesOf(t, 'offer-reader');
    // 135000 × 100 / 118 = 114406.78 → 114407; GST 20593 = 10296 + 10297.
    expect(amounts(doc)).toEqual({ taxable: 114_407, cgst: 10_296, sgst: 10_297, igst: 0, total: 135_000 });
    expect(doc.number).toBe(`TG/${fy}/000003`);
  });

  it('a renewal gets its own tax invoice, next in the series', async () => {
    const sub = (await t.dataSource.query(`SELECT stripe_subscription_id AS id FROM subscriptions WHERE user_id = 'auth0|ka'`))[0].id;
    const { events } = fake.renew(sub);
    await deliverAll(t, fake, events);
    const docs = await taxInvoicesOf(t, 'auth0|ka');
    expect(docs.map((d) => d.number)).toEqual([`TG/${fy}/000004`, `TG/${fy}/000001`]);
  });

  it('charge.refunded → a credit note per refund, split like the invoice, numbered in its own series; a failed read answers 500 and the retry issues it', async () => {
    const [first] = (await taxInvoicesOf(t, 'auth0|ka')).filter((d) => d.number.endsWith('000001'));
    const partial = fake.refund(first.stripeInvoiceId, 30_000);
    fake.failing = true;
    const failed = await postEvent(t, fake, partial.events[0]);
    expect(failed.status).toBe(500);
    fake.failing = false;
    expect((await taxInvoicesOf(t, 'auth0|ka')).filter((d) => d.kind === 'credit_note')).toEqual([]);
    await deliverAll(t, fake, partial.events, 'twice');
    const rest = fake.refund(first.stripeInvoiceId);
    await deliverAll(t, fake, rest.events);
    fake.takeEvents();
    const notes = (await taxInvoicesOf(t, 'auth0|ka')).filter((d) => d.kind === 'credit_note');
    expect(notes.map((n) => [n.number, n.originalNumber, n.placeOfSupply, n.recipient.gstin])).toEqual([
      [`TG-CN/${fy}/000002`, first.number, '29', KARNATAKA_BUSINESS.gstin],
      [`TG-CN/${fy}/000001`, first.number, '29', KARNATAKA_BUSINESS.gstin],
    ]);
    // 30000 × 100 / 118 = 25423.73 → 25424; the rest, 60000 → 50847.46 → 50847.
    expect(amounts(notes[1])).toEqual({ taxable: 25_424, cgst: 0, sgst: 0, igst: 4_576, total: 30_000 });
    expect(amounts(notes[0])).toEqual({ taxable: 50_847, cgst: 0, sgst: 0, igst: 9_153, total: 60_000 });
  });

  it('serves the PDF: number, both GSTINs, SAC, place of supply and every amount as printed in Indian format', async () => {
    const [doc] = (await taxInvoicesOf(t, 'auth0|ka')).filter((d) => d.number === `TG/${fy}/000001`);
    const res = await t.http
      .get(`/v1/users/auth0%7Cka/tax-invoices/${doc.id}/pdf`)
      .set('Authorization', paywall())
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(res.body as Buffer);
    for (const s of [
      doc.number,
      PUBLISHER.gstin,
      KARNATAKA_BUSINESS.gstin,
      '998431',
      'Karnataka (29)',
      '₹762.71',
      '₹137.29',
      '₹900.00',
      'IGST @ 18%',
    ]) {
      expect(text).toContain(s);
    }
  });

  it('404 TAX_INVOICE_NOT_FOUND for an unknown document, one of another reader, or an id that is no UUID; 400 for a bad user id', async () => {
    const [doc] = await taxInvoicesOf(t, 'auth0|ka');
    const other = await t.http.get(`/v1/users/reader-mh/tax-invoices/${doc.id}`).set('Authorization', paywall()).expect(404);
    expect(other.body.code).toBe('TAX_INVOICE_NOT_FOUND');
    await t.http.get(`/v1/users/reader-mh/tax-invoices/${doc.id}/pdf`).set('Authorization', paywall()).expect(404);
    expect((await t.http.get('/v1/users/reader-mh/tax-invoices/not-a-uuid').set('Authorization', paywall()).expect(404)).body.code).toBe(
      'TAX_INVOICE_NOT_FOUND',
    );
    expect((await t.http.get(`/v1/users/bad%20user/tax-invoices/${doc.id}`).set('Authorization', paywall()).expect(400)).body.code).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('lists a period for the GSTR-1 return: JSON, and CSV rows whose totals match the documents', async () => {
    const docs = await allDocuments();
    expect(docs.map((d) => d.number).sort()).toEqual(
      [1, 2, 3, 4]
        .map((n) => `TG/${fy}/00000${n}`)
        .concat([1, 2].map((n) => `TG-CN/${fy}/00000${n}`))
        .sort(),
    );
    const res = await t.http.get('/v1/admin/tax-invoices').set('Authorization', admin()).set('Accept', 'text/csv').expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const [header, ...rows] = (res.text as string).trimEnd().split('\r\n');
    expect(header).toBe('Document number,Document date,Recipient GSTIN,Place of supply,Taxable value,CGST,SGST,IGST,Total');
    expect(rows).toHaveLength(docs.length);
    const paise = (s: string) => Math.round(Number(s) * 100);
    const csvTotals = [4, 5, 6, 7, 8].map((col) => rows.reduce((sum, r) => sum + paise(r.split(',')[col]), 0));
    const sign = (d: TaxDoc) => (d.kind === 'credit_note' ? -1 : 1);
    const docTotals = (['taxable', 'cgst', 'sgst', 'igst', 'total'] as const).map((k) =>
      docs.reduce((sum, d) => sum + sign(d) * d[k].amountMinor, 0),
    );
    expect(csvTotals).toEqual(docTotals);
    const kaRow = rows.find((r) => r.startsWith(`TG/${fy}/000001,`))!;
    // Each document names its reader, so staff can open its PDF under /v1/users/{userId}.
    expect(docs.find((d) => d.number === `TG/${fy}/000001`)).toMatchObject({ userId: 'auth0|ka' });
    expect(kaRow.split(',').slice(2)).toEqual([KARNATAKA_BUSINESS.gstin, '29-Karnataka', '762.71', '0.00', '0.00', '137.29', '900.00']);

    // A range: nothing issued before the first document, nothing after now.
    const firstAt = docs.map((d) => d.issuedAt).sort()[0];
    const none = await t.http.get('/v1/admin/tax-invoices').query({ to: firstAt }).set('Authorization', admin()).expect(200);
    expect(none.body.taxInvoices).toEqual([]);
    const all = await t.http.get('/v1/admin/tax-invoices').query({ from: firstAt }).set('Authorization', admin()).expect(200);
    expect(all.body.taxInvoices).toHaveLength(docs.length);
    const bad = await t.http.get('/v1/admin/tax-invoices').query({ from: firstAt, to: firstAt }).set('Authorization', admin()).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    await t.http.get('/v1/admin/tax-invoices').query({ from: 'yesterday' }).set('Authorization', admin()).expect(400);
  });
});
