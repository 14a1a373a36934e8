/// <reference lib="dom" />
// page.evaluate callbacks run in Chromium: they are typed against the DOM.
import { BrowserHarness, startStripeBrowserHarness } from '../support/browser';
import { auditPage } from '../support/browser-a11y';
import { openSection, signIn } from '../support/browser-steps';
import type { FakeStripe } from '../support/fake-stripe';
import { CHECKOUT_URLS, checkout, deliverPending } from '../support/stripe-webhooks';

/**
 * Issue 15 point 5: the Metrics section of /admin in Chromium, on six months of subscriptions driven through the fake
 * Stripe and a month of access decisions: MRR and subscribers over time, new against churned, subscribers by plan and
 * the paywall funnel drawn by Chart.js (served from the service's node_modules), each chart an image named with its
 * figures and a table of the same numbers.
 */
describe('/admin Metrics, in Chromium', () => {
  let b: BrowserHarness;
  let fake: FakeStripe;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ b, fake, close } = await startStripeBrowserHarness());
    const stripeId = async (userId: string): Promise<string> =>
      (await b.t.dataSource.query(`SELECT stripe_subscription_id AS id FROM subscriptions WHERE user_id = $1`, [userId]))[0].id;
    const at = (iso: string) => {
      b.t.clock.set(iso);
      fake.setNow(Math.floor(Date.parse(iso) / 1000));
    };
    const admin = b.t.bearer(b.t.adminKey);
    const q = 'smart_quarterly';
    const e = 'smart_essential';
    const plans = [q, q, e, 'super_saver', q, e];
    // July to December 2026: new subscribers each month, one cancellation ended from October on. Left: 9 quarterly,
    // 6 essential and 3 super saver, MRR 9 × ₹300 + 6 × ₹225 + 3 × ₹162.50 = ₹4,537.50; in December also a trial
    // (no MRR) and a renewal that failed (past due, still counted).
    const joins = [3, 4, 2, 5, 3, 4];
    let n = 0;
    for (const [i, count] of joins.entries()) {
      at(`2026-${String(7 + i).padStart(2, '0')}-10T06:00:00.000Z`);
      for (let k = 0; k < count; k++, n++) await checkout(b.t, fake, `reader-${n}`, { planCode: plans[n % 6] });
      await deliverPending(b.t, fake);
      if (i >= 3) {
        const id = await stripeId(`reader-${i - 3}`);
        fake.setCancelAtPeriodEnd(id);
        fake.endPeriod(id);
        await deliverPending(b.t, fake);
      }
    }
    await b.t.http
      .post('/v1/admin/offers')
      .set('Authorization', admin)
      .send({ code: 'try14', name: '14 days free', kind: 'trial', trialDays: 14, planCodes: ['super_saver'] })
      .expect(201);
    const started = await b.t.http
      .post('/v1/users/reader-trial/checkout-sessions')
      .set('Authorization', b.t.bearer(b.t.paywallKey))
      .send({ planCode: 'super_saver', offerCode: 'try14', ...CHECKOUT_URLS })
      .expect(201);
    fake.completeCheckout(started.body.id);
    fake.renew(await stripeId('reader-4'), { pay: false });
    await deliverPending(b.t, fake);

    await b.t.http.patch('/v1/admin/settings').set('Authorization', admin).send({ freeArticleLimit: 3, anonymousArticleLimit: 1 }).expect(200);
    const decide = (viewerId: string, articleId: string, userId?: string) =>
      b.t.http
        .post('/v1/access/decisions')
        .set('Authorization', b.t.bearer(b.t.paywallKey))
        .send({ viewerId, articleId, access: 'metered', ...(userId ? { userId } : {}) })
        .expect(200);
    // Twelve devices reading 1-3 articles (8 meet the registration wall), and a signed-in reader past the limit.
    for (let v = 0; v < 12; v++) for (let a = 0; a < (v % 3) + 1; a++) await decide(`device-${v}`, `article-${a}`);
    for (let a = 0; a < 4; a++) await decide('device-m', `article-${a}`, 'member-1');
  });
  afterAll(() => close?.());

  it('draws the four charts from the API with the numbers in tables, and moves the funnel to another month', async () => {
    const { page } = b;
    await signIn(page, b.baseUrl, b.t.adminKey);
    await openSection(page, b.baseUrl, 'metrics', 'Metrics');
    const stats = await page.locator('dl.stats > div').allInnerTexts();
    expect(stats.map((s) => s.replace('\n', ': '))).toEqual([
      'MRR: ₹4,537',
      'Subscribers: 19',
      'ARPU: ₹252',
      'New this month: 5',
      'Churned this month: 1',
      'Churn rate: 6.67%',
    ]);
    // Every chart was drawn: a canvas with pixels on it, named with its figures.
    for (const id of ['mrr', 'moves', 'plans', 'funnel']) {
      const canvas = page.locator(`#${id}-chart`);
      expect(await canvas.getAttribute('role')).toBe('img');
      expect(await canvas.evaluate((c: HTMLCanvasElement) => c.width > 0 && c.toDataURL().length > 5_000)).toBe(true);
    }
    expect(await page.locator('#mrr-chart').getAttribute('aria-label')).toContain('Dec 2026 ₹4,537, 19 subscribers');
    expect(await page.locator('#funnel-chart').getAttribute('aria-label')).toBe(
      'Paywall funnel, Dec 2026: Viewers 13, Met the registration wall 8, Met the subscription wall 1, Started Checkout 5, Subscribed 5; conversion 38.46%.',
    );
    const table = page.getByRole('table', { name: /MRR and subscribers at each month's end/ });
    await page.locator('[data-chart="mrr"] details summary').click();
    expect((await table.locator('tbody tr').last().locator('td').allInnerTexts()).map((c) => c.trim())).toEqual(['Dec 2026', '₹4,537', '19']);
    await page.locator('[data-chart="mrr"] details summary').click();
    const planRows = page.locator('[data-chart="plans"] table tbody tr');
    expect(await Promise.all((await planRows.all()).map(async (r) => (await r.locator('td').allTextContents()).join(' ')))).toEqual([
      'smart_essential 6 0 0 0',
      'smart_quarterly 8 0 1 0',
      'super_saver 3 1 0 0',
    ]);
    // The chart library came from the service itself.
    expect(b.foreignRequests).toEqual([]);

    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      // Chart.js redraws on its ResizeObserver's next frame.
      await page.waitForTimeout(400);
      await b.screenshot('admin-metrics', width);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect({ width, scrollWidth, ...(await auditPage(page)) }).toEqual({
        width,
        scrollWidth: width,
        lowContrast: [],
        unlabelled: [],
        landmarks: { banner: 1, main: 1, navigation: 1 },
      });
    }

    await page.getByLabel('Month', { exact: true }).fill('2026-11');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('Conversion: 0% of viewers subscribed in Nov 2026.').waitFor();
    expect(await page.locator('#funnel-chart').getAttribute('aria-label')).toContain('Paywall funnel, Nov 2026: Viewers 0');
    expect(b.pageErrors).toEqual([]);
  });
});
