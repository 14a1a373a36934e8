import type { PlanTaxResponseDto } from '../catalog/catalog.dto';
import type { TaxablePrice } from '../catalog/plan-tax';
import { money } from '../common/money';
import { inclusiveLabel, inclusiveTax } from './domain/gst-maths';
import { stateName } from './domain/gstin';
import type { BillingDetails } from './billing-details.entity';
import type { TaxInvoice } from './tax-invoice.entity';
import type { TaxSettings } from './tax-settings.entity';
import type { BillingDetailsResponseDto, TaxInvoiceResponseDto, TaxSettingsResponseDto } from './tax.dto';

// Entity → response mapping for the tax routes, and the GST shown on each plan.

/** GST is charged in rupees: a plan priced in another currency shows none. */
const GST_CURRENCY = 'INR';

export const ratePercentOf = (rateBp: number): number => rateBp / 100;

/** The GST inside a plan's tax-inclusive price, or null for a price in another currency. */
export function planTaxView(price: TaxablePrice, ratePercent: number): PlanTaxResponseDto | null {
  if (price.currency !== GST_CURRENCY) return null;
  const { taxable, gst } = inclusiveTax(price.amountMinor, ratePercent);
  return {
    inclusive: true,
    ratePercent,
    taxable: money(taxable, price.currency),
    gst: money(gst, price.currency),
    label: inclusiveLabel(ratePercent),
  };
}

export function toTaxSettingsView(s: TaxSettings): TaxSettingsResponseDto {
  return {
    gstin: s.gstin,
    legalName: s.legalName,
    address: s.address,
    stateCode: s.stateCode,
    stateName: stateName(s.stateCode),
    ratePercent: ratePercentOf(s.rateBp),
    sacCode: s.sacCode,
    invoicePrefix: s.invoicePrefix,
    updatedAt: s.updatedAt.toISOString(),
  };
}

export function toBillingDetailsView(d: BillingDetails): BillingDetailsResponseDto {
  return { userId: d.userId, name: d.name, stateCode: d.stateCode, gstin: d.gstin, address: d.address, updatedAt: d.updatedAt.toISOString() };
}

/** The API shape; `originalNumber` is the corrected invoice's number on a credit note. */
export function toTaxInvoiceView(t: TaxInvoice, originalNumber: string | null): TaxInvoiceResponseDto {
  return {
    id: t.id,
    kind: t.kind,
    number: t.number,
    issuedAt: t.issuedAt.toISOString(),
    financialYear: t.financialYear,
    stripeInvoiceId: t.stripeInvoiceId,
    userId: t.userId,
    supplier: { gstin: t.supplierGstin, legalName: t.supplierLegalName, address: t.supplierAddress, stateCode: t.supplierStateCode },
    recipient: { name: t.recipientName, gstin: t.recipientGstin, stateCode: t.recipientStateCode },
    placeOfSupply: t.placeOfSupply,
    sacCode: t.sacCode,
    ratePercent: ratePercentOf(t.rateBp),
    description: t.description,
    originalNumber,
    taxable: money(t.taxableMinor, t.currency),
    cgst: money(t.cgstMinor, t.currency),
    sgst: money(t.sgstMinor, t.currency),
    igst: money(t.igstMinor, t.currency),
    total: money(t.totalMinor, t.currency),
  };
}
