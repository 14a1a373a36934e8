import { writeFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import { pdfText } from '../../test/support/pdf-text';
import { renderTaxDocumentPdf } from './tax-invoice-pdf';
import type { TaxInvoice } from './tax-invoice.entity';

const base: TaxInvoice = {
  id: '00000000-0000-4000-8000-000000000001',
  kind: 'invoice',
  number: 'TG/2026-27/000042',
  financialYear: '2026-27',
  seq: 42,
  issuedAt: new Date('2026-12-05T10:00:00Z'),
  userId: 'auth0|abc123',
  stripeInvoiceId: 'in_test',
  stripeRefundId: null,
  originalId: null,
  supplierGstin: '27AAPFU0939F1ZV',
  supplierLegalName: 'Tollgate News Private Limited',
  supplierAddress: '1 Marine Drive, Mumbai 400020',
  supplierStateCode: '27',
  recipientName: 'Acme Research LLP',
  recipientGstin: '29AAGCB7383J1Z4',
  recipientStateCode: '29',
  recipientAddress: '12 MG Road, Bengaluru 560001',
  placeOfSupply: '29',
  sacCode: '998431',
  rateBp: 1800,
  description: 'Smart Essential subscription, 05-Dec-2026 to 05-Dec-2027',
  currency: 'INR',
  taxableMinor: 104_618_644,
  cgstMinor: 0,
  sgstMinor: 0,
  igstMinor: 18_831_356,
  totalMinor: 123_450_000,
  createdAt: new Date('2026-12-05T10:00:01Z'),
};

describe('renderTaxDocumentPdf', () => {
  it('embeds a font that has the rupee sign', () => {
    const font = fontkit.openSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')) as fontkit.Font;
    expect(font.hasGlyphForCodePoint(0x20b9)).toBe(true);
  });

  it('prints an inter-state tax invoice: parties, number, SAC, place of supply, IGST, every amount in Indian format', async () => {
    const pdf = await renderTaxDocumentPdf({ document: base, originalNumber: null });
    if (process.env.TAX_PDF_OUT) writeFileSync(`${process.env.TAX_PDF_OUT}/invoice-inter.pdf`, pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/FontFile2/); // the TrueType font is embedded
    const text = await pdfText(pdf);
    for (const s of [
      'Tax Invoice',
      'TG/2026-27/000042',
      '05-Dec-2026',
      '27AAPFU0939F1ZV',
      '29AAGCB7383J1Z4',
      '998431',
      'Karnataka (29)',
      'IGST @ 18%',
      '₹10,46,186.44',
      '₹1,88,313.56',
      '₹12,34,500.00',
      'Indian Rupees Twelve Lakh Thirty Four Thousand Five Hundred Only',
    ]) {
      expect(text).toContain(s);
    }
    expect(text).not.toContain('CGST');
    // Each amount whole on one line, in the line table and again in the totals.
    for (const amount of ['₹10,46,186.44', '₹1,88,313.56', '₹12,34,500.00']) expect(text.split(amount).length - 1).toBe(2);
  });

  it('prints an intra-state credit note with CGST and SGST at half the rate', async () => {
    const note: TaxInvoice = {
      ...base,
      kind: 'credit_note',
      number: 'TG-CN/2026-27/000001',
      recipientName: null,
      recipientGstin: null,
      recipientStateCode: null,
      recipientAddress: null,
      placeOfSupply: '27',
      taxableMinor: 76_271,
      cgstMinor: 6_864,
      sgstMinor: 6_865,
      igstMinor: 0,
      totalMinor: 90_000,
    };
    const pdf = await renderTaxDocumentPdf({ document: note, originalNumber: 'TG/2026-27/000042' });
    if (process.env.TAX_PDF_OUT) writeFileSync(`${process.env.TAX_PDF_OUT}/credit-note-intra.pdf`, pdf);
    const text = await pdfText(pdf);
    for (const s of [
      'Credit Note',
      'TG-CN/2026-27/000001',
      'TG/2026-27/000042',
      'Maharashtra (27)',
      'CGST @ 9%',
      'SGST @ 9%',
      '₹762.71',
      '₹68.64',
      '₹68.65',
      '₹900.00',
    ]) {
      expect(text).toContain(s);
    }
    expect(text).toContain('unregistered');
  });
});
