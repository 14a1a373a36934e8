/// <reference lib="dom" />
// page.evaluate callbacks run in Chromium: they are typed against the DOM.
import { BrowserHarness, startBrowserHarness } from '../support/browser';
import { captureChecked } from '../support/browser-a11y';
import { fieldError, openPaywall, openSection, signIn } from '../support/browser-steps';

/**
 * The whole wall on /paywall with the demo catalog, step by step as a reader meets it: the anonymous meter, the
 * registration wall, signing in (the device's reads carried over), the registered meter, the subscription wall, a
 * premium story, and a subscriber reading freely; the limits set on /admin first. Screenshots of every step at phone
 * and desktop widths land in test-artifacts/screenshots/.
 */
describe('/paywall: the graduated wall, driven from /admin, in Chromium', () => {
  let b: BrowserHarness;
  beforeAll(async () => {
    // No per-instance caches: the grant below must open the premium story on the very next load.
    b = await startBrowserHarness({ env: { CACHE_TTL_SECONDS: '0' } });
    b.page.setDefaultTimeout(10_000);
  });
  afterAll(() => b?.close());

  const message = () => b.page.locator('#meter-message').innerText();
  const articlesOf = async (viewerId: string) =>
    (await b.t.dataSource.query('SELECT article_id FROM article_reads WHERE viewer_id = $1 ORDER BY article_id', [viewerId])).map(
      (r: { article_id: string }) => r.article_id,
    );
  const settingsRow = async () =>
    (
      await b.t.dataSource.query(
        'SELECT free_article_limit AS free, anonymous_article_limit AS anonymous, premium_benefit_code AS premium FROM settings',
      )
    )[0];

  /** Follows a link under the story and waits for the new story's decision. */
  async function follow(name: RegExp | string): Promise<void> {
    await b.page.getByRole('link', { name }).click();
    await b.page.waitForURL(/\/paywall\?/);
    await b.page.waitForSelector('body[data-ready="true"]');
  }

  const capture = (name: string, navigation = 0) => captureChecked(b, name, navigation);

  it('/admin refuses a registration limit above the free limit, and an unknown benefit, next to the field; then saves 2 and 4', async () => {
    const { page } = b;
    await signIn(page, b.baseUrl, b.t.adminKey);
    await openSection(page, b.baseUrl, 'settings', 'Free articles');
    const before = await settingsRow();
    expect(before).toEqual({ free: 5, anonymous: null, premium: 'premium_stories' });

    await page.getByLabel('Free articles per month', { exact: true }).fill('4');
    await page.getByLabel('Free articles per month before sign-in').fill('5');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await fieldError(page, 'anonymousArticleLimit').getByText('anonymousArticleLimit (5) may not exceed freeArticleLimit (4)').waitFor();
    expect(await page.getByLabel('Free articles per month before sign-in').getAttribute('aria-invalid')).toBe('true');
    expect(await fieldError(page, 'freeArticleLimit').isHidden()).toBe(true);
    await capture('admin-wall-settings-error', 1);

    await page.getByLabel('Free articles per month', { exact: true }).fill('1001');
    await page.getByLabel('Free articles per month before sign-in').fill('2');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await fieldError(page, 'freeArticleLimit').getByText('1000').waitFor();

    // A benefit deleted while the form was open: the list offers it, the API refuses it next to its field.
    const premium = page.getByLabel('Benefit that opens premium stories');
    await premium.evaluate((select) => select.append(new Option('Gone (gone_benefit)', 'gone_benefit')));
    await premium.selectOption('gone_benefit');
    await page.getByLabel('Free articles per month', { exact: true }).fill('4');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await fieldError(page, 'premiumBenefitCode').getByText('No benefit with code gone_benefit').waitFor();
    expect(await settingsRow()).toEqual(before);

    await premium.selectOption('premium_stories');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved: 4 free articles per month, 2 free articles before sign-in.').waitFor();
    expect(await settingsRow()).toEqual({ free: 4, anonymous: 2, premium: 'premium_stories' });
    expect(await fieldError(page, 'anonymousArticleLimit').isHidden()).toBe(true);
  });

  it('an anonymous reader sees the free articles left, then meets the registration wall on the third', async () => {
    const { page } = b;
    await openPaywall(page, b.baseUrl, '?article=demo-article-1&access=metered');
    expect(await message()).toBe('1 of 2 free articles left this month');
    expect(await page.locator('#account').innerText()).toBe('Reading anonymously · Sign in');
    await follow(/^Next article/);
    expect(page.url()).toBe(`${b.baseUrl}/paywall?article=demo-article-2&access=metered`);
    expect(await message()).toBe('0 of 2 free articles left this month');
    expect(await page.locator('#story-body p').count()).toBe(4);
    await capture('paywall-anonymous-meter');

    await follow(/^Free story/);
    expect(await message()).toBe('This story is free to read.');
    await page.goBack();
    await page.waitForSelector('body[data-ready="true"]');

    await follow(/^Next article/);
    expect(await message()).toBe("You've read your 2 free articles this month. Sign in to read 2 more");
    expect(await page.locator('#access').getAttribute('data-wall')).toBe('registration');
    // Only the opening paragraph, faded into the wall.
    expect(await page.locator('#story-body p').count()).toBe(1);
    await page.getByRole('button', { name: 'Sign in to read 2 more' }).waitFor();
    expect(await articlesOf('demo-viewer')).toEqual(['demo-article-1', 'demo-article-2']);
    await capture('paywall-registration-wall');
  });

  it('"Sign in to read 2 more" signs in as demo-reader: the device\'s 2 reads carried over, this article the third of 4', async () => {
    const { page } = b;
    await page.getByRole('button', { name: 'Sign in to read 2 more' }).click();
    await page.waitForSelector('#account strong');
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.locator('#account').innerText()).toBe('Signed in as demo-reader · Sign out');
    expect(await page.locator('#welcome').innerText()).toBe(
      'Welcome, demo-reader. The 2 articles you read before signing in count toward your 4 free articles this month.',
    );
    expect(await message()).toBe('1 of 4 free articles left this month');
    expect(await page.locator('#story-body p').count()).toBe(4);
    expect(await articlesOf('demo-reader')).toEqual(['demo-article-1', 'demo-article-2', 'demo-article-3']);
    await capture('paywall-registered-meter');
  });

  it('at the registered limit the subscription wall shows the plans; a premium story is behind it too', async () => {
    const { page } = b;
    await follow(/^Next article/);
    expect(await message()).toBe('0 of 4 free articles left this month');
    expect(await page.locator('#welcome').isHidden()).toBe(true);
    await follow(/^Next article/);
    expect(await message()).toBe("You've reached your limit of 4 free articles this month");
    expect(await page.locator('#access').getAttribute('data-wall')).toBe('subscription');
    expect(await page.getByRole('heading', { level: 2, name: 'Subscribe to keep reading' }).isVisible()).toBe(true);
    expect(await page.locator('li.plan-card').count()).toBe(3);
    expect(await articlesOf('demo-reader')).toEqual(['demo-article-1', 'demo-article-2', 'demo-article-3', 'demo-article-4']);
    await capture('paywall-subscription-wall');

    await follow(/^Premium story/);
    expect(await message()).toBe('This is a premium story. Subscribe to read it');
    expect(await page.locator('#access').getAttribute('data-wall')).toBe('subscription');
    expect(await page.locator('li.plan-card').count()).toBe(3);
    expect(await page.getByRole('button', { name: 'Already a subscriber? Sign in' }).count()).toBe(0);
    await capture('paywall-premium-wall');
    expect((await articlesOf('demo-reader')).length).toBe(4);
  });

  it('signed out, the premium wall offers a subscriber the sign-in', async () => {
    const { page } = b;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForFunction(() => document.getElementById('account')!.textContent!.startsWith('Reading anonymously'));
    await page.waitForSelector('body[data-ready="true"]');
    expect(await message()).toBe('This is a premium story. Subscribe to read it');
    await page.getByRole('button', { name: 'Already a subscriber? Sign in' }).click();
    await page.waitForSelector('#account strong');
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.locator('#account').innerText()).toBe('Signed in as demo-reader · Sign out');
  });

  it('a subscriber (granted the premium benefit) reads the premium story and every metered one, counted nowhere', async () => {
    const { page } = b;
    await b.t.http
      .post('/v1/admin/users/demo-reader/grants')
      .set('Authorization', b.t.bearer(b.t.adminKey))
      .send({ benefitCode: 'premium_stories', expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(), reason: 'Demo subscriber' })
      .expect(201);
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await message()).toBe('You have full access as a subscriber. Enjoy the story.');
    expect(await page.locator('#story-body p').count()).toBe(4);
    expect(await page.locator('#plans-section').isHidden()).toBe(true);
    await capture('paywall-subscriber');

    await openPaywall(page, b.baseUrl, '?article=demo-article-9&access=metered');
    expect(await message()).toBe('You have full access as a subscriber. Enjoy the story.');
    expect(await page.locator('#story-body p').count()).toBe(4);
    expect((await articlesOf('demo-reader')).length).toBe(4);
    expect(b.foreignRequests).toEqual([]);
    expect(b.pageErrors).toEqual([]);
  });
});
