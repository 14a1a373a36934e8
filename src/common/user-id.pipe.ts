import { Injectable, PipeTransform } from '@nestjs/common';
import { DomainError } from './errors';
import { USER_ID_DESCRIPTION, USER_ID_PATTERN } from './ids';

/** Validates a `:userId` path parameter: 400 VALIDATION_FAILED for anything else. */
@Injectable()
export class UserIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || !USER_ID_PATTERN.test(value)) {
      throw new DomainError('VALIDATION_FAILED', `userId must be ${USER_ID_DESCRIPTION}`, [
        { field: 'userId', message: `userId must be ${USER_ID_DESCRIPTION}` },
      ]);
    }
    return value;
  }
}
