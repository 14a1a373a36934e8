import type { OpenAPIObject, OperationObject, ParameterObject, ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import { ERROR_STATUS } from './errors';

/** The error body every 4xx/5xx carries, with every code the service can answer (./errors.ts). */
const ERROR_RESPONSE_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['statusCode', 'code', 'message'],
  properties: {
    statusCode: { type: 'integer', example: 400 },
    code: { type: 'string', enum: Object.keys(ERROR_STATUS), example: 'VALIDATION_FAILED' },
    message: { type: 'string' },
    details: {
      type: 'array',
      items: { type: 'object', required: ['message'], properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
    errorId: { type: 'string', description: 'On a 500 only: quote it to support; it is in the log' },
  },
};

export const ERROR_RESPONSE_REF = '#/components/schemas/ErrorResponse';

const isRef = (x: object): x is ReferenceObject => '$ref' in x;

/** A route keyed by the global ApiKeyGuard carries the bearer security requirement (every @Roles controller). */
const isKeyed = (op: OperationObject) => (op.security ?? []).some((req) => Object.keys(req).length > 0);

/** Path parameters, query values and bodies are what the pipes and the input rules can refuse with a 400. */
const takesInput = (op: OperationObject) =>
  !!op.requestBody || (op.parameters ?? []).some((p) => !isRef(p) && ((p as ParameterObject).in === 'path' || (p as ParameterObject).in === 'query'));

/** The error answers an operation can meet whatever its handler does, by what it takes and whether it is keyed. */
const IMPLIED_ERRORS: { status: string; description: string; applies: (op: OperationObject) => boolean }[] = [
  {
    status: '400',
    description:
      'The input is refused: VALIDATION_FAILED (details name the fields), MALFORMED_JSON, BODY_TOO_DEEP, UNSUPPORTED_CHARACTER or MALFORMED_URL',
    applies: takesInput,
  },
  { status: '401', description: 'UNAUTHENTICATED: no API key, or an unknown or revoked one', applies: isKeyed },
  { status: '403', description: "FORBIDDEN: the key's role may not call this route (a paywall key on an admin route)", applies: isKeyed },
  {
    status: '429',
    description: 'RATE_LIMITED (with Retry-After): past PUBLIC_RATE_LIMIT_PER_MINUTE calls from this address without a valid API key',
    applies: (op) => !op.operationId?.startsWith('WebhooksController'),
  },
];

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * Completes the generated document for typed clients, so no controller has to repeat it: adds the ErrorResponse schema,
 * the 400/401/403 every keyed or input-taking operation can answer, the ErrorResponse body on every error response that
 * a controller documented by description alone, and a string schema on a parameter documented without a type.
 */
export function completeForClients(document: OpenAPIObject): OpenAPIObject {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ErrorResponse: ERROR_RESPONSE_SCHEMA } };
  const errorBody = { 'application/json': { schema: { $ref: ERROR_RESPONSE_REF } } };
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      for (const implied of IMPLIED_ERRORS) {
        if (!op.responses[implied.status] && implied.applies(op)) op.responses[implied.status] = { description: implied.description };
      }
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) >= 400 && response && !isRef(response) && !response.content) (response as ResponseObject).content = errorBody;
      }
      // Path segments, query values and headers arrive as strings: an untyped one would reach a client as `unknown`.
      for (const param of op.parameters ?? []) {
        if (!isRef(param) && !param.content && (!param.schema || Object.keys(param.schema).length === 0)) param.schema = { type: 'string' };
      }
    }
  }
  return document;
}
