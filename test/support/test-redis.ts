import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';

/** The Redis the postgres project's multi-instance specs use; .ci/run makes sure it runs. Override with TEST_REDIS_URL. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix of one test file's own (REDIS_KEY_PREFIX), so files running at once never count in each other's keys. */
export interface TestRedis {
  url: string;
  prefix: string;
  client: Redis;
  /** Deletes this file's keys (its prefix only) and closes the client. */
  close(): Promise<void>;
}

export async function openTestRedis(): Promise<TestRedis> {
  const client = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    client.disconnect();
    throw new Error(
      `These tests need Redis at ${TEST_REDIS_URL} (set TEST_REDIS_URL to change it); .ci/run starts it, or: ` +
        `redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no. Cause: ${(e as Error).message}`,
      { cause: e },
    );
  }
  const prefix = `tollgate-test:${process.pid}-${randomBytes(4).toString('hex')}:`;
  const deleteOwnKeys = async () => {
    for await (const keys of client.scanStream({ match: `${prefix}*`, count: 100 }) as AsyncIterable<string[]>) {
      if (keys.length) await client.del(...keys);
    }
  };
  return {
    url: TEST_REDIS_URL,
    prefix,
    client,
    close: async () => {
      try {
        await deleteOwnKeys();
      } finally {
        client.disconnect();
      }
    },
  };
}
