/// <reference lib="dom" />
// page.evaluate callbacks run in Chromium: they are typed against the DOM.
import { readFileSync } from 'node:fs';
import { financialYear } from '../../src/tax/domain/financial-year';
import { STATE_CODES, stateName } from '../../src/tax/domain/gstin';
import { BrowserHarness, startStripeBrowserHarness } from '../support/browser';
import { captureChecked } from '../support/browser-a11y';
import { fieldError, openPaywall, openSection, signIn } from '../support/browser-steps';
import type { FakeStripe } from '../support/fake-stripe';
import { checkout, deliverAll } from '../support/stripe-webhooks';
import { KARNATAKA_BUSINESS, PUBLISHER, setBillingDetails } from '../support/tax';

/**
 * GST in Chromium: staff set the publisher's GST registration on /admin (a wrong GSTIN is refused in plain words next
 * to its field), the tax invoices of paid Stripe invoices are listed for a period with each one's PDF and the GSTR-1
 * CSV (fetched with the key in a header, never in a URL), and /paywall says each price includes GST.
 */
describe('/admin Tax (GST) and the GST label on /paywall, in Chromium', () => {
  let b: BrowserHarness;
  let fake: FakeStripe;
  let close: () => Promise<void>;
  let fy: string;
  beforeAll(async () => {
    ({ b, fake, close } = await startStripeBrowserHarness());
    fy = financialYear(new Date(fake.now() * 1000));
  });
  afterAll(() => close?.());

  const form = () => b.page.getByRole('form', { name: 'GST registration' });
  const gstinError = () => fieldError(form(), 'gstin');
  /** Loads the section afresh (a goto to the hash it is on would not reload it). */
  const reopen = async () => {
    await b.page.reload();
    await openSection(b.page, b.baseUrl, 'tax', 'Tax (GST)');
  };
  const capture = async (name: string, navigation: number) => {
    await captureChecked(b, name, navigation);
    await b.page.setViewportSize({ width: 1280, height: 900 });
  };

  it('refuses a wrong GSTIN next to its field in plain words, writing nothing; then saves valid settings', async () => {
    const { page } = b;
    // Without tax settings the plans carry no GST label.
    await openPaywall(page, b.baseUrl);
    expect(await page.locator('li.plan-card .tax-label').count()).toBe(0);
    await signIn(page, b.baseUrl, b.t.adminKey);
    await openSection(page, b.baseUrl, 'tax', 'Tax (GST)');
    await page.getByText('Not set yet').waitFor();
    const f = form();
    // The state list is the service's: every GST state code with its name, in code order.
    const options = await f.getByLabel('State', { exact: true }).locator('option').allInnerTexts();
    expect(options.slice(1)).toEqual([...STATE_CODES].sort().map((c) => `${c} – ${stateName(c)}`));
    expect(await f.getByLabel('GST rate (%)').inputValue()).toBe('18');
    expect(await f.getByLabel('SAC').inputValue()).toBe('998431');

    await f.getByLabel('GSTIN').fill('27AAPFU0939F1ZW');
    await f.getByLabel('State', { exact: true }).selectOption('27');
    await f.getByLabel('Legal name').fill(PUBLISHER.legalName);
    await f.getByLabel('Address').fill(PUBLISHER.address);
    await f.getByLabel('Invoice prefix').fill(PUBLISHER.invoicePrefix);
    await f.getByRole('button', { name: 'Save tax settings' }).click();
    await gstinError().getByText('The GSTIN has a wrong check character (a typing mistake?) (INVALID_GSTIN)').waitFor();
    expect(await f.getByLabel('GSTIN').getAttribute('aria-invalid')).toBe('true');
    expect(await f.getByLabel('GSTIN').evaluate((el) => el === document.activeElement)).toBe(true);

    await f.getByLabel('GSTIN').fill(KARNATAKA_BUSINESS.gstin);
    await f.getByRole('button', { name: 'Save tax settings' }).click();
    await gstinError().getByText('The GSTIN starts with state code 29, not 27 (INVALID_GSTIN)').waitFor();
    await f.getByLabel('Invoice prefix').fill('tg/');
    await f.getByLabel('GSTIN').fill('27AAPFU0939F1ZV');
    await f.getByRole('button', { name: 'Save tax settings' }).click();
    await fieldError(f, 'invoicePrefix').getByText('The invoice prefix must be 1-10 capital letters or digits').waitFor();
    expect(await gstinError().innerText()).toBe('');
    expect((await b.t.dataSource.query('SELECT count(*)::int AS n FROM tax_settings'))[0].n).toBe(0);
    await f.getByLabel('GSTIN').fill('27AAPFU0939F1ZW');
    await f.getByLabel('Invoice prefix').fill(PUBLISHER.invoicePrefix);
    await f.getByRole('button', { name: 'Save tax settings' }).click();
    await gstinError().getByText('wrong check character').waitFor();
    await capture('admin-tax-settings', 1);

    // Typed in lower case with spaces, as it may be copied from a letter: sent as the GSTIN.
    await f.getByLabel('GSTIN').fill(' 27aapfu0939f1zv ');
    await f.getByRole('button', { name: 'Save tax settings' }).click();
    await page.getByText('Saved: GSTIN 27AAPFU0939F1ZV in Maharashtra, 18% GST, invoices numbered TG/…').waitFor();
    expect(await gstinError().innerText()).toBe('');
    expect(await b.t.dataSource.query('SELECT gstin, state_code AS "stateCode", invoice_prefix AS "invoicePrefix" FROM tax_settings')).toEqual([
      { gstin: PUBLISHER.gstin, stateCode: '27', invoicePrefix: 'TG' },
    ]);
    expect(await f.getByLabel('GSTIN').inputValue()).toBe(PUBLISHER.gstin);
    // Loaded back on the next visit.
    await reopen();
    expect(await form().getByLabel('GSTIN').inputValue()).toBe(PUBLISHER.gstin);
    expect(await form().getByLabel('State', { exact: true }).inputValue()).toBe('27');
  });

  it("lists this month's tax invoices of paid Stripe invoices, with a PDF per row and the GSTR-1 CSV, the key never in a URL", async () => {
    const { page } = b;
    await openSection(page, b.baseUrl, 'tax', 'Tax (GST)');
    await page.getByText('No tax invoices or credit notes were issued in this period.').waitFor();
    await setBillingDetails(b.t, 'auth0|ka', KARNATAKA_BUSINESS);
    await deliverAll(b.t, fake, (await checkout(b.t, fake, 'auth0|ka', { planCode: 'smart_quarterly' })).events);
    await deliverAll(b.t, fake, (await checkout(b.t, fake, 'reader-mh', { planCode: 'smart_quarterly' })).events);
    // A ₹300 refund on the first: a credit note against it.
    const [first] = await b.t.dataSource.query(`SELECT stripe_invoice_id AS id FROM tax_invoices WHERE number = $1`, [`TG/${fy}/000001`]);
    await deliverAll(b.t, fake, fake.refund(first.id, 30_000).events);

    await reopen();
    const row = (n: number) => page.locator(`table.tax-invoices tr[data-number="TG/${fy}/00000${n}"]`);
    const cells = async (n: number) => (await row(n).locator('td').allInnerTexts()).map((c) => c.trim());
    expect(await cells(1)).toEqual([
      `TG/${fy}/000001`,
      expect.stringMatching(/^\d\d \w{3} \d{4}$/),
      'Invoice',
      KARNATAKA_BUSINESS.name,
      KARNATAKA_BUSINESS.gstin,
      '29-Karnataka',
      '₹762.71',
      '₹0',
      '₹0',
      '₹137.29',
      '₹900',
      'PDF',
    ]);
    expect((await cells(2)).slice(2, 11)).toEqual([
      'Invoice',
      'Reader reader-mh',
      'unregistered',
      '27-Maharashtra',
      '₹762.71',
      '₹68.64',
      '₹68.65',
      '₹0',
      '₹900',
    ]);
    const note = (await page.locator(`table.tax-invoices tr[data-number="TG-CN/${fy}/000001"] td`).allInnerTexts()).map((c) => c.trim());
    expect(note[0].split('\n')).toEqual([`TG-CN/${fy}/000001`, `for TG/${fy}/000001`]);
    expect(note.slice(2, 11)).toEqual([
      'Credit note',
      KARNATAKA_BUSINESS.name,
      KARNATAKA_BUSINESS.gstin,
      '29-Karnataka',
      '₹254.24',
      '₹0',
      '₹0',
      '₹45.76',
      '₹300',
    ]);
    await capture('admin-tax-invoices', 1);
    // At phone width the table scrolls inside its own box, not the page.
    await page.setViewportSize({ width: 375, height: 900 });
    const wrap = page.locator('.table-wrap').filter({ has: page.locator('table.tax-invoices') });
    expect(await wrap.evaluate((el) => el.scrollWidth > el.clientWidth && getComputedStyle(el).overflowX === 'auto')).toBe(true);
    await page.setViewportSize({ width: 1280, height: 900 });

    const requests: { url: string; authorization?: string }[] = [];
    page.on('request', (r) => requests.push({ url: r.url(), authorization: r.headers().authorization }));
    const pdfResponse = page.waitForResponse((r) => r.url().endsWith('/pdf'));
    const pdfDownload = page.waitForEvent('download');
    await row(1)
      .getByRole('button', { name: `PDF of TG/${fy}/000001` })
      .click();
    const pdf = await pdfResponse;
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(pdf.url()).toContain('/v1/users/auth0%7Cka/tax-invoices/');
    const pdfFile = await pdfDownload;
    expect(pdfFile.suggestedFilename()).toBe(`TG-${fy}-000001.pdf`);
    expect(
      readFileSync(await pdfFile.path())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    const csvDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download GSTR-1 CSV' }).click();
    const csvFile = await csvDownload;
    expect(csvFile.suggestedFilename()).toMatch(/^gstr1-\d{4}-\d\d-01-to-\d{4}-\d\d-\d\d\.csv$/);
    const csv = readFileSync(await csvFile.path(), 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(csv[0]).toBe('Document number,Document date,Recipient GSTIN,Place of supply,Taxable value,CGST,SGST,IGST,Total');
    expect(csv.slice(1).map((r) => r.split(',').slice(2))).toEqual([
      [KARNATAKA_BUSINESS.gstin, '29-Karnataka', '762.71', '0.00', '0.00', '137.29', '900.00'],
      ['', '27-Maharashtra', '762.71', '68.64', '68.65', '0.00', '900.00'],
      [KARNATAKA_BUSINESS.gstin, '29-Karnataka', '-254.24', '0.00', '0.00', '-45.76', '-300.00'],
    ]);
    const fileFetches = requests.filter((r) => r.url.endsWith('/pdf') || r.url.includes('/v1/admin/tax-invoices'));
    expect(fileFetches).toHaveLength(2);
    for (const r of fileFetches) {
      expect(r.authorization).toBe(`Bearer ${b.t.adminKey}`);
      expect(r.url).not.toContain(b.t.adminKey);
    }

    // An end before the start is refused beside the end date; a range with nothing in it says so.
    await page.getByLabel('From').fill('2025-01-31');
    await page.getByLabel('To (inclusive)').fill('2025-01-01');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await fieldError(page, 'to').getByText('The end date must not be before the start date.').waitFor();
    await page.getByLabel('From').fill('2025-01-01');
    await page.getByLabel('To (inclusive)').fill('2025-01-31');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.getByText('No tax invoices or credit notes were issued in this period.').waitFor();
    expect(b.pageErrors).toEqual([]);
  });

  it('the paywall shows "incl. 18% GST" on each plan card', async () => {
    const { page } = b;
    await openPaywall(page, b.baseUrl);
    const cards = page.locator('li.plan-card');
    expect(await cards.count()).toBeGreaterThan(1);
    expect(await cards.locator('.tax-label').allInnerTexts()).toEqual(Array(await cards.count()).fill('incl. 18% GST'));
    await capture('paywall-gst', 0);
    expect(b.foreignRequests).toEqual([]);
    expect(b.pageErrors).toEqual([]);
  });
});
