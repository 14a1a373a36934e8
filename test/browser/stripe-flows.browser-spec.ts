/// <reference lib="dom" />
// page.evaluate callbacks run in Chromium: they are typed against the DOM.
import { BrowserHarness, startStripeBrowserHarness } from '../support/browser';
import { openPaywall, openSection, signIn } from '../support/browser-steps';
import type { FakeStripe } from '../support/fake-stripe';
import { deliverAll, deliverPending, postEvent } from '../support/stripe-webhooks';

describe('/paywall Subscribe through (fake) Stripe, and replaying a failed event on /admin, in Chromium', () => {
  let fake: FakeStripe;
  let b: BrowserHarness;
  let close: () => Promise<void>;
  let subscriptionId: string;
  beforeAll(async () => {
    // No per-instance caches: the page must show the new subscription on the very next load. How long a cached
    // answer may lag (CACHE_TTL_SECONDS) is the entitlement and meter tests' subject, not this page's.
    ({ b, fake, close } = await startStripeBrowserHarness());
  });
  afterAll(() => close?.());

  it("Subscribe starts Checkout for the demo user at the plan's current price and goes there", async () => {
    const { page } = b;
    await openPaywall(page, b.baseUrl);
    expect(b.foreignRequests).toEqual([]);
    await page.getByRole('button', { name: 'Subscribe to Smart Quarterly' }).click();
    await page.waitForURL(`${fake.url}/pay/**`);
    const session = [...fake.sessions.values()].at(-1)!;
    expect(session).toMatchObject({
      client_reference_id: 'demo-reader',
      success_url: `${b.baseUrl}/paywall?checkout=success`,
      cancel_url: `${b.baseUrl}/paywall?checkout=cancel`,
    });
    expect(fake.prices.get(session._line_items[0].price)).toMatchObject({ unit_amount: 90000, currency: 'inr' });

    const done = fake.completeCheckout(session.id);
    subscriptionId = done.subscription.id;
    await deliverPending(b.t, fake);
    await openPaywall(page, b.baseUrl, '?checkout=success');
    expect(await page.locator('#checkout-return').innerText()).toContain('Thank you!');
    const sub = await b.t.dataSource.query(`SELECT status FROM subscriptions WHERE user_id = 'demo-reader'`);
    expect(sub).toEqual([{ status: 'active' }]);
    // Subscribing signed the demo user in on this device: the subscriber reads the story, and is offered no plans.
    expect(await page.locator('#account').innerText()).toBe('Signed in as demo-reader · Sign out');
    expect(await page.locator('#meter-message').innerText()).toBe('You have full access as a subscriber. Enjoy the story.');
    expect(await page.locator('#plans-section').isHidden()).toBe(true);
  });

  it('lists a failed webhook event on /admin and replays it to processed', async () => {
    const { page } = b;
    const renewal = fake.renew(subscriptionId);
    fake.failing = true;
    const failedEvent = renewal.events[0];
    await postEvent(b.t, fake, failedEvent).expect(500);
    fake.failing = false;
    await deliverAll(b.t, fake, renewal.events.slice(1));

    await signIn(page, b.baseUrl, b.t.adminKey);
    await openSection(page, b.baseUrl, 'webhooks', 'Webhook events');
    const row = page.locator(`tr[data-event="${failedEvent.id}"]`);
    expect(await row.innerText()).toContain(failedEvent.type);
    await b.screenshot('admin-webhooks', 1280);
    await row.getByRole('button', { name: `Replay ${failedEvent.id}` }).click();
    await page.getByText(`Replayed ${failedEvent.id}: now processed.`).waitFor();
    const stored = await b.t.dataSource.query('SELECT status FROM webhook_events WHERE id = $1', [failedEvent.id]);
    expect(stored[0].status).toBe('processed');
    expect(await page.locator(`tr[data-event="${failedEvent.id}"]`).count()).toBe(0);
    expect(b.pageErrors).toEqual([]);
  });

  it('shows the subscriber on the plan and the audit trail of the replay', async () => {
    const { page } = b;
    await openSection(page, b.baseUrl, 'plans', 'Plans');
    expect(await page.locator('article[data-plan="smart_quarterly"]').innerText()).toMatch(/Subscribers\s+1/);
    await openSection(page, b.baseUrl, 'audit', 'Audit log');
    const text = await page.locator('table').innerText();
    expect(text).toMatch(/test-admin\s+webhook_event.replay/);
    await b.screenshot('admin-audit', 375);
  });
});
