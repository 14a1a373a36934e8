/**
 * GST on tax-inclusive prices, in integer minor units (paise). Exact: BigInt throughout, so amounts up to 10^10 paise
 * times 10,000 never lose a digit. The parts always add up to the amount: gst is what is left after the taxable
 * value, and SGST is what is left after CGST.
 */

export interface InclusiveTax {
  taxable: number;
  gst: number;
}

export interface GstSplit extends InclusiveTax {
  cgst: number;
  sgst: number;
  igst: number;
}

/** A rate as basis points (18 → 1800, 0.25 → 25): rates have at most two decimals. */
function rateBasisPoints(ratePercent: number): bigint {
  const bp = Math.round(ratePercent * 100);
  if (!Number.isFinite(ratePercent) || ratePercent < 0 || Math.abs(bp - ratePercent * 100) > 1e-6) {
    throw new RangeError(`GST rate ${ratePercent} is not a percentage with at most two decimals`);
  }
  return BigInt(bp);
}

/** taxable = amount × 100 / (100 + rate), rounded half-up to the paisa; gst = amount − taxable. */
export function inclusiveTax(amountMinor: number, ratePercent: number): InclusiveTax {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) throw new RangeError(`Amount ${amountMinor} is not a whole number of minor units`);
  const amount = BigInt(amountMinor);
  const num = amount * 10_000n;
  const den = 10_000n + rateBasisPoints(ratePercent);
  // Half-up: floor((2·num + den) / (2·den)); both are non-negative.
  const taxable = (2n * num + den) / (2n * den);
  return { taxable: Number(taxable), gst: Number(amount - taxable) };
}

/** Intra-state supply: CGST = floor(gst / 2) and SGST the rest; inter-state: IGST = gst. */
export function splitGst(amountMinor: number, ratePercent: number, intraState: boolean): GstSplit {
  const { taxable, gst } = inclusiveTax(amountMinor, ratePercent);
  if (!intraState) return { taxable, gst, cgst: 0, sgst: 0, igst: gst };
  const cgst = Math.floor(gst / 2);
  return { taxable, gst, cgst, sgst: gst - cgst, igst: 0 };
}

/** "18", "0.25", "2.5": a rate as printed, without trailing zeros. */
export function formatRate(ratePercent: number): string {
  return String(Number(ratePercent.toFixed(2)));
}

/** "incl. 18% GST". */
export function inclusiveLabel(ratePercent: number): string {
  return `incl. ${formatRate(ratePercent)}% GST`;
}

/** Place of supply for an online subscription: the reader's state when known, else the supplier's. */
export function placeOfSupply(readerStateCode: string | null | undefined, supplierStateCode: string): string {
  return readerStateCode || supplierStateCode;
}
