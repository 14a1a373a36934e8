import { RequestMethod } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import pino from 'pino';

/** Header and field paths that must never reach a log line. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["stripe-signature"]',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  '*.STRIPE_SECRET_KEY',
  '*.STRIPE_WEBHOOK_SECRET',
  '*.DATABASE_URL',
];

/**
 * The request id: X-Request-Id when the caller sent a sane one, else a new UUID. Fastify assigns it to every request
 * (its genReqId); pino-http then logs under it, and the response echoes it.
 */
export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
}

/** nestjs-pino settings: JSON lines, one per request under its request id, secrets redacted. */
export function loggerParams(level: string, destination: NodeJS.WritableStream = process.stdout): Params {
  return {
    // Every route: on Fastify (through @fastify/middie) the package's default pattern matches no request.
    forRoutes: [{ path: '*path', method: RequestMethod.ALL }],
    pinoHttp: {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      serializers: {
        req: (req: { id: string; method: string; url: string; headers: Record<string, unknown> }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
          headers: req.headers,
        }),
      },
      stream:
        destination === process.stdout || destination === process.stderr
          ? pino.destination({ dest: destination === process.stderr ? 2 : 1, sync: false })
          : destination,
    },
  };
}
