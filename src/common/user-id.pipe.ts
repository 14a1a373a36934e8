import { Injectable, PipeTransform } from '@nestjs/common';
import { DomainError } from './errors';

/** What a user or viewer id may look like: an opaque id from the publisher's identity system (uuid, auth0|…, email). */
export const USER_ID_PATTERN = /^[A-Za-z0-9._:@|+-]{1,200}$/;
export const USER_ID_DESCRIPTION = '1-200 characters of A-Z a-z 0-9 . _ : @ | + -';

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
