import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import pino, { Logger } from 'pino';

/** Header and field paths that must never reach a log line. */
const REDACT_PATHS = [
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
 * (its genReqId), request.log carries it as reqId, the request's log line shows it as req.id, and the response echoes it.
 */
export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
}

/** The process's one pino logger: JSON lines, secrets redacted. Fastify and Nest (through nestjs-pino) share it. */
export function createLogger(level: string, destination: NodeJS.WritableStream = process.stdout): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: {
        err: pino.stdSerializers.err,
        req: (req: FastifyRequest) => ({ id: req.id, method: req.method, url: req.url, headers: req.headers }),
      },
    },
    destination === process.stdout || destination === process.stderr
      ? pino.destination({ dest: destination === process.stderr ? 2 : 1, sync: false })
      : destination,
  );
}

/**
 * nestjs-pino as the application logger (Nest's own and `new Logger(...)` lines) on the shared pino. Request lines come
 * from RequestLogController below, not from pino-http middleware: that built a child logger and serialised the request
 * for every request, even when no line was written.
 */
export function loggerParams(logger: Logger): Params {
  return { pinoHttp: { logger }, useExisting: true, forRoutes: [] };
}

/**
 * Fastify's request log lines, replaced by one JSON line per request when it completes (info, warn for 4xx, error for
 * 5xx or a failed send), under its request id; the request is serialised only when that level is enabled.
 */
export class RequestLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, req: FastifyRequest, reply: FastifyReply): void {
    const status = reply.statusCode;
    const level = error || status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    if (!(req.log as Logger).isLevelEnabled(level)) return;
    const line = { req, res: { statusCode: status }, responseTime: Math.round(reply.elapsedTime), ...(error ? { err: error } : {}) };
    req.log[level](line, 'request completed');
  }
}

/** Every response carries X-Request-Id (the id Fastify gave the request). */
export function echoRequestId(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (req, reply, done) => {
    void reply.header('X-Request-Id', req.id);
    done();
  });
}
