import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule, AppOptions } from './app.module';
import { ApiKeyVerifier } from './auth/api-key-verifier';
import { DomainError } from './common/errors';
import { registerHttpInput } from './common/http-input';
import { connectRedis } from './common/redis';
import { createLogger, echoRequestId, RequestLogController, requestId } from './common/logging';
import { completeForClients } from './common/openapi';
import { createValidationPipe } from './common/validation';

/**
 * Builds the HTTP application exactly as production runs it; tests call this too. On Fastify rather than Express: the
 * paywall calls the entitlement check on every page view, and Fastify's request pipeline costs a fraction of
 * Express's (see the README's Benchmarks). Sends no ETag or X-Powered-By of its own.
 */
export async function createApp(opts: AppOptions): Promise<NestFastifyApplication> {
  const logger = opts.logger ?? createLogger(opts.env.LOG_LEVEL, opts.logDestination);
  const adapter = new FastifyAdapter({
    // The client address (rate limit, logs) comes from X-Forwarded-For only when TRUST_PROXY names the proxies.
    // (Fastify takes a hop count too; the adapter's type leaves it out.)
    trustProxy: opts.env.TRUST_PROXY as boolean | string,
    loggerInstance: logger,
    logController: new RequestLogController(),
    genReqId: requestId,
    // Longer than any URL Node accepts (16 KB of headers): the pipes, with their 400s, answer a too-long path id.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 16 * 1024 },
    // A path that is not valid percent-encoded UTF-8 (`/v1/admin/plans/%FF`) is answered like any other bad input.
    frameworkErrors: (_error: Error, _req: FastifyRequest, reply: FastifyReply) => {
      const e = new DomainError('MALFORMED_URL', 'The request path is not valid percent-encoded UTF-8');
      void reply.code(e.status).send({ statusCode: e.status, code: e.code, message: e.message });
    },
  });
  echoRequestId(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register({ ...opts, logger }), adapter, {
    // Bodies are parsed by registerHttpInput (JSON only, with its limits), which also keeps req.rawBody.
    bodyParser: false,
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  const keys = app.get(ApiKeyVerifier);
  const { REDIS_URL, REDIS_KEY_PREFIX, PUBLIC_RATE_LIMIT_PER_MINUTE } = opts.env;
  const redis = REDIS_URL && PUBLIC_RATE_LIMIT_PER_MINUTE > 0 ? await connectRedis(REDIS_URL, logger) : undefined;
  if (redis) adapter.getInstance().addHook('onClose', async () => redis.disconnect());
  await registerHttpInput(adapter.getInstance(), {
    isKeyed: async (req) => (await keys.keyOf(req)) !== null,
    publicRateLimitPerMinute: PUBLIC_RATE_LIMIT_PER_MINUTE,
    rateLimitRedis: redis && { client: redis, keyPrefix: REDIS_KEY_PREFIX },
  });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  setupOpenApi(app);
  return app;
}

function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Tollgate')
    .setDescription(
      'Subscription pricing, plan management and entitlements for digital publishers. ' +
        'Money is integer minor units; times are ISO 8601 UTC. Errors: {statusCode, code, message, details?, errorId?}. ' +
        'A request body must be JSON (Content-Type: application/json, at most 1 MiB with an API key, 16 KiB without): malformed JSON ' +
        'is 400 MALFORMED_JSON, arrays and objects nested more than 32 deep 400 BODY_TOO_DEEP, a NUL character or an unpaired ' +
        'UTF-16 surrogate in any string, key, path parameter or query value 400 UNSUPPORTED_CHARACTER, a path that is not valid ' +
        'percent-encoded UTF-8 400 MALFORMED_URL, another content type (forms and text/plain included) 415 UNSUPPORTED_MEDIA_TYPE, ' +
        'a larger body 413 PAYLOAD_TOO_LARGE. Calls without a valid API key (any route but the Stripe webhook, /docs and /health ' +
        'included) share one limit per client address, PUBLIC_RATE_LIMIT_PER_MINUTE: past it 429 RATE_LIMITED with Retry-After. ' +
        'Every response carries X-Request-Id.',
    )
    .setVersion('1')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'API key',
      description:
        'An API key of role admin or paywall, sent as `Authorization: Bearer tg_<role>_…` ' +
        '(the first start on an empty embedded database prints an admin key; `npm run cli -- api-keys:create`, or ' +
        'POST /v1/admin/api-keys with an admin key, makes more).',
    })
    .build();
  const document = completeForClients(SwaggerModule.createDocument(app, config));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
