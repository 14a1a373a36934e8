/// <reference lib="dom" />
// page.evaluate callbacks run in Chromium: they are typed against the DOM.
import { BrowserHarness, startBrowserHarness } from '../support/browser';
import { fieldError, openPaywall, openSection, signIn } from '../support/browser-steps';

describe('/paywall meter message and Subscribe without Stripe, limit set on /admin, in Chromium', () => {
  let b: BrowserHarness;
  beforeAll(async () => {
    b = await startBrowserHarness();
    b.page.setDefaultTimeout(10_000);
  });
  afterAll(() => b?.close());

  const meter = () => b.page.locator('#meter-message').innerText();

  it('counts the demo reader\'s first article: "4 of 5 free articles left"', async () => {
    await openPaywall(b.page, b.baseUrl);
    expect(await meter()).toBe('4 of 5 free articles left this month');
    const counted = await b.t.dataSource.query(`SELECT article_id FROM article_reads WHERE viewer_id = 'demo-viewer'`);
    expect(counted).toEqual([{ article_id: 'demo-article-1' }]);
  });

  it('rejects a limit out of range next to the field and keeps the setting', async () => {
    const { page } = b;
    await signIn(page, b.baseUrl, b.t.adminKey);
    await openSection(page, b.baseUrl, 'settings', 'Free articles');
    await page.getByLabel('Free articles per month').fill('1001');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await fieldError(page, 'freeArticleLimit').getByText('1000').waitFor();
    const rows = await b.t.dataSource.query('SELECT free_article_limit FROM settings WHERE id = 1');
    expect(rows[0].free_article_limit).toBe(5);
  });

  it('sets the limit to 1 and the paywall says the limit is reached', async () => {
    const { page } = b;
    await page.getByLabel('Free articles per month').fill('1');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved: 1 free article per month.').waitFor();

    await openPaywall(page, b.baseUrl);
    expect(await meter()).toBe("You've reached your limit of 1 free article this month");
    await page.getByRole('link', { name: 'Open another article' }).click();
    await page.waitForURL(`${b.baseUrl}/paywall?article=demo-article-2`);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await meter()).toBe("You've reached your limit of 1 free article this month");
    const counted = await b.t.dataSource.query(`SELECT count(*)::int AS n FROM article_reads WHERE viewer_id = 'demo-viewer'`);
    expect(counted[0].n).toBe(1);
    await b.screenshot('paywall-limit-reached', 375);
    expect(b.pageErrors).toEqual([]);
  });
});
