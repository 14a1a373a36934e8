import Redis from 'ioredis';
import type { Logger } from 'pino';

/**
 * The Redis client the public rate limit counts in (REDIS_URL). A paywall must keep serving when Redis does not: a
 * command never waits for a connection (no offline queue) and gives up after COMMAND_TIMEOUT_MS, and the rate limit is
 * registered with `skipOnError`, so while Redis is down or slow keyless calls pass unlimited instead of failing or
 * hanging. The client reconnects by itself with a capped backoff. Not reachable at boot: the service starts anyway
 * (an instance restarting during a Redis outage must not take the paywall down), with a warning in the log.
 */
export async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: 2000,
    // How long a closing client waits for its socket to close. ioredis also waits this long after a connection that
    // had already failed (its timer is never cleared then), which kept a stopped service alive 2 s by default.
    disconnectTimeout: 200,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5000),
  });
  const log = logger.child({ component: 'redis' });
  let down = false;
  // Logged once per outage, not once per reconnect attempt.
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    log.warn({ err: err.message }, 'Redis unreachable: the public rate limit is not enforced until it is back');
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    log.info('Redis reachable again: the public rate limit is shared again');
  });
  await redis.connect().catch(() => undefined);
  return redis;
}

/** How long a rate-limit count may take before the request goes on without it. */
const COMMAND_TIMEOUT_MS = 250;
