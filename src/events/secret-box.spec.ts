import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { EnvValidationError, validateEnv } from '../config/env.schema';
import { decryptSecret, encryptSecret, resolveWebhookSecretKey } from './secret-box';

const KEY = randomBytes(32);

describe('encryptSecret / decryptSecret', () => {
  it('round-trips any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        expect(decryptSecret(KEY, encryptSecret(KEY, s))).toBe(s);
      }),
    );
  });

  it('uses a fresh IV: the same secret seals differently each time', () => {
    expect(encryptSecret(KEY, 'whsec_x')).not.toBe(encryptSecret(KEY, 'whsec_x'));
  });

  it('does not contain the plaintext', () => {
    expect(encryptSecret(KEY, 'whsec_visible')).not.toContain('visible');
  });

  it('detects any changed byte of the IV, tag or ciphertext', () => {
    const sealed = encryptSecret(KEY, 'whsec_tamper_me');
    const parts = sealed.split('.');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (part, at, delta) => {
        const bytes = Buffer.from(parts[part], 'base64');
        bytes[at % bytes.length] ^= delta;
        const changed = parts.map((p, i) => (i === part ? bytes.toString('base64') : p)).join('.');
        expect(() => decryptSecret(KEY, changed)).toThrow();
      }),
    );
  });

  it('refuses another key', () => {
    expect(() => decryptSecret(randomBytes(32), encryptSecret(KEY, 'whsec_x'))).toThrow();
  });

  it.each(['', 'whsec_plain', 'v2.a.b.c', 'v1.a.b', 'v1.AAAA.AAAA.AAAA', `${encryptSecret(KEY, 'x')}.extra`])('refuses %j', (bad) => {
    expect(() => decryptSecret(KEY, bad)).toThrow();
  });
});

describe('WEBHOOK_SECRET_KEY at boot', () => {
  const hex = 'ab'.repeat(32);
  const b64 = Buffer.alloc(32, 7).toString('base64');

  it.each([
    [hex, Buffer.alloc(32, 0xab)],
    [hex.toUpperCase(), Buffer.alloc(32, 0xab)],
    [b64, Buffer.alloc(32, 7)],
  ])('takes %s', (value, bytes) => {
    expect(validateEnv({ WEBHOOK_SECRET_KEY: value }).WEBHOOK_SECRET_KEY).toBe(value);
    expect(resolveWebhookSecretKey({ WEBHOOK_SECRET_KEY: value, DATA_DIR: '/nonexistent' })).toEqual(bytes);
  });

  it.each([
    'ab'.repeat(31),
    'ab'.repeat(33),
    'zz'.repeat(32),
    Buffer.alloc(31).toString('base64'),
    Buffer.alloc(33).toString('base64'),
    `${b64.slice(0, 42)}B=`, // non-canonical final character
    'secret',
  ])('stops the start with a clear message for %j', (value) => {
    expect(() => validateEnv({ WEBHOOK_SECRET_KEY: value })).toThrow(EnvValidationError);
    expect(() => validateEnv({ WEBHOOK_SECRET_KEY: value })).toThrow(/WEBHOOK_SECRET_KEY must be 32 bytes/);
  });

  it('is none on PostgreSQL when not given', () => {
    expect(resolveWebhookSecretKey({ DATABASE_URL: 'postgres://x/y', DATA_DIR: '/nonexistent' })).toBeNull();
  });

  describe('in embedded mode with none given', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'tg-key-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('is generated once into the data directory, mode 0600, and reused', () => {
      const first = resolveWebhookSecretKey({ DATA_DIR: dir });
      const file = join(dir, 'webhook-secret.key');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(first).toHaveLength(32);
      expect(resolveWebhookSecretKey({ DATA_DIR: dir })).toEqual(first);
      expect(readFileSync(file, 'utf8').trim()).toBe(first!.toString('hex'));
    });

    it('a damaged key file stops the start with a clear message', () => {
      writeFileSync(join(dir, 'webhook-secret.key'), 'not a key\n');
      expect(() => resolveWebhookSecretKey({ DATA_DIR: dir })).toThrow(/webhook secret key file .* must hold 32 bytes/);
    });

    it('creates the data directory if need be', () => {
      expect(resolveWebhookSecretKey({ DATA_DIR: join(dir, 'a', 'b') })).toHaveLength(32);
    });

    it('a data directory that cannot be made stops the start with a clear message', () => {
      writeFileSync(join(dir, 'file'), '');
      expect(() => resolveWebhookSecretKey({ DATA_DIR: join(dir, 'file', 'data') })).toThrow(/Cannot create the webhook secret key/);
    });
  });
});

describe('WEBHOOK_ALLOW_PRIVATE_URLS', () => {
  it.each([
    [{}, false],
    [{ WEBHOOK_ALLOW_PRIVATE_URLS: 'true' }, true],
    [{ WEBHOOK_ALLOW_PRIVATE_URLS: 'false' }, false],
  ])('%j → %s', (raw, expected) => {
    expect(validateEnv(raw).WEBHOOK_ALLOW_PRIVATE_URLS).toBe(expected);
  });

  it('refuses another value', () => {
    expect(() => validateEnv({ WEBHOOK_ALLOW_PRIVATE_URLS: 'yes' })).toThrow(/WEBHOOK_ALLOW_PRIVATE_URLS must be true or false/);
  });
});
