import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

/**
 * The identifiers of the contract (API.md), each defined once: every DTO, pipe and schema takes its rule from here.
 */

/** A user or viewer id: an opaque id from the publisher's identity system (uuid, `auth0|…`, an email). */
export const USER_ID_PATTERN = /^[A-Za-z0-9._:@|+-]{1,200}$/;
export const USER_ID_DESCRIPTION = '1-200 characters of A-Z a-z 0-9 . _ : @ | + -';

/** An article id as the publisher's CMS names it (a slug or a path). */
export const ARTICLE_ID_PATTERN = /^\S{1,300}$/;
export const ARTICLE_ID_DESCRIPTION = '1-300 characters, no whitespace';

/** lower_snake plan and benefit codes: a lowercase letter, then lowercase letters/digits in words joined by single underscores. */
const CODE_PATTERN = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const CODE_MESSAGE = { message: '$property must be lower_snake_case (e.g. smart_quarterly)' };

/** A row id made by gen_random_uuid(): anything else names no row (answered 404, as an unknown id). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A customer-facing promotion code (`DIWALI50`). */
export const PROMOTION_CODE_PATTERN = /^[A-Z0-9]{3,20}$/;

/** A plan or benefit code field (documented and validated). */
export function Code(example: string) {
  return (target: object, key: string) => {
    ApiProperty({ example, pattern: CODE_PATTERN.source, maxLength: 64 })(target, key);
    IsString()(target, key);
    Length(1, 64)(target, key);
    Matches(CODE_PATTERN, CODE_MESSAGE)(target, key);
  };
}

/** A user or viewer id field (documented and validated). */
export function UserId(description = "The publisher's user id") {
  return (target: object, key: string) => {
    ApiProperty({ example: 'auth0|abc123', pattern: USER_ID_PATTERN.source, description: `${description}: ${USER_ID_DESCRIPTION}` })(target, key);
    IsString()(target, key);
    Matches(USER_ID_PATTERN, { message: `$property must be ${USER_ID_DESCRIPTION}` })(target, key);
  };
}
