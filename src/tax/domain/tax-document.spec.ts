import { decimalRupees, documentNumber, GSTR1_HEADER, gstr1Csv, seriesOf } from './tax-document';

describe('documentNumber', () => {
  it.each([
    ['TG', 'invoice', '2026-27', 1, 'TG/2026-27/000001'],
    ['TG', 'credit_note', '2026-27', 12, 'TG-CN/2026-27/000012'],
    ['INV', 'invoice', '2027-28', 999_999, 'INV/2027-28/999999'],
    ['INV', 'invoice', '2027-28', 1_000_000, 'INV/2027-28/1000000'],
  ] as const)('%s %s %s %i → %s', (prefix, kind, fy, seq, number) => {
    expect(documentNumber(prefix, kind, fy, seq)).toBe(number);
  });

  it('numbers a document in the series of the financial year it is issued in', () => {
    expect(seriesOf('invoice', new Date('2027-03-31T23:59:00+05:30'))).toEqual({ kind: 'invoice', financialYear: '2026-27' });
    expect(seriesOf('credit_note', new Date('2027-04-01T00:00:00+05:30'))).toEqual({ kind: 'credit_note', financialYear: '2027-28' });
  });
});

describe('gstr1Csv', () => {
  it.each([
    [123_456, '1234.56'],
    [5, '0.05'],
    [0, '0.00'],
    [-5_000, '-50.00'],
    [10_000_000_000, '100000000.00'],
  ])('%i paise → %s', (minor, text) => {
    expect(decimalRupees(minor)).toBe(text);
  });

  it('writes one row per document, credit notes negative, place of supply as GSTR-1 names it', () => {
    const csv = gstr1Csv([
      {
        kind: 'invoice',
        number: 'TG/2026-27/000001',
        issuedAt: new Date('2026-12-05T10:00:00Z'),
        recipientGstin: '29AAGCB7383J1Z4',
        placeOfSupply: '29',
        taxableMinor: 76_271,
        cgstMinor: 0,
        sgstMinor: 0,
        igstMinor: 13_729,
        totalMinor: 90_000,
      },
      {
        kind: 'credit_note',
        number: 'TG-CN/2026-27/000001',
        issuedAt: new Date('2026-12-06T20:00:00Z'),
        recipientGstin: null,
        placeOfSupply: '27',
        taxableMinor: 50_000,
        cgstMinor: 4_500,
        sgstMinor: 4_500,
        igstMinor: 0,
        totalMinor: 59_000,
      },
    ]);
    expect(csv.split('\r\n')).toEqual([
      GSTR1_HEADER.join(','),
      'TG/2026-27/000001,05-Dec-2026,29AAGCB7383J1Z4,29-Karnataka,762.71,0.00,0.00,137.29,900.00',
      'TG-CN/2026-27/000001,07-Dec-2026,,27-Maharashtra,-500.00,-45.00,-45.00,0.00,-590.00',
      '',
    ]);
  });

  it('quotes a field holding a comma', () => {
    expect(gstr1Csv([]).split('\r\n')[0]).toBe(GSTR1_HEADER.join(','));
    const row = gstr1Csv([
      {
        kind: 'invoice',
        number: 'A,B',
        issuedAt: new Date('2026-12-05T10:00:00Z'),
        recipientGstin: null,
        placeOfSupply: '26',
        taxableMinor: 1,
        cgstMinor: 0,
        sgstMinor: 0,
        igstMinor: 0,
        totalMinor: 1,
      },
    ]).split('\r\n')[1];
    expect(row).toBe('"A,B",05-Dec-2026,,26-Dadra and Nagar Haveli and Daman and Diu,0.01,0.00,0.00,0.00,0.01');
  });
});
