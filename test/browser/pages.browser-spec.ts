/// <reference lib="dom" />
// page.evaluate callbacks run in Chromium: they are typed against the DOM.
import { BrowserHarness, startBrowserHarness } from '../support/browser';
import { auditPage } from '../support/browser-a11y';
import { openPaywall, openSection, signIn } from '../support/browser-steps';

describe('web pages: served, same-origin only', () => {
  let b: BrowserHarness;
  beforeAll(async () => {
    b = await startBrowserHarness();
  });
  afterAll(() => b?.close());

  it('serves /paywall and /admin with a same-origin CSP, and no file outside public/', async () => {
    for (const path of ['/paywall', '/admin', '/admin/admin.js', '/shared/api.js', '/paywall/paywall.css']) {
      const res = await b.t.http.get(path).expect(200);
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    }
    for (const path of ['/admin/..%2fpackage.json', '/admin/%2e%2e', '/shared/nope.js', '/paywall/.env', '/admin/App.js']) {
      const res = await b.t.http.get(path);
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 404, code: 'NOT_FOUND' });
    }
  });

  it('the paywall: text contrast at least 4.5:1, landmarks, nothing loaded from elsewhere, at phone and desktop widths', async () => {
    for (const width of [375, 1280]) {
      await b.page.setViewportSize({ width, height: 900 });
      await openPaywall(b.page, b.baseUrl);
      expect(await b.page.locator('li.plan-card').count()).toBe(3);
      expect(await auditPage(b.page)).toEqual({ lowContrast: [], unlabelled: [], landmarks: { banner: 1, main: 1, navigation: 0 } });
      // Responsive: nothing wider than the viewport (no sideways scrolling on a phone).
      expect(await b.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    }
    expect(b.foreignRequests).toEqual([]);
    // The check itself sees bad contrast: grey #999 on the page's #f4f5f7 is 2.61:1.
    await b.page.evaluate(() => {
      const p = document.createElement('p');
      p.textContent = 'faint';
      p.style.color = '#999999';
      document.querySelector('main')!.append(p);
    });
    expect((await auditPage(b.page)).lowContrast).toEqual(['p "faint" 2.61:1']);
  });

  it('says plainly that Stripe is not configured when Subscribe is pressed, reached by keyboard alone', async () => {
    const { page } = b;
    await openPaywall(page, b.baseUrl);
    const target = 'Subscribe to Smart Essential';
    let focused = '';
    for (let i = 0; i < 20 && focused !== target; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText ?? '');
    }
    expect(focused).toBe(target);
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    const card = page.locator('li.plan-card[data-plan="smart_essential"]');
    await card.getByText('Stripe is not configured on this server, so checkout cannot start.').waitFor();
    expect(b.foreignRequests).toEqual([]);
  });

  it('the console: every section labelled, contrast at least 4.5:1, no sideways scrolling on a phone', async () => {
    await signIn(b.page, b.baseUrl, b.t.adminKey);
    for (const [hash, heading] of [
      ['plans', 'Plans'],
      ['metrics', 'Metrics'],
      ['offers', 'Offers'],
      ['benefits', 'Benefits'],
      ['readers', 'Readers & grants'],
      ['settings', 'Free articles'],
      ['webhooks', 'Webhook events'],
      ['audit', 'Audit log'],
    ]) {
      for (const width of [375, 1280]) {
        await b.page.setViewportSize({ width, height: 900 });
        await openSection(b.page, b.baseUrl, hash, heading);
        // Open every disclosure so that the forms inside are checked too.
        await b.page.evaluate(() => document.querySelectorAll('details').forEach((d) => d.setAttribute('open', '')));
        const report = await auditPage(b.page);
        expect({ hash, width, ...report }).toEqual({
          hash,
          width,
          lowContrast: [],
          unlabelled: [],
          landmarks: { banner: 1, main: 1, navigation: 1 },
        });
        expect({ hash, width, scrollWidth: await b.page.evaluate(() => document.documentElement.scrollWidth) }).toEqual({
          hash,
          width,
          scrollWidth: width,
        });
      }
    }
    expect(b.foreignRequests).toEqual([]);
    expect(b.pageErrors).toEqual([]);
  });

  // Signed in by the test above (the key stays in the tab's sessionStorage).
  it('the audit log pages back with "Load older entries", every entry once and newest first', async () => {
    const admin = b.t.bearer(b.t.adminKey);
    for (let v = 1; v <= 60; v++) {
      await b.t.http.patch('/v1/admin/settings').set('Authorization', admin).send({ freeArticleLimit: v }).expect(200);
    }
    const [{ n }] = await b.t.dataSource.query('SELECT count(*)::int AS n FROM audit_log');
    await b.page.setViewportSize({ width: 1280, height: 900 });
    // The tab is on #audit already: leave it first so the section renders again.
    await openSection(b.page, b.baseUrl, 'plans', 'Plans');
    await openSection(b.page, b.baseUrl, 'audit', 'Audit log');
    const rows = b.page.locator('main table tbody tr');
    expect(await rows.count()).toBe(50);
    const more = b.page.getByRole('button', { name: 'Load older entries' });
    await more.click();
    await b.page.waitForFunction((total) => document.querySelectorAll('main table tbody tr').length === total, n);
    expect(await more.isHidden()).toBe(true);
    // The settings entries, newest first: 60, 59, ... 1, each once.
    const limits = await rows.evaluateAll((trs) =>
      trs.map((tr) => tr.querySelector('pre')!.textContent!).filter((text) => text.includes('freeArticleLimit')),
    );
    expect(limits.map((text) => Number(/after: \{[^}]*"freeArticleLimit": (\d+)/.exec(text)![1]))).toEqual(
      Array.from({ length: 60 }, (_, i) => 60 - i),
    );
    expect(b.pageErrors).toEqual([]);
  });
});
