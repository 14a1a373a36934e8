import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EnvValidationError, type EnvDto, SECRET_KEY_PATTERN } from '../config/env.schema';

const KEY_FILE = 'webhook-secret.key';
const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A key as SECRET_KEY_PATTERN writes it (the environment's or the key file's) as its 32 bytes. */
function decodeKey(value: string, origin: string): Buffer {
  if (!SECRET_KEY_PATTERN.test(value)) {
    throw new EnvValidationError(`${origin} must hold 32 bytes as 64 hex characters or 44 characters of base64`);
  }
  return Buffer.from(value, value.length === 64 ? 'hex' : 'base64');
}

/** Reads the embedded mode's key from the data directory, creating it (mode 0600) on the first start. */
function keyFromDataDir(dataDir: string): Buffer {
  const path = join(resolve(dataDir), KEY_FILE);
  try {
    mkdirSync(resolve(dataDir), { recursive: true });
    // 'wx' fails if the file exists: a key once written is never replaced, or every stored secret would be lost.
    writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new EnvValidationError(`Cannot create the webhook secret key ${path}: ${(e as Error).message}`);
    }
  }
  return decodeKey(readFileSync(path, 'utf8').trim(), `The webhook secret key file ${path}`);
}

/**
 * The key for webhook secrets: WEBHOOK_SECRET_KEY, else in embedded mode a key kept in DATA_DIR; null on PostgreSQL
 * with none given (instances sharing a database must share the key, so none is invented there).
 */
export function resolveWebhookSecretKey(env: Pick<EnvDto, 'WEBHOOK_SECRET_KEY' | 'DATABASE_URL' | 'DATA_DIR'>): Buffer | null {
  if (env.WEBHOOK_SECRET_KEY) return decodeKey(env.WEBHOOK_SECRET_KEY, 'WEBHOOK_SECRET_KEY');
  return env.DATABASE_URL ? null : keyFromDataDir(env.DATA_DIR);
}

/** AES-256-GCM: `v1.<base64 iv>.<base64 tag>.<base64 ciphertext>`; a fresh IV per call. */
export function encryptSecret(key: Buffer, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [FORMAT, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join('.');
}

/** The plaintext of encryptSecret's output; throws if it was altered or sealed under another key. */
export function decryptSecret(key: Buffer, sealed: string): string {
  const [format, iv, tag, body, ...rest] = sealed.split('.');
  if (format !== FORMAT || body === undefined || rest.length) throw new Error('Not an encrypted webhook secret');
  const ivBytes = Buffer.from(iv, 'base64');
  const tagBytes = Buffer.from(tag, 'base64');
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) throw new Error('Not an encrypted webhook secret');
  const decipher = createDecipheriv('aes-256-gcm', key, ivBytes, { authTagLength: TAG_BYTES });
  decipher.setAuthTag(tagBytes);
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
}
