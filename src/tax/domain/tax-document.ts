/** Tax documents: a tax invoice for a payment, a credit note for a refund; how they are numbered and exported. */
import { financialYear, indianDate } from './financial-year';
import { stateName } from './gstin';

export type TaxDocumentKind = 'invoice' | 'credit_note';

/**
 * `TG/2026-27/000001` for an invoice, `TG-CN/2026-27/000001` for a credit note: one gap-free series per kind and
 * financial year. Six digits at least; a seventh appears past 999,999 rather than wrapping.
 */
export function documentNumber(prefix: string, kind: TaxDocumentKind, fy: string, seq: number): string {
  return `${kind === 'credit_note' ? `${prefix}-CN` : prefix}/${fy}/${String(seq).padStart(6, '0')}`;
}

/** The series a document issued at `at` is numbered in. */
export function seriesOf(kind: TaxDocumentKind, at: Date): { kind: TaxDocumentKind; financialYear: string } {
  return { kind, financialYear: financialYear(at) };
}

/** One document as the GSTR-1 export needs it (amounts in paise, positive). */
export interface Gstr1Document {
  kind: TaxDocumentKind;
  number: string;
  issuedAt: Date;
  recipientGstin: string | null;
  placeOfSupply: string;
  taxableMinor: number;
  cgstMinor: number;
  sgstMinor: number;
  igstMinor: number;
  totalMinor: number;
}

export const GSTR1_HEADER = [
  'Document number',
  'Document date',
  'Recipient GSTIN',
  'Place of supply',
  'Taxable value',
  'CGST',
  'SGST',
  'IGST',
  'Total',
];

/** Paise as the return's plain decimal rupees: 123456 → "1234.56", −5000 → "-50.00". */
export function decimalRupees(minor: number): string {
  const abs = BigInt(Math.abs(minor));
  return `${minor < 0 ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The GSTR-1 rows, one per document, as CSV (CRLF, RFC 4180). A credit note's amounts are negative, so the columns
 * add up to the net tax of the period; its number (`…-CN/…`) marks it too. Place of supply as GSTR-1 writes it:
 * `27-Maharashtra`.
 */
export function gstr1Csv(documents: Gstr1Document[]): string {
  const rows = documents.map((d) => {
    const sign = d.kind === 'credit_note' ? -1 : 1;
    const amount = (minor: number) => decimalRupees(sign * minor);
    return [
      d.number,
      indianDate(d.issuedAt),
      d.recipientGstin ?? '',
      `${d.placeOfSupply}-${stateName(d.placeOfSupply)}`,
      amount(d.taxableMinor),
      amount(d.cgstMinor),
      amount(d.sgstMinor),
      amount(d.igstMinor),
      amount(d.totalMinor),
    ];
  });
  return [GSTR1_HEADER, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** The publisher's own series prefix: 1-10 capitals or digits. */
export const INVOICE_PREFIX_PATTERN = /^[A-Z0-9]{1,10}$/;

/** A Services Accounting Code: six digits, chapter 99. */
export const SAC_CODE_PATTERN = /^99[0-9]{4}$/;

/** GST on online newspapers and periodicals. */
export const DEFAULT_RATE_PERCENT = 18;

/** Online text-based information such as online newspapers and periodicals. */
export const DEFAULT_SAC_CODE = '998431';
