import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIObject, OperationObject, ParameterObject, ResponseObject } from '@nestjs/swagger';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { ERROR_RESPONSE_REF } from '../../src/common/openapi';
import { startTestApp, TestApp } from '../support/test-app';

/** The operations open without an API key: everything else is behind the global ApiKeyGuard. */
const OPEN_OPERATIONS = [
  'GET /health',
  'GET /v1/plans',
  'POST /v1/demo/access-decisions',
  'GET /v1/demo/offers/{promotionCode}',
  'POST /v1/demo/checkout-sessions',
  'POST /v1/webhooks/stripe',
];

interface Operation {
  name: string;
  method: string;
  path: string;
  op: OperationObject;
}

function operations(doc: OpenAPIObject): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'put', 'post', 'delete', 'patch'].includes(method))
      .map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, method, path, op: op as OperationObject })),
  );
}

const keyed = (op: OperationObject) => (op.security ?? []).some((s) => 'bearer' in s);
const takesInput = (op: OperationObject) =>
  !!op.requestBody || ((op.parameters as ParameterObject[] | undefined) ?? []).some((p) => p.in === 'path' || p.in === 'query');
const errorSchemaRef = (r: ResponseObject | undefined) => (r?.content?.['application/json']?.schema as { $ref?: string } | undefined)?.$ref;

// A paywall's client written against the generated types. It type-checks only while the document types the check, the
// meter, their inputs and the error body; each @ts-expect-error fails the check if the mistake it marks stops being one.
const CLIENT = `
import type { components, paths } from './tollgate-api.js';

type ApiError = components['schemas']['ErrorResponse'];
type Check = paths['/v1/users/{userId}/entitlements/{benefitCode}']['get'];
type CheckOk = Check['responses'][200]['content']['application/json'];
type MeterRead = paths['/v1/meter/reads']['post'];
type MeterOk = MeterRead['responses'][200]['content']['application/json'];

/** fetch fits this. */
export type Transport = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<{ status: number; json(): Promise<unknown> }>;
export type Result<T> = { ok: true; body: T } | { ok: false; status: number; error: ApiError };

async function send<T>(t: Transport, url: string, key: string, method: string, body?: unknown): Promise<Result<T>> {
  const headers: Record<string, string> = { authorization: \`Bearer \${key}\` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await t(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json();
  return res.status < 300 ? { ok: true, body: json as T } : { ok: false, status: res.status, error: json as ApiError };
}

export function checkAccess(t: Transport, base: string, key: string, p: Check['parameters']['path']): Promise<Result<CheckOk>> {
  return send<CheckOk>(t, \`\${base}/v1/users/\${encodeURIComponent(p.userId)}/entitlements/\${encodeURIComponent(p.benefitCode)}\`, key, 'GET');
}

export function recordRead(t: Transport, base: string, key: string, read: MeterRead['requestBody']['content']['application/json']): Promise<Result<MeterOk>> {
  return send<MeterOk>(t, \`\${base}/v1/meter/reads\`, key, 'POST', read);
}

export function decide(check: Result<CheckOk>, meter: Result<MeterOk>): string {
  if (!check.ok) return explain(check.error);
  if (check.body.granted) return check.body.source === 'grant' ? \`granted until \${check.body.expiresAt ?? 'revoked'}\` : 'subscriber';
  if (!meter.ok) return explain(meter.error);
  const left: number = meter.body.remaining;
  return meter.body.allowed ? \`\${left} free articles left until \${meter.body.resetsAt}\` : 'paywall';
}

function explain(error: ApiError): string {
  switch (error.code) {
    case 'UNAUTHENTICATED':
    case 'FORBIDDEN':
      return 'check the paywall key';
    case 'VALIDATION_FAILED':
      return (error.details ?? []).map((d) => \`\${d.field ?? ''}: \${d.message}\`).join('; ');
    default:
      return \`\${error.statusCode} \${error.message}\`;
  }
}

// 401 and 403 on a keyed route and 400 on one that takes input carry the error body.
export const unauthenticated: Check['responses'][401]['content']['application/json'] = { statusCode: 401, code: 'UNAUTHENTICATED', message: 'x' };
export const refused: MeterRead['responses'][400]['content']['application/json'] = { statusCode: 400, code: 'VALIDATION_FAILED', message: 'x' };
export const forbidden: Check['responses'][403]['content']['application/json']['code'] = 'FORBIDDEN';
// @ts-expect-error not an error code of the service
export const notACode: ApiError['code'] = 'NO_SUCH_CODE';
// @ts-expect-error a path parameter is a string
export const numericUser: Check['parameters']['path'] = { userId: 42, benefitCode: 'ad_free' };
// @ts-expect-error the meter needs an articleId
export const noArticle: MeterRead['requestBody']['content']['application/json'] = { viewerId: 'u1' };
// @ts-expect-error the meter's answer has no such field
export const noSuchField = (m: MeterOk) => m.articlesLeft;
`;

/** Type-checks files with the repository's TypeScript, strict, with no ambient types: the client needs none. */
function typeCheck(files: string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2023,
    lib: ['lib.es2023.d.ts'],
    types: [],
    noUnusedLocals: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    return `${d.file?.fileName ?? ''}:${where ? where.line + 1 : ''} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

describe('OpenAPI description: a typed client for the paywall', () => {
  let t: TestApp;
  let doc: OpenAPIObject;
  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http.get('/docs-json').expect(200)).body as OpenAPIObject;
  });
  afterAll(() => t.close());

  it('validates as OpenAPI with swagger-parser', async () => {
    // validate() dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
  });

  it('describes the bearer scheme as an API key, not a JWT', () => {
    const bearer = doc.components?.securitySchemes?.bearer as { type: string; scheme: string; bearerFormat?: string; description?: string };
    expect(bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'API key' });
    expect(JSON.stringify(bearer)).not.toMatch(/jwt/i);
    expect(bearer.description).toMatch(/API key/);
  });

  it('keys every operation but the open ones', () => {
    expect(
      operations(doc)
        .filter(({ op }) => !keyed(op))
        .map((o) => o.name)
        .sort(),
    ).toEqual([...OPEN_OPERATIONS].sort());
  });

  it('documents 401 and 403 on every keyed operation and 400 on every one that takes input, with the ErrorResponse body', () => {
    const problems: string[] = [];
    for (const { name, op } of operations(doc)) {
      const required = [...(keyed(op) ? ['401', '403'] : []), ...(takesInput(op) ? ['400'] : [])];
      for (const status of required) {
        const ref = errorSchemaRef(op.responses[status] as ResponseObject | undefined);
        if (ref !== ERROR_RESPONSE_REF) problems.push(`${name}: ${status} ${op.responses[status] ? `with schema ${ref}` : 'missing'}`);
      }
      if (!keyed(op) && (op.responses['401'] || op.responses['403'])) problems.push(`${name}: open, yet documents 401/403`);
      for (const [status, response] of Object.entries(op.responses)) {
        // /health answers its 503 with Terminus's own report, documented by Terminus.
        if (Number(status) >= 400 && name !== 'GET /health' && errorSchemaRef(response as ResponseObject) !== ERROR_RESPONSE_REF) {
          problems.push(`${name}: ${status} without the ErrorResponse body`);
        }
      }
      for (const p of (op.parameters ?? []) as ParameterObject[]) {
        if (!(p.schema as { type?: string } | undefined)?.type) problems.push(`${name}: parameter ${p.name} has no type`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('documents 429 on every operation the public rate limit can answer, and not on the Stripe webhook', () => {
    const ops = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, { responses: Record<string, unknown> }>).map(([method, op]) => ({
        route: `${method} ${path}`,
        has429: '429' in op.responses,
      })),
    );
    expect(ops.filter((o) => !o.has429).map((o) => o.route)).toEqual(['post /v1/webhooks/stripe']);
  });

  it('documents the guard as it is: a keyed operation answers 401 without a key, an open one does not', async () => {
    const seen: string[] = [];
    for (const { name, method, path, op } of operations(doc)) {
      const res = await (t.http as unknown as Record<string, (p: string) => import('supertest').Test>)[method](path.replace(/\{[^}]+\}/g, 'x'));
      seen.push(`${name} ${keyed(op) ? 'keyed' : 'open'} ${res.status === 401 ? 'keyed' : 'open'}`);
    }
    expect(seen.filter((line) => !/ (keyed keyed|open open)$/.test(line))).toEqual([]);
  });

  it('generates TypeScript types with openapi-typescript and type-checks a paywall client against them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-openapi-'));
    try {
      const types = astToString(await openapiTS(structuredClone(doc) as never));
      writeFileSync(join(dir, 'tollgate-api.ts'), types);
      writeFileSync(join(dir, 'client.ts'), CLIENT);
      expect(types).toContain('"/v1/users/{userId}/entitlements/{benefitCode}"');
      expect(typeCheck([join(dir, 'client.ts')])).toEqual([]);

      // The check has teeth: a client reading a field the document does not have fails it.
      writeFileSync(
        join(dir, 'wrong.ts'),
        `import type { components } from './tollgate-api.js';\nexport const f = (c: components['schemas']['EntitlementCheckResponseDto']) => c.allowed;\n`,
      );
      expect(typeCheck([join(dir, 'wrong.ts')]).join('\n')).toMatch(/Property 'allowed' does not exist/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
