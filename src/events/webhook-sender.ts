import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isPrivateHost, webhookUrlProblem } from './domain/webhook-url';

/** How long a receiver has to answer (API.md). */
const SEND_TIMEOUT_MS = 10_000;
/** Most characters of an error kept on the delivery. */
const MAX_ERROR = 300;

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

/**
 * Checks the URL again at send time, now by the addresses its host resolves to (a name registered as public may point
 * at a private address): refused unless `allowPrivate`.
 */
async function addressProblem(url: URL, allowPrivate: boolean): Promise<string | null> {
  const problem = webhookUrlProblem(url.href, allowPrivate);
  if (problem) return `url not allowed (${problem})`;
  if (allowPrivate) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return null;
  const addresses = await lookup(host, { all: true, verbatim: true });
  const refused = addresses.find((a) => isPrivateHost(a.address));
  return refused ? `host resolves to a private address (${refused.address}); set WEBHOOK_ALLOW_PRIVATE_URLS=true to allow it` : null;
}

/**
 * POSTs one signed delivery: a 2xx within SEND_TIMEOUT_MS is a success, anything else (another status, a timeout, a
 * refused address, a network error) a failure to retry. Redirects are not followed (a 3xx is a failure).
 */
export async function sendWebhook(
  rawUrl: string,
  body: string,
  headers: Record<string, string>,
  allowPrivate: boolean,
  stop: AbortSignal,
): Promise<SendResult> {
  try {
    const url = new URL(rawUrl);
    const refused = await addressProblem(url, allowPrivate);
    if (refused) return { ok: false, statusCode: null, error: refused };
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'Tollgate-Webhooks/1', ...headers },
      body,
      redirect: 'manual',
      signal: AbortSignal.any([AbortSignal.timeout(SEND_TIMEOUT_MS), stop]),
    });
    // The answer's body is not read: dropping it frees the connection.
    await res.body?.cancel().catch(() => undefined);
    const ok = res.status >= 200 && res.status < 300;
    return { ok, statusCode: res.status, error: ok ? null : `HTTP ${res.status}` };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const reason = e.name === 'TimeoutError' ? `no answer within ${SEND_TIMEOUT_MS / 1000} s` : (e.cause?.code ?? e.cause?.message ?? e.message);
    return { ok: false, statusCode: null, error: String(reason).slice(0, MAX_ERROR) };
  }
}
