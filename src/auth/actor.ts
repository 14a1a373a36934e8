import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { ApiKeyRole } from './api-key.entity';

/** Who is calling: the API key's id, name and role ("cli" for the command line, "system" for the service at start). */
export interface Actor {
  keyId: string | null;
  name: string;
  role: ApiKeyRole;
}

export const CLI_ACTOR: Actor = { keyId: null, name: 'cli', role: 'admin' };
/** The service itself, acting at start (the first admin key of an empty embedded database). */
export const SYSTEM_ACTOR: Actor = { keyId: null, name: 'system', role: 'admin' };

export interface RequestWithActor {
  actor?: Actor;
  headers: Record<string, string | string[] | undefined>;
}

/** Injects the authenticated caller into a handler. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<RequestWithActor>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without authentication');
  return actor;
});
