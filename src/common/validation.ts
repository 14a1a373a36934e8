import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { IsISO8601, Matches, ValidateIf } from 'class-validator';
import type { ErrorDetail } from './errors';

function flatten(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Global pipe: unknown fields and wrong types are 400 VALIDATION_FAILED with a detail per field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      return new BadRequestException({
        code: 'VALIDATION_FAILED',
        message: details.map((d) => d.message).join('; ') || 'Invalid request',
        details,
      });
    },
  });
}

/**
 * May be left out, but not sent as null: class-validator's IsOptional would let `null` through to a NOT NULL
 * column (a 500); here null is a wrong type like any other (400). Use it instead of IsOptional in every DTO.
 */
export const Optional = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** An ISO 8601 date-time that names its zone (`2026-12-31T18:30:00Z`, `…+05:30`): a bare local time is ambiguous. */
export function DateTimeWithZone() {
  return (target: object, key: string) => {
    IsISO8601({ strict: true, strictSeparator: true })(target, key);
    Matches(/T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/, { message: `${key} must be a date-time with a zone, e.g. 2026-12-31T18:30:00Z` })(
      target,
      key,
    );
  };
}
