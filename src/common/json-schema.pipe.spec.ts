import { DomainError } from './errors';
import { JsonSchemaPipe } from './json-schema.pipe';

interface Body {
  name: string;
  code: string;
}

const pipe = new JsonSchemaPipe<Body>({
  properties: {
    name: { schema: { type: 'string', pattern: '^[a-z]{1,5}$' }, message: 'name must be 1-5 lowercase letters' },
    code: { schema: { type: 'string', minLength: 1 }, message: 'code must be a non-empty string' },
  },
  required: ['name', 'code'],
});

function fault(value: unknown): DomainError {
  try {
    pipe.transform(value);
  } catch (e) {
    return e as DomainError;
  }
  throw new Error(`accepted ${JSON.stringify(value)}`);
}

describe('JsonSchemaPipe', () => {
  it('passes a valid body through unchanged (same object, nothing added or coerced)', () => {
    const body = { name: 'abc', code: 'x' };
    expect(pipe.transform(body)).toBe(body);
    expect(body).toEqual({ name: 'abc', code: 'x' });
  });

  it.each([
    [{ code: 'x' }, [{ field: 'name', message: 'name must be 1-5 lowercase letters' }]],
    [{ name: 'ABC', code: 'x' }, [{ field: 'name', message: 'name must be 1-5 lowercase letters' }]],
    [{ name: 7, code: 'x' }, [{ field: 'name', message: 'name must be 1-5 lowercase letters' }]],
    [{ name: 'abc', code: '' }, [{ field: 'code', message: 'code must be a non-empty string' }]],
    [{ name: 'abc', code: 'x', extra: 1 }, [{ field: 'extra', message: 'property extra should not exist' }]],
    [
      {},
      [
        { field: 'name', message: 'name must be 1-5 lowercase letters' },
        { field: 'code', message: 'code must be a non-empty string' },
      ],
    ],
    [[1, 2], [{ message: 'the body must be a JSON object' }]],
    ['text', [{ message: 'the body must be a JSON object' }]],
    [null, [{ message: 'the body must be a JSON object' }]],
    [undefined, [{ message: 'the body must be a JSON object' }]],
  ])('refuses %j as VALIDATION_FAILED with a detail per field', (value, details) => {
    const e = fault(value);
    expect(e).toBeInstanceOf(DomainError);
    expect({ code: e.code, status: e.status, details: e.details }).toEqual({ code: 'VALIDATION_FAILED', status: 400, details });
    expect(e.message).toBe(details.map((d) => d.message).join('; '));
  });
});
