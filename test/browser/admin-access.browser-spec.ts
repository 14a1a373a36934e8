/// <reference lib="dom" />
// page.evaluate callbacks run in Chromium: they are typed against the DOM.
import { BrowserHarness, startBrowserHarness } from '../support/browser';
import { cardText, fieldError, openPaywall, openSection, signIn } from '../support/browser-steps';

describe('/admin benefits, plan inclusion, grants and revocation, in Chromium', () => {
  let b: BrowserHarness;
  beforeAll(async () => {
    b = await startBrowserHarness();
    b.page.setDefaultTimeout(10_000);
    await signIn(b.page, b.baseUrl, b.t.adminKey);
  });
  afterAll(() => b?.close());

  it('creates a benefit (a bad code is shown next to its field), renames it', async () => {
    const { page } = b;
    await openSection(page, b.baseUrl, 'benefits', 'Benefits');
    const form = page.getByRole('form', { name: 'Create a benefit' });
    await page.getByText('Create a benefit', { exact: true }).click();
    await form.getByLabel('Code').fill('Pod Casts');
    await form.getByLabel('Name').fill('Podcasts');
    await form.getByRole('button', { name: 'Create benefit' }).click();
    await fieldError(form, 'code').getByText('lower_snake_case').waitFor();
    await form.getByLabel('Code').fill('podcasts');
    await form.getByRole('button', { name: 'Create benefit' }).click();
    await page.getByText('Benefit podcasts created.').waitFor();
    const row = page.locator('tr[data-benefit="podcasts"]');
    expect(await row.innerText()).toContain('No plan');

    await row.getByText('Edit').click();
    await row.getByLabel('Name').fill('Daily podcasts');
    await row.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Benefit podcasts saved.').waitFor();
    expect(await page.locator('tr[data-benefit="podcasts"]').innerText()).toContain('Daily podcasts');
  });

  it('includes the benefit in a plan, shown on the paywall and on the benefit', async () => {
    const { page } = b;
    await openSection(page, b.baseUrl, 'plans', 'Plans');
    const panel = page.locator('article[data-plan="smart_quarterly"]');
    await panel.getByText('Benefits (8)').click();
    await panel.getByLabel('Daily podcasts').check();
    await panel.getByRole('button', { name: 'Save benefits' }).click();
    await page.getByText('Benefits of Smart Quarterly saved.').waitFor();
    await openPaywall(page, b.baseUrl);
    expect(await cardText(page, 'smart_quarterly')).toMatch(/Daily podcasts$/);
    expect(await cardText(page, 'smart_essential')).not.toContain('Daily podcasts');
    await openSection(page, b.baseUrl, 'benefits', 'Benefits');
    expect(await page.locator('tr[data-benefit="podcasts"]').innerText()).toContain('Smart Quarterly');
  });

  it('grants a reader a benefit (a missing date is shown next to its field) and revokes it', async () => {
    const { page } = b;
    await openSection(page, b.baseUrl, 'readers', 'Readers & grants');
    await page.getByLabel('Reader (user id)').fill('reader-42');
    await page.getByRole('button', { name: 'Show reader' }).click();
    await page.getByRole('heading', { name: 'No access' }).waitFor();

    const form = page.getByRole('form', { name: 'Grant a benefit to reader-42' });
    await form.getByLabel('Benefit').selectOption('premium_stories');
    await form.getByLabel('Reason').fill('Goodwill: delivery complaint #4411');
    await form.getByRole('button', { name: 'Grant benefit' }).click();
    await fieldError(form, 'expiresAt').getByText('expiresAt').waitFor();
    expect((await b.t.dataSource.query('SELECT count(*)::int AS n FROM grants'))[0].n).toBe(0);

    await form.getByLabel('Access until').fill('2099-01-31T18:00');
    await form.getByRole('button', { name: 'Grant benefit' }).click();
    await page.getByText(/^Granted premium_stories to reader-42 until/).waitFor();
    await page.getByRole('heading', { name: 'Has access' }).waitFor();
    const grantRow = page.locator('tr[data-grant]');
    expect(await grantRow.innerText()).toMatch(
      /Exclusive premium stories online[\s\S]*active[\s\S]*Goodwill: delivery complaint #4411[\s\S]*by test-admin/,
    );
    await b.screenshot('admin-readers', 375);

    await grantRow.getByRole('button', { name: 'Revoke premium_stories' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke grant' }).click();
    await page.getByText('Grant of premium_stories revoked.').waitFor();
    await page.getByRole('heading', { name: 'No access' }).waitFor();
    expect(await page.locator('tr[data-grant]').innerText()).toContain('revoked');
    expect(b.pageErrors).toEqual([]);
  });

  it('signs out: the key leaves the tab and the console asks for it again', async () => {
    const { page } = b;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Admin API key').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });
});
