import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { signPayload, verifySignature } from './signature';

const SECRET = 'whsec_tg_test_secret';
const BODY = '{"id":"evt_1","type":"grant.created","createdAt":"2026-12-06T00:00:00.000Z","data":{}}';
const T = 1_796_000_000;

describe('signPayload', () => {
  it('is t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">', () => {
    const hex = createHmac('sha256', SECRET).update(`${T}.${BODY}`).digest('hex');
    expect(signPayload(SECRET, BODY, T)).toBe(`t=${T},v1=${hex}`);
  });

  it('signs a Buffer body exactly as the same bytes as a string', () => {
    expect(signPayload(SECRET, Buffer.from(BODY), T)).toBe(signPayload(SECRET, BODY, T));
  });
});

describe('verifySignature', () => {
  const good = signPayload(SECRET, BODY, T);
  const v1 = good.split(',v1=')[1];
  const other = signPayload('another', BODY, T).split(',v1=')[1];

  it.each([
    ['the header as signed', good, T, { ok: true, timestamp: T }],
    ['at the edge of the tolerance, later', good, T + 300, { ok: true, timestamp: T }],
    ['at the edge of the tolerance, earlier (receiver clock behind)', good, T - 300, { ok: true, timestamp: T }],
    ['with spaces after commas', `t=${T}, v1=${v1}`, T, { ok: true, timestamp: T }],
    ['with an unknown scheme beside v1', `t=${T},v0=abc,v1=${v1}`, T, { ok: true, timestamp: T }],
    ['with a rotated secret first and the current one second', `t=${T},v1=${other},v1=${v1}`, T, { ok: true, timestamp: T }],
    ['one second past the tolerance', good, T + 301, { ok: false, reason: 'too_old' }],
    ['signed by another secret', `t=${T},v1=${other}`, T, { ok: false, reason: 'mismatch' }],
    ['with the timestamp changed', `t=${T + 1},v1=${v1}`, T, { ok: false, reason: 'mismatch' }],
    ['empty', '', T, { ok: false, reason: 'malformed' }],
    ['with no timestamp', `v1=${v1}`, T, { ok: false, reason: 'malformed' }],
    ['with no v1', `t=${T}`, T, { ok: false, reason: 'malformed' }],
    ['with two timestamps', `t=${T},t=${T},v1=${v1}`, T, { ok: false, reason: 'malformed' }],
    ['with a short v1', `t=${T},v1=${v1.slice(2)}`, T, { ok: false, reason: 'malformed' }],
    ['with upper-case hex', `t=${T},v1=${v1.toUpperCase()}`, T, { ok: false, reason: 'malformed' }],
    ['with a non-numeric timestamp', `t=1e9,v1=${v1}`, T, { ok: false, reason: 'malformed' }],
    ['with a negative timestamp', `t=-${T},v1=${v1}`, T, { ok: false, reason: 'malformed' }],
    ['with a part lacking "="', `t=${T},v1`, T, { ok: false, reason: 'malformed' }],
  ])('%s', (_name, header, now, expected) => {
    expect(verifySignature(SECRET, BODY, header, now)).toEqual(expected);
  });

  it('takes a tolerance', () => {
    expect(verifySignature(SECRET, BODY, good, T + 10, 5)).toEqual({ ok: false, reason: 'too_old' });
    expect(verifySignature(SECRET, BODY, good, T + 5, 5)).toEqual({ ok: true, timestamp: T });
  });
});

describe('sign then verify (property)', () => {
  // HMAC pads a key with zero bytes (and hashes one past 64 bytes), so "a" and "a\0" are one key: no NULs, at most 40.
  const secret = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !s.includes('\0'));
  const body = fc.uint8Array({ minLength: 0, maxLength: 300 });
  const ts = fc.integer({ min: 0, max: 4_000_000_000 });

  it('holds for any secret, body and timestamp', () => {
    fc.assert(
      fc.property(secret, body, ts, (s, b, t) => {
        expect(verifySignature(s, Buffer.from(b), signPayload(s, Buffer.from(b), t), t).ok).toBe(true);
      }),
    );
  });

  it('fails when any byte of the body changes', () => {
    fc.assert(
      fc.property(
        secret,
        body.filter((b) => b.length > 0),
        ts,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (s, b, t, at, delta) => {
          const header = signPayload(s, Buffer.from(b), t);
          const changed = Buffer.from(b);
          const i = at % changed.length;
          changed[i] = (changed[i] + delta) % 256;
          expect(verifySignature(s, changed, header, t)).toEqual({ ok: false, reason: 'mismatch' });
        },
      ),
    );
  });

  it('fails when the timestamp changes, within the tolerance', () => {
    fc.assert(
      fc.property(
        secret,
        body,
        ts,
        fc.integer({ min: -300, max: 300 }).filter((d) => d !== 0),
        (s, b, t, d) => {
          fc.pre(t + d >= 0);
          const v1 = signPayload(s, Buffer.from(b), t).split(',v1=')[1];
          expect(verifySignature(s, Buffer.from(b), `t=${t + d},v1=${v1}`, t)).toEqual({ ok: false, reason: 'mismatch' });
        },
      ),
    );
  });

  it('fails under any other secret', () => {
    fc.assert(
      fc.property(secret, secret, body, ts, (s, other, b, t) => {
        fc.pre(s !== other);
        expect(verifySignature(other, Buffer.from(b), signPayload(s, Buffer.from(b), t), t)).toEqual({ ok: false, reason: 'mismatch' });
      }),
    );
  });
});
