import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule, AppOptions } from './app.module';
import { createLogger, echoRequestId, RequestLogController, requestId } from './common/logging';
import { createValidationPipe } from './common/validation';

/** Largest request body accepted (a Stripe event is a few KB; Fastify's own default). */
const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Builds the HTTP application exactly as production runs it; tests call this too. On Fastify rather than Express: the
 * paywall calls the entitlement check on every page view, and Fastify's request pipeline costs a fraction of
 * Express's (see the README's Benchmarks). Sends no ETag or X-Powered-By of its own.
 */
export async function createApp(opts: AppOptions): Promise<NestFastifyApplication> {
  const logger = opts.logger ?? createLogger(opts.env.LOG_LEVEL, opts.logDestination);
  const adapter = new FastifyAdapter({
    trustProxy: 'loopback',
    bodyLimit: BODY_LIMIT_BYTES,
    loggerInstance: logger,
    logController: new RequestLogController(),
    genReqId: requestId,
    // Long enough for any path parameter this API accepts (user ids up to 200 characters): the pipes, not the
    // router's 414, answer a too-long one.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1000 },
  });
  echoRequestId(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register({ ...opts, logger }), adapter, {
    rawBody: true,
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  setupOpenApi(app);
  return app;
}

export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Tollgate')
    .setDescription(
      'Subscription pricing, plan management and entitlements for digital publishers. ' +
        'Money is integer minor units; times are ISO 8601 UTC. Errors: {statusCode, code, message, details?, errorId?}. ' +
        'A request body must be JSON (Content-Type: application/json, at most 1 MiB): malformed JSON is 400 MALFORMED_JSON, ' +
        'another content type 415 UNSUPPORTED_MEDIA_TYPE, a larger body 413 PAYLOAD_TOO_LARGE. Every response carries X-Request-Id.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key (admin or paywall role)' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
