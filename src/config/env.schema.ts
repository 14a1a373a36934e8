import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : /^-?\d+$/.test(String(value)) ? Number(value) : value;

/** TRUST_PROXY as Fastify's trustProxy takes it: "true"/"false", a hop count, or a list of addresses and CIDRs. */
const toTrustProxy = ({ value }: { value: unknown }) =>
  value === undefined || value === 'false' ? false : value === 'true' ? true : /^\d+$/.test(String(value)) ? Number(value) : value;

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' || value === undefined ? false : value);

/** 32 bytes as 64 hex characters, or as canonical base64 (44 characters, the last before "=" carrying no stray bits). */
export const SECRET_KEY_PATTERN = /^[0-9a-fA-F]{64}$|^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

/** Every setting the service reads from its environment; validated once at boot. */
export class EnvDto {
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^\s]+$/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @IsString()
  @MinLength(1)
  DATA_DIR: string = './data';

  @IsOptional()
  @Matches(/^(sk|rk)_[A-Za-z0-9_]+$/, { message: 'STRIPE_SECRET_KEY must look like sk_... or rk_...' })
  STRIPE_SECRET_KEY?: string;

  @IsOptional()
  @Matches(/^whsec_[A-Za-z0-9_]+$/, { message: 'STRIPE_WEBHOOK_SECRET must look like whsec_...' })
  STRIPE_WEBHOOK_SECRET?: string;

  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(:\d+)?\/?$/, { message: 'STRIPE_API_URL must be an http(s) URL such as http://127.0.0.1:12111' })
  STRIPE_API_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(365)
  GRACE_PERIOD_DAYS: number = 7;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(24 * 31)
  RENEWAL_LEEWAY_HOURS: number = 48;

  @IsString()
  @Matches(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$|^UTC$/, { message: 'METER_TIMEZONE must be an IANA time zone such as Asia/Kolkata' })
  METER_TIMEZONE: string = 'Asia/Kolkata';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  PUBLIC_RATE_LIMIT_PER_MINUTE: number = 1200;

  /**
   * A Redis the instances share (`redis://[:password@]host:port[/db]`, `rediss://` for TLS): the public rate limit is
   * then counted there, across every instance, instead of in each instance's memory.
   */
  @IsOptional()
  @Matches(/^rediss?:\/\/[^\s/]+(\/\d{1,2})?\/?$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379' })
  REDIS_URL?: string;

  /** What every Redis key of this deployment starts with (several deployments, or test files, may share one Redis). */
  @Matches(/^[A-Za-z0-9:_.-]{1,64}$/, { message: 'REDIS_KEY_PREFIX must be 1-64 letters, digits or : _ . -' })
  REDIS_KEY_PREFIX: string = 'tollgate:';

  /**
   * Whose X-Forwarded-For gives the client address (the per-address rate limit, logs): false (default: the TCP peer),
   * true (any), a number of proxy hops, or proxies' addresses/CIDRs (`loopback`, `10.0.0.0/8,127.0.0.1`).
   */
  @Transform(toTrustProxy)
  @ValidateIf((o: EnvDto) => typeof o.TRUST_PROXY === 'string')
  @Matches(/^[A-Za-z0-9.:/_-]+(\s*,\s*[A-Za-z0-9.:/_-]+)*$/, {
    message: 'TRUST_PROXY must be true, false, a hop count, or a comma-separated list of addresses/CIDRs such as loopback,10.0.0.0/8',
  })
  TRUST_PROXY: boolean | number | string = false;

  /** Seconds an instance may serve a cached API key / entitlement before re-reading PostgreSQL. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(300)
  CACHE_TTL_SECONDS: number = 2;

  /** Meter months of reads and counters kept, the month in force included; older ones are deleted daily. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(120)
  READ_HISTORY_MONTHS: number = 3;

  /** Lets webhook endpoints point at private, loopback and link-local hosts (a receiver on the same machine or network). */
  @Transform(toBool)
  @IsBoolean({ message: 'WEBHOOK_ALLOW_PRIVATE_URLS must be true or false' })
  WEBHOOK_ALLOW_PRIVATE_URLS: boolean = false;

  /**
   * How long an instance holds a webhook delivery it is sending: another instance takes it over only after that (so a
   * killed instance's attempt is retried then). Longer than the 10 s send timeout.
   */
  @Transform(toInt)
  @IsInt()
  @Min(15)
  @Max(3600)
  WEBHOOK_DELIVERY_LEASE_SECONDS: number = 60;

  /**
   * The AES-256 key that encrypts webhook endpoints' signing secrets at rest: 32 bytes as 64 hex characters or as
   * base64 (44 characters). Unset in embedded mode: one is generated into DATA_DIR on the first start.
   */
  @IsOptional()
  @Matches(SECRET_KEY_PATTERN, {
    message: 'WEBHOOK_SECRET_KEY must be 32 bytes: 64 hex characters or 44 characters of base64 (openssl rand -hex 32)',
  })
  WEBHOOK_SECRET_KEY?: string;
}

export class EnvValidationError extends Error {}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Validates a raw environment; throws EnvValidationError naming every bad variable. */
export function validateEnv(raw: Record<string, string | undefined>): EnvDto {
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const env = plainToInstance(EnvDto, cleaned, { exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: false, forbidUnknownValues: false });
  const messages = errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `${e.property}: ${m}`));
  if (!messages.length && !isValidTimeZone(env.METER_TIMEZONE)) {
    messages.push(`METER_TIMEZONE: unknown time zone "${env.METER_TIMEZONE}"`);
  }
  if (messages.length) {
    throw new EnvValidationError(`Invalid configuration:\n  ${messages.join('\n  ')}`);
  }
  return env;
}

export const ENV = Symbol('ENV');
