/// <reference lib="dom" />
// page.evaluate callbacks run in Chromium: they are typed against the DOM.
import type { Route } from 'playwright-core';
import { EVENT_PATTERNS } from '../../src/events/domain/event-types';
import { BrowserHarness, startBrowserHarness } from '../support/browser';
import { captureChecked } from '../support/browser-a11y';
import { fieldError, openSection, signIn } from '../support/browser-steps';

/** A delivery as GET /v1/admin/webhook-endpoints/{id}/deliveries answers it (the outbox's shape). */
interface Delivery {
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

/** Newest first, as the API lists them: one still failing (500, a retry due), one given up on, one delivered. */
const DELIVERIES: Delivery[] = [
  {
    id: 'a3c1e0d2-0000-4000-8000-000000000003',
    eventId: 'evt_3f0c9a7b2d1e4c5a',
    eventType: 'invoice.payment_failed',
    status: 'pending',
    attempts: 2,
    nextAttemptAt: '2026-12-06T04:30:00.000Z',
    lastAttemptAt: '2026-12-06T04:10:00.000Z',
    lastStatusCode: 500,
    lastError: 'Internal Server Error',
    createdAt: '2026-12-06T04:00:00.000Z',
    deliveredAt: null,
  },
  {
    id: 'a3c1e0d2-0000-4000-8000-000000000002',
    eventId: 'evt_9b8a7c6d5e4f3a2b',
    eventType: 'grant.revoked',
    status: 'failed',
    attempts: 16,
    nextAttemptAt: null,
    lastAttemptAt: '2026-12-05T22:00:00.000Z',
    lastStatusCode: null,
    lastError: 'timed out after 10 s',
    createdAt: '2026-12-02T22:00:00.000Z',
    deliveredAt: null,
  },
  {
    id: 'a3c1e0d2-0000-4000-8000-000000000001',
    eventId: 'evt_1a2b3c4d5e6f7a8b',
    eventType: 'subscription.created',
    status: 'succeeded',
    attempts: 1,
    nextAttemptAt: null,
    lastAttemptAt: '2026-12-01T06:30:05.000Z',
    lastStatusCode: 200,
    lastError: null,
    createdAt: '2026-12-01T06:30:00.000Z',
    deliveredAt: '2026-12-01T06:30:05.000Z',
  },
];

/**
 * The "Outbound webhooks" section of /admin in Chromium: add an endpoint (a refused URL shown beside its field), its
 * signing secret shown once with a copy button and gone after a reload, disable and enable, rotate and delete behind
 * a confirmation, and the deliveries table with its status filter and Retry. Times are shown in the reader's locale and
 * time zone (Chromium set to en-IN in Asia/Kolkata here), the zone named.
 *
 * The deliveries routes come with the outbox (not merged yet): until then the section must say calmly that they cannot
 * be shown, and the table is checked against the agreed shape served by page.route().
 */
describe('/admin Outbound webhooks, in Chromium', () => {
  let b: BrowserHarness;
  beforeAll(async () => {
    b = await startBrowserHarness();
    b.page.setDefaultTimeout(10_000);
    const cdp = await b.context.newCDPSession(b.page);
    await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'Asia/Kolkata' });
    await cdp.send('Emulation.setLocaleOverride', { locale: 'en-IN' });
  });
  afterAll(() => b?.close());

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

  it('lists an endpoint’s deliveries with a status filter and retries one; says calmly when they cannot be loaded', async () => {
    const { page } = b;
    await reopen();
    const a = panel(URL_A);
    // The outbox's routes are not on this branch yet: a calm line, the rest of the page working.
    await a.getByText('Deliveries', { exact: true }).click();
    await a.getByText('The deliveries cannot be shown right now').waitFor();
    expect(await a.locator('.notice.info').innerText()).toBe(
      'The deliveries cannot be shown right now: this version of the service keeps no delivery history yet (NOT_FOUND). ' +
        'The endpoint itself is not affected.',
    );
    await capture('admin-outbound-webhooks-deliveries-unavailable');

    const listed: string[] = [];
    const retried: { url: string; method: string; authorization?: string }[] = [];
    await page.route('**/v1/admin/webhook-endpoints/*/deliveries*', (route: Route) => {
      const url = new URL(route.request().url());
      listed.push(url.pathname + url.search);
      const status = url.searchParams.get('status');
      const deliveries = DELIVERIES.filter((d) => !status || d.status === status);
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ deliveries }) });
    });
    await page.route('**/v1/admin/webhook-deliveries/*/retry', (route: Route) => {
      const req = route.request();
      retried.push({ url: new URL(req.url()).pathname, method: req.method(), authorization: req.headers().authorization });
      const id = decodeURIComponent(req.url().split('/').at(-2)!);
      const d = DELIVERIES.find((x) => x.id === id)!;
      const body: Delivery = { ...d, status: 'pending', nextAttemptAt: '2026-12-06T05:00:00.000Z' };
      return route.fulfill({ status: 202, contentType: 'application/json', body: JSON.stringify(body) });
    });
    await reopen();
    await a.getByText('Deliveries', { exact: true }).click();
    const table = a.locator('table.deliveries');
    await table.waitFor();
    const [endpointId] = (await b.t.dataSource.query('SELECT id FROM webhook_endpoints')).map((r: { id: string }) => r.id);
    expect(listed).toEqual([`/v1/admin/webhook-endpoints/${endpointId}/deliveries`]);
    expect(await table.locator('caption').innerText()).toBe('3 deliveries, newest first');
    const cells = async (id: string) =>
      (await table.locator(`tr[data-delivery="${id}"] td`).allInnerTexts()).map((c) => c.replace(/\s+/g, ' ').trim());
    expect(await cells(DELIVERIES[0].id)).toEqual([
      'invoice.payment_failed evt_3f0c9a7b2d1e4c5a',
      'pending',
      '2',
      'HTTP 500: Internal Server Error',
      '6 Dec 2026, 09:40 am IST',
      '6 Dec 2026, 10:00 am IST',
      '6 Dec 2026, 09:30 am IST',
      '—',
      `Retry invoice.payment_failed ${DELIVERIES[0].id}`,
    ]);
    expect(await cells(DELIVERIES[1].id)).toEqual([
      'grant.revoked evt_9b8a7c6d5e4f3a2b',
      'failed',
      '16',
      'timed out after 10 s',
      '6 Dec 2026, 03:30 am IST',
      '—',
      '3 Dec 2026, 03:30 am IST',
      '—',
      `Retry grant.revoked ${DELIVERIES[1].id}`,
    ]);
    expect(await cells(DELIVERIES[2].id)).toEqual([
      'subscription.created evt_1a2b3c4d5e6f7a8b',
      'succeeded',
      '1',
      'HTTP 200',
      '1 Dec 2026, 12:00 pm IST',
      '—',
      '1 Dec 2026, 12:00 pm IST',
      '1 Dec 2026, 12:00 pm IST',
      '—',
    ]);
    expect(await table.locator('time').first().getAttribute('datetime')).toBe(DELIVERIES[0].lastAttemptAt);
    await capture('admin-outbound-webhooks-deliveries');

    // Only the failed ones, asked of the API.
    await a.getByLabel('Status', { exact: true }).selectOption('failed');
    await a.getByRole('button', { name: 'Show', exact: true }).click();
    await table.locator('caption').getByText('1 failed delivery, newest first').waitFor();
    expect(listed.at(-1)).toBe(`/v1/admin/webhook-endpoints/${endpointId}/deliveries?status=failed`);
    expect(await table.locator('tbody tr').count()).toBe(1);

    await table.getByRole('button', { name: `Retry grant.revoked ${DELIVERIES[1].id}` }).click();
    await a.getByText(`grant.revoked (${DELIVERIES[1].id}) queued to be sent again: now pending.`).waitFor();
    expect(retried).toEqual([
      { url: `/v1/admin/webhook-deliveries/${DELIVERIES[1].id}/retry`, method: 'POST', authorization: `Bearer ${b.t.adminKey}` },
    ]);
    expect(await cells(DELIVERIES[1].id)).toEqual([
      'grant.revoked evt_9b8a7c6d5e4f3a2b',
      'pending',
      '16',
      'timed out after 10 s',
      '6 Dec 2026, 03:30 am IST',
      '6 Dec 2026, 10:30 am IST',
      '3 Dec 2026, 03:30 am IST',
      '—',
      `Retry grant.revoked ${DELIVERIES[1].id}`,
    ]);
    await page.unrouteAll();
    expect(b.foreignRequests).toEqual([]);
    expect(b.pageErrors).toEqual([]);
  });
});
