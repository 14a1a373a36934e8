import { BrowserHarness, startBrowserHarness } from '../support/browser';

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

  it('renders the paywall', async () => {
    await b.page.goto(`${b.baseUrl}/paywall`);
    await b.page.waitForSelector('body[data-ready="true"]');
    await b.screenshot('smoke-paywall', 1280);
    expect(b.foreignRequests).toEqual([]);
  });
});
