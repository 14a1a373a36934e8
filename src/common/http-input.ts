import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyRateLimit from '@fastify/rate-limit';
import type Redis from 'ioredis';
import secureJson from 'secure-json-parse';
import { DomainError } from './errors';
import { assertStorableText, jsonDepthExceeds, MAX_JSON_DEPTH } from './json-input';

/** Largest request body accepted from a caller with an API key (a Stripe event is a few KB; Fastify's own default). */
const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Largest body accepted without a valid API key. The keyless routes that take a body (the demo meter read and
 * checkout, 100-odd bytes) need far less; refusing more before parsing keeps an anonymous client from spending the
 * event loop on JSON.parse (1 MB costs 5-30 ms) at the public rate limit. The Stripe webhook is exempt (raw body).
 */
const KEYLESS_BODY_LIMIT_BYTES = 16 * 1024;

/** Route config (Nest's `@RouteConfig`) for a route that reads `req.rawBody` itself: the body is not parsed or checked. */
interface RawBodyRouteConfig {
  rawBodyOnly?: boolean;
}

export interface HttpInputOptions {
  /** Whether the request carries a valid API key (a shared, per-request lookup). */
  isKeyed(req: FastifyRequest): Promise<boolean>;
  /** Calls per minute per client address without a valid API key; 0 turns the limit off. */
  publicRateLimitPerMinute: number;
  /** Where the limit counts when set (REDIS_URL): one count per address across every instance; else per instance. */
  rateLimitRedis?: { client: Redis; keyPrefix: string };
}

/**
 * Everything Tollgate accepts before a route's own validation runs, in one place:
 * - bodies are JSON only (`application/json`; any other type, forms and text/plain included, is 415), at most
 *   BODY_LIMIT_BYTES, or KEYLESS_BODY_LIMIT_BYTES without a key; nested at most MAX_JSON_DEPTH deep (checked on the
 *   bytes, before parsing); `__proto__`/`constructor` keys refused; no string or key PostgreSQL cannot store (NUL,
 *   unpaired surrogates);
 * - path parameters and query strings hold no such text either;
 * - keyless calls are limited per client address across every route (the docs and /health included), except the
 *   routes whose config says `rateLimit: false` (Stripe's webhook).
 * The raw bytes are kept as `req.rawBody` for the webhook's signature.
 */
export async function registerHttpInput(fastify: FastifyInstance, opts: HttpInputOptions): Promise<void> {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES }, async (req: FastifyRequest, body: Buffer) => {
    (req as FastifyRequest & { rawBody?: Buffer }).rawBody = body;
    if (rawBodyOnly(req)) return undefined;
    if (body.length > KEYLESS_BODY_LIMIT_BYTES && !(await opts.isKeyed(req))) throw keylessTooLarge();
    return parseJsonBody(body);
  });
  // A keyless body announced larger than its limit is refused before a byte of it is read.
  fastify.addHook('preParsing', async (req) => {
    if (rawBodyOnly(req) || !(Number(req.headers['content-length']) > KEYLESS_BODY_LIMIT_BYTES)) return;
    if (!(await opts.isKeyed(req))) throw keylessTooLarge();
  });
  fastify.addHook('preValidation', (req, _reply, done) => {
    try {
      assertStorableText(req.params, 'path');
      assertStorableText(req.query, 'query');
      done();
    } catch (e) {
      done(e as Error);
    }
  });
  if (opts.publicRateLimitPerMinute > 0) {
    await fastify.register(fastifyRateLimit, {
      global: true,
      max: opts.publicRateLimitPerMinute,
      timeWindow: 60_000,
      allowList: (req: FastifyRequest) => opts.isKeyed(req),
      errorResponseBuilder: (_req, ctx) =>
        new DomainError('RATE_LIMITED', `Too many requests without an API key from this address; retry after ${ctx.after}`),
      // Redis down or slow: the call goes on unlimited (a paywall keeps serving); see connectRedis.
      ...(opts.rateLimitRedis && { redis: opts.rateLimitRedis.client, nameSpace: `${opts.rateLimitRedis.keyPrefix}rate-limit:`, skipOnError: true }),
    });
  }
}

const rawBodyOnly = (req: FastifyRequest) => !!(req.routeOptions.config as RawBodyRouteConfig | undefined)?.rawBodyOnly;

const keylessTooLarge = () => new DomainError('PAYLOAD_TOO_LARGE', `A request without an API key may send at most ${KEYLESS_BODY_LIMIT_BYTES} bytes`);

/** A JSON body as the routes see it, or the 400 that says what is wrong with it. */
function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) throw new DomainError('MALFORMED_JSON', 'The request body is empty; send a JSON value');
  if (jsonDepthExceeds(body, MAX_JSON_DEPTH)) {
    throw new DomainError('BODY_TOO_DEEP', `The request body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep`);
  }
  let value: unknown;
  try {
    value = secureJson.parse(body, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    throw new DomainError('MALFORMED_JSON', 'The request body is not valid JSON');
  }
  assertStorableText(value, 'body');
  return value;
}
