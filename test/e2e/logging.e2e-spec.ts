import { PassThrough } from 'node:stream';
import { startTestApp, TestApp } from '../support/test-app';

describe('structured logs', () => {
  let t: TestApp;
  const lines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    });
    t = await startTestApp({
      logStream: stream,
      env: { LOG_LEVEL: 'info', STRIPE_SECRET_KEY: 'sk_test_supersecret123', STRIPE_WEBHOOK_SECRET: 'whsec_supersecret456' },
    });
  });
  afterAll(() => t.close());

  it('logs each request as one JSON line with its request id, and never the key or Stripe secrets', async () => {
    const res = await t.http
      .get('/v1/admin/api-keys')
      .set('Authorization', t.bearer(t.adminKey))
      .set('Stripe-Signature', 't=1,v1=abc')
      .set('X-Request-Id', 'log-test-1')
      .expect(200);
    expect(res.headers['x-request-id']).toBe('log-test-1');
    await new Promise((r) => setTimeout(r, 50));
    const line = lines.find((l) => (l.req as { id?: string } | undefined)?.id === 'log-test-1');
    expect(line).toBeDefined();
    const headers = (line!.req as { headers: Record<string, string> }).headers;
    expect(headers.authorization).toBe('[redacted]');
    expect(headers['stripe-signature']).toBe('[redacted]');
    const all = JSON.stringify(lines);
    expect(all).not.toContain(t.adminKey);
    expect(all).not.toContain('supersecret');
  });
});
