import { readFileSync } from 'node:fs';
import type PDFKitDocument from 'pdfkit';
import { formatMinorFixed } from '../common/money';
import { rupeesInWords } from './domain/amount-in-words';
import { indianDate } from './domain/financial-year';
import { formatRate } from './domain/gst-maths';
import { stateName } from './domain/gstin';
import type { TaxInvoice } from './tax-invoice.entity';

interface PdfKit {
  PDFDocument: typeof PDFKitDocument;
  fonts: { regular: Buffer; bold: Buffer };
}

let pdfKit: Promise<PdfKit> | undefined;

/**
 * pdfkit and the fonts, loaded on the first PDF, not at boot: they cost ~20 MB of RSS in every instance, most of
 * which never renders a PDF. DejaVu Sans is embedded (subset) in every PDF: it has the rupee sign U+20B9, which none
 * of the 14 standard PDF fonts has. Read once from the npm package, never fetched.
 */
function loadPdfKit(): Promise<PdfKit> {
  pdfKit ??= import('pdfkit').then((m) => ({
    PDFDocument: m.default,
    fonts: {
      regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
      bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
    },
  }));
  return pdfKit;
}

const PAGE = { width: 595.28, margin: 40 };
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
const INK = '#111111';
const MUTED = '#555555';
const RULE = '#999999';
const SHADE = '#eeeeee';

/** A tax invoice or credit note as its PDF shows it. */
export interface TaxDocumentPdfInput {
  document: TaxInvoice;
  /** On a credit note: the number of the tax invoice it corrects. */
  originalNumber: string | null;
}

const place = (code: string) => `${stateName(code)} (${code})`;

/** A thin grey line from x to the right margin. */
function rule(doc: PDFKit.PDFDocument, x: number, y: number): void {
  doc
    .moveTo(x, y)
    .lineTo(PAGE.margin + CONTENT_WIDTH, y)
    .strokeColor(RULE)
    .lineWidth(0.8)
    .stroke();
}

/** Renders the document as an A4 PDF, laid out as Indian GST rules ask of a tax invoice (rule 46) or credit note. */
export async function renderTaxDocumentPdf({ document: d, originalNumber }: TaxDocumentPdfInput): Promise<Buffer> {
  const { PDFDocument, fonts } = await loadPdfKit();
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    info: { Title: `${d.kind === 'credit_note' ? 'Credit Note' : 'Tax Invoice'} ${d.number}`, Author: d.supplierLegalName },
  });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const money = (minor: number) => formatMinorFixed(minor, d.currency);
  const intra = d.igstMinor === 0 && d.placeOfSupply === d.supplierStateCode;
  const rate = d.rateBp / 100;
  const left = PAGE.margin;
  const half = CONTENT_WIDTH / 2;

  // Title
  doc
    .fillColor(INK)
    .font('bold')
    .fontSize(20)
    .text(d.kind === 'credit_note' ? 'Credit Note' : 'Tax Invoice', left, PAGE.margin);
  doc
    .font('regular')
    .fontSize(8)
    .fillColor(MUTED)
    .text('Original for recipient', left, PAGE.margin + 8, { width: CONTENT_WIDTH, align: 'right' });
  rule(doc, left, 70);

  // Supplier (left) and document details (right)
  let y = 82;
  doc
    .fillColor(INK)
    .font('bold')
    .fontSize(11)
    .text(d.supplierLegalName, left, y, { width: half - 10 });
  doc
    .font('regular')
    .fontSize(9)
    .text(d.supplierAddress, { width: half - 10 });
  doc.text(`GSTIN: ${d.supplierGstin}`, { width: half - 10 });
  doc.text(`State: ${place(d.supplierStateCode)}`, { width: half - 10 });
  const supplierBottom = doc.y;

  const details: [string, string][] = [
    [d.kind === 'credit_note' ? 'Credit note no.' : 'Invoice no.', d.number],
    ['Date', indianDate(d.issuedAt)],
    ...(originalNumber ? ([['Against invoice', originalNumber]] as [string, string][]) : []),
    ['Place of supply', place(d.placeOfSupply)],
    ['Reverse charge', 'No'],
  ];
  let dy = y;
  for (const [label, value] of details) {
    doc
      .font('regular')
      .fontSize(9)
      .fillColor(MUTED)
      .text(label, left + half + 10, dy, { width: 90 });
    doc
      .font('bold')
      .fillColor(INK)
      .text(value, left + half + 100, dy, { width: half - 100 });
    dy = doc.y + 3;
  }
  y = Math.max(supplierBottom, dy) + 14;

  // Recipient
  doc.font('bold').fontSize(9).fillColor(MUTED).text('BILL TO', left, y);
  doc
    .fillColor(INK)
    .fontSize(10)
    .text(d.recipientName ?? 'Reader (no billing details given)', left, doc.y + 2, { width: CONTENT_WIDTH });
  doc.font('regular').fontSize(9);
  if (d.recipientAddress) doc.text(d.recipientAddress, { width: CONTENT_WIDTH });
  doc.text(d.recipientGstin ? `GSTIN: ${d.recipientGstin}` : 'GSTIN: unregistered (B2C)', { width: CONTENT_WIDTH });
  if (d.recipientStateCode) doc.text(`State: ${place(d.recipientStateCode)}`, { width: CONTENT_WIDTH });
  y = doc.y + 16;

  // Line table
  const taxHeads: [string, number][] = intra
    ? [
        [`CGST @ ${formatRate(rate / 2)}%`, d.cgstMinor],
        [`SGST @ ${formatRate(rate / 2)}%`, d.sgstMinor],
      ]
    : [[`IGST @ ${formatRate(rate)}%`, d.igstMinor]];
  // Money columns are wide enough for ₹10,00,00,000.00 (the largest amount the API takes) on one line; the
  // description gets what is left.
  const AMOUNT = 90;
  const taxWidth = intra ? 72 : 80;
  const descriptionWidth = CONTENT_WIDTH - 16 - 44 - AMOUNT * 2 - taxWidth * taxHeads.length;
  const columns: { title: string; width: number; align: 'left' | 'right' | 'center'; value: string }[] = [
    { title: '#', width: 16, align: 'center', value: '1' },
    // The period on its own line: "05-Dec-2026" would otherwise break at its hyphens.
    { title: 'Description', width: descriptionWidth, align: 'left', value: d.description.replace(/, (\d\d-\w{3}-\d{4} to)/, '\n$1') },
    { title: 'SAC', width: 44, align: 'center', value: d.sacCode },
    { title: 'Taxable value', width: AMOUNT, align: 'right', value: money(d.taxableMinor) },
    ...taxHeads.map(([title, minor]) => ({ title, width: taxWidth, align: 'right' as const, value: money(minor) })),
    { title: 'Total', width: AMOUNT, align: 'right', value: money(d.totalMinor) },
  ];
  const pad = 5;
  doc.rect(left, y, CONTENT_WIDTH, 22).fill(SHADE);
  let x = left;
  doc.fillColor(INK).font('bold').fontSize(8);
  for (const c of columns) {
    doc.text(c.title, x + pad, y + 7, { width: c.width - 2 * pad, align: c.align });
    x += c.width;
  }
  y += 22;
  doc.font('regular').fontSize(8);
  const rowHeight = Math.max(...columns.map((c) => doc.heightOfString(c.value, { width: c.width - 2 * pad }))) + 2 * pad + 2;
  x = left;
  for (const c of columns) {
    doc.text(c.value, x + pad, y + pad + 1, { width: c.width - 2 * pad, align: c.align });
    x += c.width;
  }
  y += rowHeight;
  rule(doc, left, y);

  // Totals
  y += 10;
  const totals: [string, number, boolean][] = [
    ['Taxable value', d.taxableMinor, false],
    ...taxHeads.map(([title, minor]): [string, number, boolean] => [title, minor, false]),
    [d.kind === 'credit_note' ? 'Total credit' : 'Total (incl. GST)', d.totalMinor, true],
  ];
  const labelX = left + CONTENT_WIDTH - 260;
  for (const [label, minor, strong] of totals) {
    if (strong) {
      rule(doc, labelX, y);
      y += 5;
    }
    doc
      .font(strong ? 'bold' : 'regular')
      .fontSize(strong ? 11 : 9)
      .fillColor(INK);
    doc.text(label, labelX, y, { width: 150 });
    doc.text(money(minor), labelX + 150, y, { width: 110, align: 'right' });
    y = doc.y + 4;
  }

  // Amount in words, notes and signature
  y += 8;
  doc.font('regular').fontSize(9).fillColor(MUTED).text('Amount in words', left, y);
  doc
    .font('bold')
    .fillColor(INK)
    .text(rupeesInWords(d.totalMinor), left, doc.y + 2, { width: CONTENT_WIDTH });
  y = doc.y + 18;
  doc.font('regular').fontSize(8).fillColor(MUTED);
  doc.text(
    `Prices include GST at ${formatRate(rate)}%. Tax is not payable on reverse charge. ` +
      (d.kind === 'credit_note' ? 'Issued for a refund of the payment for the invoice above.' : 'Paid online.'),
    left,
    y,
    { width: half },
  );
  doc
    .font('bold')
    .fontSize(9)
    .fillColor(INK)
    .text(`For ${d.supplierLegalName}`, left + half + 10, y, { width: half - 10, align: 'right' });
  doc
    .font('regular')
    .fontSize(8)
    .fillColor(MUTED)
    .text('Authorised signatory (computer-generated; no signature needed)', left + half + 10, doc.y + 22, {
      width: half - 10,
      align: 'right',
    });
  doc.end();
  return done;
}
