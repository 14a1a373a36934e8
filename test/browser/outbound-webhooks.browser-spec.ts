/// <reference lib="dom" />
// page.evaluate callbacks run in Chromium: they are typed against the DOM.
import { DeliveryWorker } from '../../src/events/delivery-worker';
import { EVENT_PATTERNS } from '../../src/events/domain/event-types';
import { BrowserHarness, startBrowserHarness } from '../support/browser';
import { captureChecked } from '../support/browser-a11y';
import { fieldError, openSection, signIn } from '../support/browser-steps';
import { WebhookReceiver } from '../support/webhook-receiver';

/** A delivery as GET /v1/admin/webhook-endpoints/{id}/deliveries answers it. */
interface ApiDelivery {
  id: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** The app's clock in the deliveries test: 3 Dec 03:30 IST, three days on, and 6 Dec 09:40 IST. */
const T0 = '2026-12-02T22:00:00.000Z';
const T2 = '2026-12-05T22:00:00.000Z';
const T3 = '2026-12-06T04:10:00.000Z';
const T3_PLUS_30S = '2026-12-06T04:10:30.000Z';

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not reached in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The "Outbound webhooks" section of /admin in Chromium: add an endpoint (a refused URL shown beside its field), its
 * signing secret shown once with a copy button and gone after a reload, disable and enable, rotate and delete behind
 * a confirmation, and the deliveries table with its status filter and Retry. Times are shown in the reader's locale and
 * time zone (Chromium set to en-IN in Asia/Kolkata here), the zone named.
 *
 * The deliveries are real: the app (private URLs allowed) sends the grants' events to a receiver on 127.0.0.1 that
 * answers 200 or 500 or holds the request, with the app's clock moved so the retries come due and one is given up on.
 * Only the calm line for deliveries that cannot be loaded is served by page.route().
 */
describe('/admin Outbound webhooks, in Chromium', () => {
  let b: BrowserHarness;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    b = await startBrowserHarness({ env: { WEBHOOK_ALLOW_PRIVATE_URLS: 'true' } });
    b.page.setDefaultTimeout(10_000);
    const cdp = await b.context.newCDPSession(b.page);
    await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'Asia/Kolkata' });
    await cdp.send('Emulation.setLocaleOverride', { locale: 'en-IN' });
  });
  afterAll(async () => {
    try {
      await b?.close();
    } finally {
      await receiver?.close();
    }
  });

  const URL_A = 'https://hooks.example.com/tollgate';
  const URL_B = 'https://crm.example.com/integrations/tollgate/webhooks/subscription-events?tenant=the-daily-chronicle-digital';
  const form = () => b.page.getByRole('form', { name: 'Add an endpoint' });
  const panel = (url: string) => b.page.getByRole('article', { name: url });
  /** An event's checkbox, by the pattern the API is sent (its label may say more, e.g. "every subscription event"). */
  const eventBox = (pattern: string) => form().locator(`input[type="checkbox"][value="${pattern}"]`);
  const secretBox = () => b.page.locator('.secret-box');
  const endpointRows = (): Promise<{ url: string; status: string; events: string[] }[]> =>
    b.t.dataSource.query('SELECT url, status, events FROM webhook_endpoints ORDER BY created_at');
  const reopen = async () => {
    await b.page.reload();
    await openSection(b.page, b.baseUrl, 'outbound-webhooks', 'Outbound webhooks');
  };
  const capture = async (name: string) => {
    await captureChecked(b, name, 1);
    await b.page.setViewportSize({ width: 1280, height: 900 });
  };
  const addEndpoint = async (url: string, events: string[], description?: string) => {
    const f = form();
    await f.getByLabel('URL', { exact: true }).fill(url);
    for (const e of events) await eventBox(e).check();
    if (description) await f.getByLabel('Description (optional)').fill(description);
    await f.getByRole('button', { name: 'Add endpoint' }).click();
  };
  const admin = () => b.t.bearer(b.t.adminKey);
  const worker = () => b.t.app.get(DeliveryWorker);
  const grant = (userId: string) =>
    b.t.http
      .post(`/v1/admin/users/${userId}/grants`)
      .set('Authorization', admin())
      .send({ benefitCode: 'premium_stories', expiresAt: '2030-01-01T00:00:00.000Z', reason: 'goodwill' })
      .expect(201);
  const shownSecret = async () => (await secretBox().locator('code').innerText()).trim();

  it('refuses a URL that is not http(s) beside its field, writing nothing; then adds endpoints, each secret shown once', async () => {
    const { page } = b;
    await signIn(page, b.baseUrl, b.t.adminKey);
    await openSection(page, b.baseUrl, 'outbound-webhooks', 'Outbound webhooks');
    await page.getByText('No endpoints yet').waitFor();
    await page.getByText('Add an endpoint', { exact: true }).click();
    // The choices are exactly what the API accepts: every event type and every family's wildcard.
    const values = await form()
      .getByRole('checkbox')
      .evaluateAll((els) => els.map((el) => (el as HTMLInputElement).value));
    expect([...values].sort()).toEqual([...EVENT_PATTERNS].sort());
    // A line per family, its wildcard first.
    const families = await form()
      .locator('.event-family')
      .evaluateAll((els) => els.map((el) => Array.from(el.querySelectorAll('input'), (i) => i.value).slice(0, 2)));
    expect(families).toEqual([
      ['subscription.*', 'subscription.created'],
      ['invoice.*', 'invoice.paid'],
      ['grant.*', 'grant.created'],
      ['entitlements.*', 'entitlements.changed'],
      ['offer.*', 'offer.redeemed'],
      ['tax_invoice.*', 'tax_invoice.issued'],
    ]);

    await addEndpoint('ftp://x', ['subscription.*']);
    const urlError = fieldError(form(), 'url');
    await urlError.getByText('url must be http or https (WEBHOOK_URL_NOT_ALLOWED)').waitFor();
    const urlInput = form().getByLabel('URL', { exact: true });
    expect(await urlInput.getAttribute('aria-invalid')).toBe('true');
    expect(await urlInput.evaluate((el) => el === document.activeElement)).toBe(true);
    // No event chosen: said beside the event list.
    await urlInput.fill(URL_A);
    await eventBox('subscription.*').uncheck();
    await form().getByRole('button', { name: 'Add endpoint' }).click();
    await fieldError(form(), 'events').getByText('(VALIDATION_FAILED)').waitFor();
    expect(await urlError.innerText()).toBe('');
    expect(await endpointRows()).toEqual([]);
    await eventBox('subscription.*').check();
    await urlInput.fill('ftp://x');
    await form().getByRole('button', { name: 'Add endpoint' }).click();
    await urlError.getByText('WEBHOOK_URL_NOT_ALLOWED').waitFor();
    await capture('admin-outbound-webhooks-error');

    await form().getByLabel('URL', { exact: true }).fill(URL_A);
    await eventBox('grant.created').check();
    await form().getByLabel('Description (optional)').fill('CRM: new subscribers and grants');
    await form().getByRole('button', { name: 'Add endpoint' }).click();
    await secretBox().getByText('This secret will not be shown again.').waitFor();
    const first = await shownSecret();
    expect(first).toMatch(/^tgwhsec_\S{20,}$/);
    expect(await secretBox().evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await endpointRows()).toEqual([{ url: URL_A, status: 'enabled', events: ['subscription.*', 'grant.created'] }]);
    const a = panel(URL_A);
    expect(await a.locator('.badge').innerText()).toBe('enabled');
    const facts = (await a.locator('dl').innerText()).replace(/\s+/g, ' ');
    expect(await a.locator('ul.events li').allInnerTexts()).toEqual(['subscription.*', 'grant.created']);
    expect(facts).toContain('Description CRM: new subscribers and grants');
    // Today in India time, the zone named.
    expect(facts).toMatch(/Created \d{1,2} \w{3} \d{4}, \d\d:\d\d [ap]m IST/);

    // Copied to the clipboard as it is.
    await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: b.baseUrl });
    await secretBox().getByRole('button', { name: 'Copy secret' }).click();
    await secretBox().getByText('Copied to the clipboard.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(first);

    // A second endpoint, with a URL far wider than a phone: it wraps, the page does not scroll sideways.
    await page.getByText('Add an endpoint', { exact: true }).click();
    await addEndpoint(URL_B, ['invoice.payment_failed', 'tax_invoice.issued']);
    await secretBox().getByText(URL_B).waitFor();
    const second = await shownSecret();
    expect(second).not.toBe(first);
    await capture('admin-outbound-webhooks-secret');
    // "I have stored it" puts it away.
    await secretBox().getByRole('button', { name: 'I have stored it' }).click();
    expect(await secretBox().count()).toBe(0);

    // Never shown again: not after a reload, not in the list the page reads.
    await reopen();
    await panel(URL_B).waitFor();
    expect(await secretBox().count()).toBe(0);
    const html = await page.content();
    expect(html).not.toContain(first);
    expect(html).not.toContain(second);
    expect(html).not.toContain('tgwhsec_');
    expect(b.pageErrors).toEqual([]);
  });

  it('disables and enables an endpoint, rotates its secret and deletes it, each behind a confirmation where it cannot be undone', async () => {
    const { page } = b;
    // The event list comes from the OpenAPI document (~150 KB), read once per page load, not again on every refresh.
    const docReads: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/docs-json') docReads.push(r.url());
    });
    await reopen();
    await panel(URL_B).getByRole('button', { name: 'Disable' }).click();
    await page.getByText(`Endpoint ${URL_B} disabled`).waitFor();
    expect(await panel(URL_B).locator('.badge').innerText()).toBe('disabled');
    expect((await endpointRows()).map((r) => r.status)).toEqual(['enabled', 'disabled']);
    await panel(URL_B).getByRole('button', { name: 'Enable' }).click();
    await page.getByText(`Endpoint ${URL_B} enabled.`).waitFor();
    expect(await panel(URL_B).locator('.badge').innerText()).toBe('enabled');
    expect((await endpointRows()).map((r) => r.status)).toEqual(['enabled', 'enabled']);

    // Rotating, cancelled, changes nothing; confirmed, shows the new secret once.
    await panel(URL_A).getByRole('button', { name: 'Rotate secret' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('the receiver must be given it straight away').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await secretBox().count()).toBe(0);
    await panel(URL_A).getByRole('button', { name: 'Rotate secret' }).click();
    await dialog.getByRole('button', { name: 'Rotate secret' }).click();
    await secretBox().getByText('Signing secret rotated: copy it now').waitFor();
    const rotated = await shownSecret();
    expect(rotated).toMatch(/^tgwhsec_/);
    await secretBox().getByText(URL_A).waitFor();
    const audit = await b.t.dataSource.query(`SELECT action FROM audit_log WHERE entity_type = 'webhook_endpoint' ORDER BY seq`);
    expect(audit.map((r: { action: string }) => r.action)).toEqual([
      'webhook_endpoint.create',
      'webhook_endpoint.create',
      'webhook_endpoint.update',
      'webhook_endpoint.update',
      'webhook_endpoint.rotate_secret',
    ]);

    // Deleting the other endpoint keeps the secret just shown on screen; cancelling keeps the endpoint.
    await panel(URL_B).getByRole('button', { name: 'Delete' }).click();
    await dialog.getByText('This cannot be undone').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await endpointRows()).toHaveLength(2);
    await panel(URL_B).getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('button', { name: 'Delete endpoint' }).click();
    await page.getByText(`Endpoint ${URL_B} deleted.`).waitFor();
    expect(await panel(URL_B).count()).toBe(0);
    expect(await shownSecret()).toBe(rotated);
    expect((await endpointRows()).map((r) => r.url)).toEqual([URL_A]);
    expect(docReads).toHaveLength(1);
    expect(b.pageErrors).toEqual([]);
  });

  it('lists an endpoint’s real deliveries (succeeded, pending after an HTTP 500, failed) with a status filter, and retries one', async () => {
    const { page } = b;
    // URL_A would be sent the grants' events too (its host is not reachable from here): paused for this test.
    const [endpointA] = (await b.t.dataSource.query('SELECT id FROM webhook_endpoints WHERE url = $1', [URL_A])).map((r: { id: string }) => r.id);
    await b.t.http.patch(`/v1/admin/webhook-endpoints/${endpointA}`).set('Authorization', admin()).send({ status: 'disabled' }).expect(200);
    b.t.clock.set(T0);
    await reopen();
    await page.getByText('Add an endpoint', { exact: true }).click();
    await addEndpoint(receiver.url, ['grant.*']);
    await secretBox().getByRole('button', { name: 'I have stored it' }).click();
    const [endpointId] = (await b.t.dataSource.query('SELECT id FROM webhook_endpoints WHERE url = $1', [receiver.url])).map(
      (r: { id: string }) => r.id,
    );
    // The receiver answers by reader: u_paid 200, u_gone and u_flaky 500 (u_gone's answer may be changed below).
    let goneAnswer: () => number | Promise<number> = () => 500;
    receiver.respond = (r) => (r.json.data.userId === 'u_paid' ? 200 : r.json.data.userId === 'u_gone' ? goneAnswer() : 500);
    const deliveryOf = async (userId: string) => {
      const list: ApiDelivery[] = (
        await b.t.http.get(`/v1/admin/webhook-endpoints/${endpointId}/deliveries`).set('Authorization', admin()).expect(200)
      ).body.deliveries;
      const ids: { id: string }[] = await b.t.dataSource.query(
        `SELECT d.id FROM webhook_deliveries d JOIN outbox_events e ON e.id = d.event_id WHERE e.data->>'userId' = $1`,
        [userId],
      );
      return list.find((d) => d.id === ids[0]?.id);
    };
    /** Runs the delivery worker now (the clock set before), and waits until `userId`’s delivery is as expected. */
    const settle = async (userId: string, expected: Partial<ApiDelivery>) => {
      worker().nudge();
      await waitUntil(async () => {
        const d = await deliveryOf(userId);
        return !!d && Object.entries(expected).every(([k, v]) => d[k as keyof ApiDelivery] === v);
      });
    };

    // 3 Dec, 03:30 IST: u_gone's grant; the receiver answers 500 (retried in 30 s).
    await grant('u_gone');
    await settle('u_gone', { status: 'pending', attempts: 1, lastStatusCode: 500 });
    // Ten seconds on: u_paid's is delivered (the endpoint's failing streak ends; u_gone's retry is not due yet).
    b.t.clock.set(new Date(Date.parse(T0) + 10_000));
    await grant('u_paid');
    await settle('u_paid', { status: 'succeeded', attempts: 1, lastStatusCode: 200 });
    // Three days after u_gone's event: its last attempt fails too, and it is given up on.
    b.t.clock.set(T2);
    await settle('u_gone', { status: 'failed', attempts: 2 });
    // 6 Dec, 09:40 IST: u_flaky's grant answered 500, a retry due in 30 s.
    b.t.clock.set(T3);
    await grant('u_flaky');
    await settle('u_flaky', { status: 'pending', attempts: 1, lastStatusCode: 500 });
    const gone = (await deliveryOf('u_gone'))!;
    const paid = (await deliveryOf('u_paid'))!;
    const flaky = (await deliveryOf('u_flaky'))!;
    expect(flaky).toMatchObject({ eventType: 'grant.created', lastError: 'HTTP 500', lastAttemptAt: T3, nextAttemptAt: T3_PLUS_30S, createdAt: T3 });
    expect(gone).toMatchObject({ lastStatusCode: 500, lastError: 'HTTP 500', nextAttemptAt: null, lastAttemptAt: T2, createdAt: T0 });
    expect(paid).toMatchObject({ lastError: null, nextAttemptAt: null, deliveredAt: '2026-12-02T22:00:10.000Z' });
    expect(receiver.received.map((r) => r.json.data.userId)).toEqual(['u_gone', 'u_paid', 'u_gone', 'u_flaky']);

    const listed: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname.endsWith('/deliveries')) listed.push(url.pathname + url.search);
    });
    await reopen();
    const a = panel(receiver.url);
    await a.getByText('Deliveries', { exact: true }).click();
    const table = a.locator('table.deliveries');
    await table.waitFor();
    expect(listed).toEqual([`/v1/admin/webhook-endpoints/${endpointId}/deliveries`]);
    expect(await table.locator('caption').innerText()).toBe('3 deliveries, newest first');
    const cells = async (id: string) =>
      (await table.locator(`tr[data-delivery="${id}"] td`).allInnerTexts()).map((c) => c.replace(/\s+/g, ' ').trim());
    expect(await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.delivery))).toEqual([
      flaky.id,
      paid.id,
      gone.id,
    ]);
    expect(await cells(flaky.id)).toEqual([
      `grant.created ${flaky.eventId}`,
      'pending',
      '1',
      'HTTP 500',
      '6 Dec 2026, 09:40 am IST',
      '6 Dec 2026, 09:40 am IST',
      '6 Dec 2026, 09:40 am IST',
      '—',
      `Retry grant.created ${flaky.id}`,
    ]);
    // The exact instants are in the markup: the next attempt 30 s after the last.
    const times = (id: string) => table.locator(`tr[data-delivery="${id}"] time`).evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
    expect(await times(flaky.id)).toEqual([T3, T3_PLUS_30S, T3]);
    expect(await cells(paid.id)).toEqual([
      `grant.created ${paid.eventId}`,
      'succeeded',
      '1',
      'HTTP 200',
      '3 Dec 2026, 03:30 am IST',
      '—',
      '3 Dec 2026, 03:30 am IST',
      '3 Dec 2026, 03:30 am IST',
      // A success can be sent again (a replay).
      `Retry grant.created ${paid.id}`,
    ]);
    expect(await cells(gone.id)).toEqual([
      `grant.created ${gone.eventId}`,
      'failed',
      '2',
      'HTTP 500',
      '6 Dec 2026, 03:30 am IST',
      '—',
      '3 Dec 2026, 03:30 am IST',
      '—',
      `Retry grant.created ${gone.id}`,
    ]);
    await capture('admin-outbound-webhooks-deliveries');

    // Only the failed ones, asked of the API.
    await a.getByLabel('Status', { exact: true }).selectOption('failed');
    await a.getByRole('button', { name: 'Show', exact: true }).click();
    await table.locator('caption').getByText('1 failed delivery, newest first').waitFor();
    expect(listed.at(-1)).toBe(`/v1/admin/webhook-endpoints/${endpointId}/deliveries?status=failed`);
    expect(await table.locator('tbody tr').count()).toBe(1);

    // The receiver is back, but slow: the retried attempt is held until released below.
    let release: (status: number) => void = () => undefined;
    goneAnswer = () => new Promise<number>((ok) => (release = ok));
    const retried: { url: string; method: string; status?: number }[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('/retry')) retried.push({ url: new URL(r.url()).pathname, method: r.request().method(), status: r.status() });
    });
    await table.getByRole('button', { name: `Retry grant.created ${gone.id}` }).click();
    await a.getByText(`grant.created (${gone.id}) queued to be sent again: now pending.`).waitFor();
    expect(retried).toEqual([{ url: `/v1/admin/webhook-deliveries/${gone.id}/retry`, method: 'POST', status: 202 }]);
    // As the route answered: pending, due now.
    expect(await cells(gone.id)).toEqual([
      `grant.created ${gone.eventId}`,
      'pending',
      '2',
      'HTTP 500',
      '6 Dec 2026, 03:30 am IST',
      '6 Dec 2026, 09:40 am IST',
      '3 Dec 2026, 03:30 am IST',
      '—',
      `Retry grant.created ${gone.id}`,
    ]);
    // The worker sends it at once: the same event, a third attempt.
    const [, , , , third] = await receiver.waitFor(5);
    expect(third.json.id).toBe(gone.eventId);
    expect(third.headers['tollgate-delivery-attempt']).toBe('3');
    // Asked again while the receiver holds it: still pending, its third attempt under way.
    await a.getByLabel('Status', { exact: true }).selectOption('pending');
    await a.getByRole('button', { name: 'Show', exact: true }).click();
    await table.locator('caption').getByText('2 pending deliveries, newest first').waitFor();
    expect((await cells(gone.id)).slice(1, 5)).toEqual(['pending', '3', 'HTTP 500', '6 Dec 2026, 09:40 am IST']);
    const audit = await b.t.dataSource.query(`SELECT entity_id FROM audit_log WHERE action = 'webhook_delivery.retry'`);
    expect(audit).toEqual([{ entity_id: gone.id }]);

    // The receiver answers 200: delivered on the third attempt.
    release(200);
    await settle('u_gone', { status: 'succeeded', attempts: 3 });
    await a.getByLabel('Status', { exact: true }).selectOption('succeeded');
    await a.getByRole('button', { name: 'Show', exact: true }).click();
    await table.locator('caption').getByText('2 succeeded deliveries, newest first').waitFor();
    expect(await cells(gone.id)).toEqual([
      `grant.created ${gone.eventId}`,
      'succeeded',
      '3',
      'HTTP 200',
      '6 Dec 2026, 09:40 am IST',
      '—',
      '3 Dec 2026, 03:30 am IST',
      '6 Dec 2026, 09:40 am IST',
      `Retry grant.created ${gone.id}`,
    ]);
    expect(b.foreignRequests).toEqual([]);
    expect(b.pageErrors).toEqual([]);
  });

  it('says calmly when the deliveries cannot be loaded, the endpoint unaffected', async () => {
    const { page } = b;
    await page.route('**/v1/admin/webhook-endpoints/*/deliveries*', (route) =>
      route.fulfill({
        status: 404,
        contentType: 'application/json',
        body: JSON.stringify({ statusCode: 404, code: 'NOT_FOUND', message: 'Cannot GET the deliveries' }),
      }),
    );
    await reopen();
    const a = panel(receiver.url);
    await a.getByText('Deliveries', { exact: true }).click();
    await a.getByText('The deliveries cannot be shown right now').waitFor();
    expect(await a.locator('.notice.info').innerText()).toBe(
      'The deliveries cannot be shown right now: this version of the service keeps no delivery history yet (NOT_FOUND). ' +
        'The endpoint itself is not affected.',
    );
    expect(await a.locator('.badge').first().innerText()).toBe('enabled');
    await capture('admin-outbound-webhooks-deliveries-unavailable');
    await page.unrouteAll();
    expect(b.pageErrors).toEqual([]);
  });
});
