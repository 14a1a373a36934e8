import type { TestApp } from './test-app';

/** A valid GST registration in Maharashtra (27). */
export const PUBLISHER = {
  gstin: '27AAPFU0939F1ZV',
  legalName: 'Tollgate News Private Limited',
  address: '1 Marine Drive, Mumbai 400020',
  stateCode: '27',
  invoicePrefix: 'TG',
};

/** A business reader in Karnataka (29): inter-state from the publisher. */
export const KARNATAKA_BUSINESS = { name: 'Acme Research LLP', stateCode: '29', gstin: '29AAGCB7383J1Z4', address: '12 MG Road, Bengaluru 560001' };

export async function setTaxSettings(t: TestApp, body: object = PUBLISHER): Promise<void> {
  await t.http.put('/v1/admin/tax-settings').set('Authorization', t.bearer(t.adminKey)).send(body).expect(200);
}

export async function setBillingDetails(t: TestApp, userId: string, body: object): Promise<void> {
  await t.http
    .put(`/v1/users/${encodeURIComponent(userId)}/billing-details`)
    .set('Authorization', t.bearer(t.paywallKey))
    .send(body)
    .expect(200);
}

/** A tax document as the API shows it (the fields tests read). */
export interface TaxDoc {
  id: string;
  kind: 'invoice' | 'credit_note';
  number: string;
  issuedAt: string;
  financialYear: string;
  stripeInvoiceId: string;
  userId: string | null;
  originalNumber: string | null;
  placeOfSupply: string;
  recipient: { name: string | null; gstin: string | null; stateCode: string | null };
  supplier: { gstin: string };
  description: string;
  taxable: { amountMinor: number };
  cgst: { amountMinor: number };
  sgst: { amountMinor: number };
  igst: { amountMinor: number };
  total: { amountMinor: number };
}

export async function taxInvoicesOf(t: TestApp, userId: string): Promise<TaxDoc[]> {
  const res = await t.http
    .get(`/v1/users/${encodeURIComponent(userId)}/tax-invoices`)
    .set('Authorization', t.bearer(t.paywallKey))
    .expect(200);
  return res.body.taxInvoices;
}
