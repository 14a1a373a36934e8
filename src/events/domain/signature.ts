import { createHmac, timingSafeEqual } from 'node:crypto';

/** Seconds a signature's timestamp may differ from the receiver's clock (Stripe's default, for the same reason). */
const DEFAULT_TOLERANCE_SECONDS = 300;

function hmacHex(secret: string, timestamp: number, rawBody: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/** `t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` for a body sent at `timestamp` (unix seconds). */
export function signPayload(secret: string, rawBody: string | Buffer, timestamp: number): string {
  return `t=${timestamp},v1=${hmacHex(secret, timestamp, rawBody)}`;
}

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: 'malformed' | 'too_old' | 'mismatch' };

function parseHeader(header: string): { timestamp: number; signatures: string[] } | null {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return null;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value) || timestamp !== null) return null;
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/.test(value)) return null;
      signatures.push(value);
    }
    // Unknown schemes are skipped, so a future v2 can be added beside v1 without breaking receivers.
  }
  return timestamp === null || !signatures.length ? null : { timestamp, signatures };
}

/**
 * Checks a `Tollgate-Signature` header against the raw body: the timestamp must be within `toleranceSeconds` of
 * `nowSeconds` (replays of old deliveries fail) and one v1 value must equal the expected HMAC, compared in constant time.
 */
export function verifySignature(
  secret: string,
  rawBody: string | Buffer,
  header: string,
  nowSeconds: number,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): SignatureCheck {
  const parsed = parseHeader(header);
  if (!parsed) return { ok: false, reason: 'malformed' };
  if (Math.abs(nowSeconds - parsed.timestamp) > toleranceSeconds) return { ok: false, reason: 'too_old' };
  const expected = Buffer.from(hmacHex(secret, parsed.timestamp, rawBody), 'hex');
  const matches = parsed.signatures.some((sig) => timingSafeEqual(Buffer.from(sig, 'hex'), expected));
  return matches ? { ok: true, timestamp: parsed.timestamp } : { ok: false, reason: 'mismatch' };
}
