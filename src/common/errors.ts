/** Every stable error code the API answers with, and its HTTP status. Extend here, nowhere else. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  MALFORMED_URL: 400,
  BODY_TOO_DEEP: 400,
  UNSUPPORTED_CHARACTER: 400,
  UNKNOWN_BENEFIT: 400,
  UNKNOWN_PLAN: 400,
  ANONYMOUS_LIMIT_ABOVE_FREE_LIMIT: 400,
  INVALID_WEBHOOK: 400,
  PLAN_NOT_ACTIVE: 400,
  PLAN_UNCHANGED: 400,
  CURRENCY_MISMATCH: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  PLAN_NOT_FOUND: 404,
  BENEFIT_NOT_FOUND: 404,
  API_KEY_NOT_FOUND: 404,
  SUBSCRIPTION_NOT_FOUND: 404,
  GRANT_NOT_FOUND: 404,
  WEBHOOK_EVENT_NOT_FOUND: 404,
  PLAN_CODE_TAKEN: 409,
  BENEFIT_CODE_TAKEN: 409,
  STRIPE_PRICE_TAKEN: 409,
  ALREADY_SUBSCRIBED: 409,
  SUBSCRIPTION_NOT_CANCELABLE: 409,
  SUBSCRIPTION_NOT_RESUMABLE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  STRIPE_ERROR: 502,
  STRIPE_NOT_CONFIGURED: 503,
  SERVICE_UNAVAILABLE: 503,
  SUBSCRIPTION_NOT_CHANGEABLE: 409,
  BILLING_CUSTOMER_NOT_FOUND: 404,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetail {
  field?: string;
  message: string;
}

/** A failure the caller can act on: maps to a 4xx (or 502/503) with a stable code. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}
