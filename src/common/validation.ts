import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidateIf } from 'class-validator';
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
