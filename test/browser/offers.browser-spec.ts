/// <reference lib="dom" />
// page.evaluate callbacks run in Chromium: they are typed against the DOM.
import { BrowserHarness, startStripeBrowserHarness } from '../support/browser';
import { captureChecked } from '../support/browser-a11y';
import { cardText, fieldError, openPaywall, openSection, signIn } from '../support/browser-steps';
import type { FakeStripe } from '../support/fake-stripe';

/**
 * Offers end to end in Chromium: staff create them on /admin with the live preview of what readers will see, the
 * paywall shows an automatic offer's disclosure on its plan card, and a reader applies a promotion code (good and bad)
 * and starts Checkout with it. Screenshots at phone and desktop widths land in test-artifacts/screenshots/.
 */
describe('/admin offers seen on /paywall, in Chromium', () => {
  let b: BrowserHarness;
  let fake: FakeStripe;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ b, fake, close } = await startStripeBrowserHarness());
  });
  afterAll(() => close?.());

  const ONE_RUPEE = '₹1 for the first 3 months, then ₹900 every 3 months. Renews automatically; cancel anytime.';
  const FESTIVE = '40% off for the first 4 years: ₹2,340 every 2 years, then ₹3,900 every 2 years. Renews automatically; cancel anytime.';
  const offerRows = async () => (await b.t.dataSource.query('SELECT count(*)::int AS n FROM offers'))[0].n;
  const form = () => b.page.getByRole('form', { name: 'Create an offer' });
  const preview = () => b.page.locator('.offer-preview');

  const capture = async (name: string, navigation: number) => {
    await captureChecked(b, name, navigation);
    await b.page.setViewportSize({ width: 1280, height: 900 });
  };

  it('previews an offer live while staff type, with the errors beside their fields, writing nothing; then creates it', async () => {
    const { page } = b;
    await signIn(page, b.baseUrl, b.t.adminKey);
    await openSection(page, b.baseUrl, 'offers', 'Offers');
    await page.getByText('No offers yet.').waitFor();
    await page.getByText('Create an offer', { exact: true }).click();
    const f = form();
    await f.getByLabel('Code', { exact: true }).fill('quarter_one_rupee');
    await f.getByLabel('Name', { exact: true }).fill('₹1 first quarter');
    await f.getByLabel('Kind').selectOption('intro_price');
    // The trial's field goes, the introductory price's come.
    expect(await f.getByLabel('Free days').isHidden()).toBe(true);
    await f.getByLabel('Smart Quarterly').check();
    await f.getByLabel('For how many billing periods').fill('1');
    const price = f.getByLabel('Introductory price (₹)');
    await price.fill('900');
    await fieldError(f, 'introPriceMinor').getByText('INTRO_PRICE_NOT_BELOW_PRICE').waitFor();
    await preview().getByText('No preview yet').waitFor();
    // The live check never moves the cursor away from where staff type.
    expect(await price.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await price.getAttribute('aria-invalid')).toBe('true');
    await capture('admin-offer-error', 1);
    await price.fill('1.234');
    await fieldError(f, 'introPriceMinor').getByText('Enter an amount in rupees').waitFor();
    await price.fill('1');
    await preview().getByText(ONE_RUPEE).waitFor();
    expect(await fieldError(f, 'introPriceMinor').innerText()).toBe('');
    expect((await preview().innerText()).replace(/\s+/g, ' ')).toContain('Smart Quarterly ₹1 first billing period');
    expect(await offerRows()).toBe(0);
    await capture('admin-offer-preview', 1);

    await f.getByRole('button', { name: 'Create offer' }).click();
    await page.getByText('Offer quarter_one_rupee created.').waitFor();
    const panel = page.locator('article[data-offer="quarter_one_rupee"]');
    const text = (await panel.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('Terms ₹1 for 1 billing period');
    expect(text).toContain('Promotion code None (automatic)');
    expect(text).toContain('Redemptions 0 (no limit)');
    expect(text).toContain(ONE_RUPEE);
    expect(await b.t.dataSource.query(`SELECT intro_price_minor::int AS paise FROM offers WHERE code = 'quarter_one_rupee'`)).toEqual([
      { paise: 100 },
    ]);
  });

  it('creates a promotion-code offer; a taken code is refused beside the Code field', async () => {
    const { page } = b;
    await page.getByText('Create an offer', { exact: true }).click();
    const f = form();
    await f.getByLabel('Code', { exact: true }).fill('quarter_one_rupee');
    await f.getByLabel('Name', { exact: true }).fill('Festive 40% off');
    await f.getByLabel('Kind').selectOption('percent_off');
    await f.getByLabel('Percentage off').fill('40');
    await f.getByLabel('For how many billing periods').fill('2');
    await f.getByLabel('Super Saver').check();
    await f.getByLabel('Promotion code (optional)').fill('FESTIVE40');
    await fieldError(f, 'code').getByText('OFFER_CODE_TAKEN').waitFor();
    await f.getByLabel('Code', { exact: true }).fill('festive');
    await preview().getByText(FESTIVE).waitFor();
    expect(await fieldError(f, 'code').innerText()).toBe('');
    await f.getByRole('button', { name: 'Create offer' }).click();
    await page.getByText('Offer festive created.').waitFor();
    expect((await page.locator('article[data-offer="festive"]').innerText()).replace(/\s+/g, ' ')).toContain('Promotion code FESTIVE40');
    await capture('admin-offers', 1);
  });

  it('the paywall shows the automatic offer on its card: the first-period price and the whole disclosure, no hover needed', async () => {
    const { page } = b;
    await openPaywall(page, b.baseUrl);
    const card = page.locator('li.plan-card[data-plan="smart_quarterly"]');
    expect(await cardText(page, 'smart_quarterly')).toContain(`Offer: ₹1 first quarter ₹1 for the first billing period ${ONE_RUPEE}`);
    const disclosure = card.locator('.offer .disclosure');
    expect(await disclosure.isVisible()).toBe(true);
    // Not clipped: the whole text fits its box.
    expect(await disclosure.evaluate((el) => el.scrollHeight <= el.clientHeight + 1 && el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    // A code-only offer is not shown until its code is typed.
    expect(await cardText(page, 'super_saver')).not.toContain('Festive');
    await capture('paywall-offers', 0);
    expect(b.foreignRequests).toEqual([]);
  });

  it('a promotion code re-prices its card; a bad or misplaced one is refused in plain words; Checkout carries the good one', async () => {
    const { page } = b;
    const apply = async (planCode: string, code: string) => {
      const card = page.locator(`li.plan-card[data-plan="${planCode}"]`);
      await card.getByLabel('Have a promotion code?').fill(code);
      await card.getByRole('button', { name: 'Apply' }).click();
      return card.locator('.promo-message');
    };
    await (await apply('smart_essential', 'NOSUCH')).getByText("We don't recognise the code NOSUCH. Check the spelling and try again.").waitFor();
    await (
      await apply('smart_essential', 'FESTIVE40')
    )
      .getByText("The code FESTIVE40 can't be used with Smart Essential. Try it on another plan.")
      .waitFor();
    await (await apply('super_saver', 'festive40')).getByText('Code FESTIVE40 applied to Super Saver.').waitFor();
    expect(await cardText(page, 'super_saver')).toContain(`Code FESTIVE40: Festive 40% off ₹2,340 for the first billing period ${FESTIVE}`);
    expect(await page.locator('li.plan-card[data-plan="smart_essential"] input[name="promotionCode"]').getAttribute('aria-invalid')).toBe('true');
    await page.locator('li.plan-card[data-plan="super_saver"]').scrollIntoViewIfNeeded();
    await capture('paywall-promo-code', 0);

    await page.getByRole('button', { name: 'Subscribe to Super Saver' }).click();
    await page.waitForURL(`${fake.url}/pay/**`);
    const create = fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions').at(-1)!.params;
    expect(create).toMatchObject({ client_reference_id: 'demo-reader', subscription_data: { metadata: { offer_code: 'festive' } } });
    expect(create.discounts).toEqual([{ coupon: expect.stringMatching(/^tg_festive/) }]);
    expect(b.pageErrors).toEqual([]);
  });

  it('the automatic offer goes to Checkout by itself; a refusal there is said in plain words', async () => {
    const { page } = b;
    // The demo reader is now a past subscriber: a first-time-only offer is theirs no more.
    await b.t.dataSource.query(
      `INSERT INTO subscriptions (stripe_subscription_id, user_id, stripe_customer_id, status) VALUES ('sub_demo_past', 'demo-reader', 'cus_demo_past', 'canceled')`,
    );
    await openPaywall(page, b.baseUrl);
    await page.getByRole('button', { name: 'Subscribe to Smart Quarterly' }).click();
    await page.locator('li.plan-card[data-plan="smart_quarterly"]').getByText('This offer is for new subscribers only.').waitFor();
  });

  it('edits the limit and the end, refusing a bad limit beside its field; archiving takes the offer off the paywall', async () => {
    const { page } = b;
    await openSection(page, b.baseUrl, 'offers', 'Offers');
    const panel = page.locator('article[data-offer="quarter_one_rupee"]');
    await panel.getByText('Name, end, limit and status').click();
    const edit = panel.getByRole('form', { name: 'Edit ₹1 first quarter' });
    await edit.getByLabel('Redemption limit').fill('0');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await fieldError(edit, 'maxRedemptions').getByText('VALIDATION_FAILED').waitFor();
    await edit.getByLabel('Redemption limit').fill('500');
    await edit.getByLabel('Ends').fill('2030-01-31T18:00');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Offer quarter_one_rupee saved.').waitFor();
    expect((await page.locator('article[data-offer="quarter_one_rupee"]').innerText()).replace(/\s+/g, ' ')).toContain('Redemptions 0 of 500');
    const [row] = await b.t.dataSource.query(`SELECT max_redemptions, ends_at FROM offers WHERE code = 'quarter_one_rupee'`);
    expect(row.max_redemptions).toBe(500);
    expect(row.ends_at).not.toBeNull();

    await page.getByRole('button', { name: 'Archive ₹1 first quarter' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Archive offer' }).click();
    await page.getByText('Offer quarter_one_rupee archived.').waitFor();
    expect(await page.locator('article[data-offer="quarter_one_rupee"] .badge').innerText()).toBe('archived');
    await openPaywall(page, b.baseUrl);
    expect(await cardText(page, 'smart_quarterly')).not.toContain('₹1 first quarter');
    expect(b.pageErrors).toEqual([]);
    // Nothing left the service but the trip to (fake) Stripe's hosted Checkout page.
    expect(b.foreignRequests.filter((url) => !url.startsWith(`${fake.url}/pay/`))).toEqual([]);
  });
});
