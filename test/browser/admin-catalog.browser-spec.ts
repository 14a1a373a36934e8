/// <reference lib="dom" />
// page.evaluate callbacks run in Chromium: they are typed against the DOM.
import { BrowserHarness, startBrowserHarness } from '../support/browser';
import { cardText, fieldError, openPaywall, openSection, signIn } from '../support/browser-steps';

describe('/admin catalog work seen on /paywall, in Chromium', () => {
  let b: BrowserHarness;
  beforeAll(async () => {
    b = await startBrowserHarness();
    b.page.setDefaultTimeout(10_000);
  });
  afterAll(() => b?.close());

  /** Opens a plan's "Add a price version" form on /admin, types an amount and submits it. */
  async function submitPrice(planCode: string, amountMinor: string) {
    await openSection(b.page, b.baseUrl, 'plans', 'Plans');
    const panel = b.page.locator(`article[data-plan="${planCode}"]`);
    await panel.getByText('Add a price version').click();
    await panel.getByLabel('New price (minor units)').fill(amountMinor);
    await panel.getByRole('button', { name: 'Add price version' }).click();
    return panel;
  }

  it('refuses a wrong key next to the field, then signs in with the admin key kept in sessionStorage only', async () => {
    const { page } = b;
    await page.goto(`${b.baseUrl}/admin`);
    await page.getByLabel('Admin API key').fill('tg_admin_not-a-real-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await fieldError(page, 'apiKey').getByText('not recognised').waitFor();
    await page.getByLabel('Admin API key').fill(b.t.paywallKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await fieldError(page, 'apiKey').getByText('not an admin key').waitFor();

    await signIn(page, b.baseUrl, b.t.adminKey);
    const stored = await page.evaluate(() => ({
      session: sessionStorage.getItem('tollgate.adminKey'),
      local: Object.keys(localStorage).length,
      cookie: document.cookie,
    }));
    expect(stored).toEqual({ session: b.t.adminKey, local: 0, cookie: '' });
    const quarterly = page.locator('article[data-plan="smart_quarterly"]');
    expect(await quarterly.innerText()).toMatch(/Effective monthly\s+₹300/);
    expect(await quarterly.innerText()).toMatch(/Subscribers\s+0/);
    await b.screenshot('admin-plans', 1280);
    await b.screenshot('admin-plans', 375);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('shows the API validation errors next to each field and creates nothing', async () => {
    const { page } = b;
    const form = page.getByRole('form', { name: 'Create a plan' });
    await page.getByText('Create a plan', { exact: true }).click();
    await form.getByLabel('Code').fill('Half Yearly');
    await form.getByLabel('Name').fill('Smart Half-Yearly');
    await form.getByLabel('Billing period (months)').fill('37');
    await form.getByLabel('Price (minor units)').fill('-5');
    await form.getByRole('button', { name: 'Create plan' }).click();
    await fieldError(form, 'code').getByText('lower_snake_case').waitFor();
    expect(await fieldError(form, 'intervalMonths').innerText()).not.toBe('');
    expect(await fieldError(form, 'price.amountMinor').innerText()).not.toBe('');
    expect(await fieldError(form, 'name').innerText()).toBe('');
    expect(await form.getByLabel('Price (minor units)').getAttribute('aria-invalid')).toBe('true');
    await b.screenshot('admin-validation', 1280);
    const plans = await b.t.dataSource.query('SELECT count(*)::int AS n FROM plans');
    expect(plans[0].n).toBe(3);
  });

  it('creates a plan and the paywall shows it with its effective monthly price and savings', async () => {
    const { page } = b;
    const form = page.getByRole('form', { name: 'Create a plan' });
    await form.getByLabel('Code').fill('smart_half_yearly');
    await form.getByLabel('Billing period (months)').fill('6');
    await form.getByLabel('Price (minor units)').fill('150000');
    await form.getByLabel('Exclusive premium stories online').check();
    await form.getByLabel('Ad-free reading').check();
    await form.getByRole('button', { name: 'Create plan' }).click();
    await page.getByText('Plan smart_half_yearly created.').waitFor();
    const panel = page.locator('article[data-plan="smart_half_yearly"]');
    expect(await panel.innerText()).toMatch(/Effective monthly\s+₹250/);

    await openPaywall(page, b.baseUrl);
    // ₹1,500 every 6 months is ₹250 a month; the dearest is ₹300 (quarterly): floor(100 × (1 − 250/300)) = 16.
    expect(await cardText(page, 'smart_half_yearly')).toBe(
      'Save 16% Smart Half-Yearly 6 Months ₹1,500 ₹250/Month Renews automatically, cancel anytime ' +
        "Subscribe to Smart Half-Yearly Have a promotion code? Apply Here's what's included Ad-free reading Read without advertisements " +
        'Exclusive premium stories online Over 30 premium stories daily, handpicked by our editors',
    );
    expect(b.foreignRequests).toEqual([]);
  });

  it('adds a price version after confirming that existing subscribers keep their price', async () => {
    const { page } = b;
    const panel = await submitPrice('smart_half_yearly', '1800.50');
    await fieldError(panel, 'amountMinor').getByText('integer').waitFor();
    await panel.getByLabel('New price (minor units)').fill('180000');
    await panel.getByRole('button', { name: 'Add price version' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Existing subscribers keep their price').waitFor();
    expect(await dialog.innerText()).toContain('New checkouts will pay ₹1,800 every 6 Months');
    await dialog.getByRole('button', { name: 'Add price version' }).click();
    await page.getByText('Smart Half-Yearly now costs ₹1,800 for new checkouts').waitFor();
    const history = await page.locator('article[data-plan="smart_half_yearly"] table').innerText();
    expect(history.replace(/\s+/g, ' ')).toMatch(/v2 \(current\) ₹1,800 ₹300 .* v1 ₹1,500 ₹250/);

    await openPaywall(page, b.baseUrl);
    expect(await cardText(page, 'smart_half_yearly')).toMatch(/^Smart Half-Yearly 6 Months ₹1,800 ₹300\/Month /);
  });

  it('cancelling the confirmation adds no price version', async () => {
    const { page } = b;
    await submitPrice('smart_half_yearly', '999');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    const rows = await b.t.dataSource.query(
      `SELECT count(*)::int AS n FROM plan_prices pp JOIN plans p ON p.id = pp.plan_id WHERE p.code = 'smart_half_yearly'`,
    );
    expect(rows[0].n).toBe(2);
  });

  it('archives a plan: gone from the paywall', async () => {
    const { page } = b;
    const panel = page.locator('article[data-plan="smart_half_yearly"]');
    await panel.getByRole('button', { name: 'Archive Smart Half-Yearly' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Archive plan' }).click();
    await page.getByText('Smart Half-Yearly archived.').waitFor();
    await openPaywall(page, b.baseUrl);
    expect(await page.locator('li.plan-card').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.plan))).toEqual([
      'smart_quarterly',
      'smart_essential',
      'super_saver',
    ]);
    await b.screenshot('paywall', 1280);
    await b.screenshot('paywall', 375);
    expect(b.pageErrors).toEqual([]);
  });
  it('a draft plan stays off the paywall until its details form puts it on sale; savings follow the dearest plan', async () => {
    const { page } = b;
    await openSection(page, b.baseUrl, 'plans', 'Plans');
    const form = page.getByRole('form', { name: 'Create a plan' });
    await page.getByText('Create a plan', { exact: true }).click();
    await form.getByLabel('Code').fill('smart_monthly');
    await form.getByLabel('Name').fill('Smart Monthly');
    await form.getByLabel('Billing period (months)').fill('1');
    await form.getByLabel('Price (minor units)').fill('35000');
    await form.getByLabel('Sort order').fill('5');
    await form.getByLabel('Status').selectOption('draft');
    await form.getByRole('button', { name: 'Create plan' }).click();
    await page.getByText('Plan smart_monthly created.').waitFor();
    await openPaywall(page, b.baseUrl);
    expect(await page.locator('li.plan-card[data-plan="smart_monthly"]').count()).toBe(0);

    await openSection(page, b.baseUrl, 'plans', 'Plans');
    const panel = page.locator('article[data-plan="smart_monthly"]');
    await panel.getByText('Name, description, order and status').click();
    await panel.getByRole('form', { name: 'Details of Smart Monthly' }).getByLabel('Status').selectOption('active');
    await panel.getByRole('button', { name: 'Save details' }).click();
    await page.getByText('Details of Smart Monthly saved.').waitFor();

    await openPaywall(page, b.baseUrl);
    const cards = await page.locator('li.plan-card').evaluateAll((els) =>
      els.map((e) =>
        (e as HTMLElement).innerText
          .split('\n')
          .filter((l) => l.trim())
          .slice(0, 6)
          .join(' | '),
      ),
    );
    // ₹350 a month is now the dearest: floor(100 × (1 − 300/350)) = 14, (1 − 225/350) → 35, (1 − 162.50/350) → 53.
    expect(cards).toEqual([
      'Smart Monthly | 1 Month | ₹350 | ₹350/Month | Renews automatically, cancel anytime | Subscribe to Smart Monthly',
      'Save 14% | Smart Quarterly | 3 Months | ₹900 | ₹300/Month | Renews automatically, cancel anytime',
      'Save 35% | Smart Essential | 1 Year | ₹2,700 | ₹225/Month | Renews automatically, cancel anytime',
      'Save 53% | Super Saver | 2 Years | ₹3,900 | ₹162/Month | Renews automatically, cancel anytime',
    ]);
  });
});
