import fc from 'fast-check';
import { PUBLISHER } from '../support/tax';
import { startTestApp, type TestApp } from '../support/test-app';

describe('GST: tax settings, billing details and the tax inside plan prices', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ seed: true });
  });
  afterAll(() => t?.close());

  const admin = () => t.bearer(t.adminKey);
  const paywall = () => t.bearer(t.paywallKey);
  const putSettings = (body: unknown) =>
    t.http
      .put('/v1/admin/tax-settings')
      .set('Authorization', admin())
      .send(body as object);
  const putDetails = (userId: string, body: unknown, key = paywall()) =>
    t.http
      .put(`/v1/users/${encodeURIComponent(userId)}/billing-details`)
      .set('Authorization', key)
      .send(body as object);
  const snapshot = async () =>
    (
      await t.dataSource.query(
        `SELECT (SELECT coalesce(json_agg(s), '[]') FROM tax_settings s) AS settings,
                (SELECT coalesce(json_agg(b ORDER BY user_id), '[]') FROM billing_details b) AS details,
                (SELECT count(*)::int FROM audit_log) AS audits`,
      )
    )[0];
  const plans = async () => (await t.http.get('/v1/plans').expect(200)).body.plans as Record<string, any>[];

  it('shows no tax on plans and 404 TAX_SETTINGS_NOT_FOUND before any settings', async () => {
    expect((await t.http.get('/v1/admin/tax-settings').set('Authorization', admin()).expect(404)).body.code).toBe('TAX_SETTINGS_NOT_FOUND');
    for (const p of await plans()) expect(p).not.toHaveProperty('tax');
  });

  it('sets the registration (defaults: 18%, SAC 998431), audited; plans then show the GST inside each price and the ETag moves', async () => {
    const e0 = (await t.http.get('/v1/plans').expect(200)).headers.etag;
    const res = await putSettings(PUBLISHER).expect(200);
    expect(res.body).toMatchObject({ ...PUBLISHER, stateName: 'Maharashtra', ratePercent: 18, sacCode: '998431' });
    expect((await t.http.get('/v1/admin/tax-settings').set('Authorization', admin()).expect(200)).body).toEqual(res.body);
    const [audit] = await t.dataSource.query(`SELECT action, actor, before, after FROM audit_log WHERE entity_type = 'tax_settings'`);
    expect(audit).toMatchObject({ action: 'tax_settings.update', actor: 'test-admin', before: null, after: { gstin: PUBLISHER.gstin } });

    const e1 = (await t.http.get('/v1/plans').expect(200)).headers.etag;
    expect(e1).not.toBe(e0);
    const byCode = Object.fromEntries((await plans()).map((p) => [p.code, p.tax]));
    const inr = (amountMinor: number, formatted: string) => ({ amountMinor, currency: 'INR', formatted });
    const tax = (taxable: [number, string], gst: [number, string]) => ({
      inclusive: true,
      ratePercent: 18,
      taxable: inr(...taxable),
      gst: inr(...gst),
      label: 'incl. 18% GST',
    });
    expect(byCode).toEqual({
      smart_quarterly: tax([76_271, '₹762'], [13_729, '₹137']),
      smart_essential: tax([228_814, '₹2,288'], [41_186, '₹411']),
      super_saver: tax([330_508, '₹3,305'], [59_492, '₹594']),
    });

    // A new rate moves the ETag again.
    await putSettings({ ...PUBLISHER, ratePercent: 5 }).expect(200);
    const e2 = (await t.http.get('/v1/plans').expect(200)).headers.etag;
    expect(e2).not.toBe(e1);
    expect((await plans())[0].tax).toMatchObject({
      ratePercent: 5,
      label: 'incl. 5% GST',
      taxable: { amountMinor: 85_714 },
      gst: { amountMinor: 4_286 },
    });
    await putSettings(PUBLISHER).expect(200);
  });

  it.each([
    ['27AAPFU0939F1ZW', 'check character'],
    ['29AAGCB7383J1Z4', 'not 27'],
    ['27AAPFU0939F1Z', '15 characters'],
    ['27aapfu0939f1zv', 'PAN'],
  ])('refuses GSTIN %s with 400 INVALID_GSTIN (%s) and changes nothing', async (gstin, reason) => {
    const before = await snapshot();
    const res = await putSettings({ ...PUBLISHER, gstin, legalName: 'Changed' }).expect(400);
    expect(res.body).toMatchObject({ code: 'INVALID_GSTIN', details: [{ field: 'gstin' }] });
    expect(res.body.message).toContain(reason);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses generated bad settings with a stable 4xx code and leaves the database as it was', async () => {
    const body = fc.record(
      {
        gstin: fc.constantFrom(PUBLISHER.gstin, '29AAGCB7383J1Z4', '27AAPFU0939F1ZX', '', 27, null),
        legalName: fc.constantFrom('Changed Ltd', '', '  ', 5),
        address: fc.constantFrom('Somewhere', '', null),
        stateCode: fc.constantFrom('27', '29', '39', '7', 27),
        ratePercent: fc.oneof(fc.constantFrom(18, 0, 100, -1, 101, 18.005, '18'), fc.double()),
        sacCode: fc.constantFrom('998431', '12345', '9984311', 998431),
        invoicePrefix: fc.constantFrom('TG', 'tg', 'TG/1', '', 'ABCDEFGHIJK'),
        extra: fc.constantFrom(1),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const before = await snapshot();
        const res = await putSettings(b);
        if (res.status === 200) {
          await putSettings(PUBLISHER).expect(200);
          return;
        }
        expect(res.status).toBe(400);
        expect(['VALIDATION_FAILED', 'INVALID_GSTIN']).toContain(res.body.code);
        expect(await snapshot()).toEqual(before);
      }),
      { numRuns: 60 },
    );
  });

  it('keeps billing details per reader (paywall or admin), audited; a GSTIN must match the state', async () => {
    expect((await t.http.get('/v1/users/auth0|b1/billing-details').set('Authorization', paywall()).expect(404)).body.code).toBe(
      'BILLING_DETAILS_NOT_FOUND',
    );
    const body = { name: 'Acme Research LLP', stateCode: '29', gstin: '29AAGCB7383J1Z4', address: '12 MG Road, Bengaluru' };
    const res = await putDetails('auth0|b1', body).expect(200);
    expect(res.body).toMatchObject({ userId: 'auth0|b1', ...body });
    expect((await t.http.get('/v1/users/auth0|b1/billing-details').set('Authorization', admin()).expect(200)).body).toEqual(res.body);
    // A reader without a GSTIN (B2C): only name and state.
    expect((await putDetails('auth0|b1', { name: 'A Reader', stateCode: '27' }, admin()).expect(200)).body).toMatchObject({
      gstin: null,
      address: null,
    });
    const audit = await t.dataSource.query(`SELECT action, actor FROM audit_log WHERE entity_type = 'billing_details' ORDER BY seq`);
    expect(audit).toEqual([
      { action: 'billing_details.update', actor: 'test-paywall' },
      { action: 'billing_details.update', actor: 'test-admin' },
    ]);
    const before = await snapshot();
    const wrongState = await putDetails('auth0|b1', { ...body, stateCode: '27' }).expect(400);
    expect(wrongState.body.code).toBe('INVALID_GSTIN');
    expect((await putDetails('bad user', body)).status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses generated bad billing details with a stable 4xx code and leaves the database as it was', async () => {
    const body = fc.record(
      {
        name: fc.constantFrom('Acme', '', ' ', 7, null),
        stateCode: fc.constantFrom('29', '27', '00', '39', 29),
        gstin: fc.constantFrom('29AAGCB7383J1Z4', '29AAGCB7383J1Z5', '27AAPFU0939F1ZV', 'x', null, 5),
        address: fc.constantFrom('Bengaluru', '', null),
        extra: fc.constantFrom(true),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom('gen-1', 'gen 1', ''), async (b, userId) => {
        const before = await snapshot();
        const res = await putDetails(userId, b);
        if (res.status === 200) {
          await t.dataSource.query(`DELETE FROM billing_details WHERE user_id = $1`, [userId]);
          await t.dataSource.query(`DELETE FROM audit_log WHERE entity_type = 'billing_details' AND entity_id = $1`, [userId]);
          return;
        }
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(['VALIDATION_FAILED', 'INVALID_GSTIN', 'NOT_FOUND']).toContain(res.body.code);
        expect(await snapshot()).toEqual(before);
      }),
      { numRuns: 60 },
    );
  });

  it('keeps the tax routes to their roles', async () => {
    await t.http.put('/v1/admin/tax-settings').set('Authorization', paywall()).send(PUBLISHER).expect(403);
    await t.http.get('/v1/admin/tax-invoices').set('Authorization', paywall()).expect(403);
    await t.http.get('/v1/users/u1/tax-invoices').expect(401);
  });
});
