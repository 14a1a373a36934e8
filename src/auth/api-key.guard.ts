import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../common/errors';
import type { RequestWithActor } from './actor';
import type { ApiKeyRole } from './api-key.entity';
import { ApiKeyVerifier } from './api-key-verifier';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';

/**
 * Global guard: every route needs an API key of one of its @Roles unless it is @Public.
 * On public routes a valid key is still recognised (as the caller of the request).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyVerifier,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<RequestWithActor>();
    const targets = [ctx.getHandler(), ctx.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets);
    const key = await this.keys.keyOf(req);
    if (key) req.actor = { keyId: key.id, name: key.name, role: key.role };
    if (isPublic) return true;
    if (!key) throw new DomainError('UNAUTHENTICATED', 'A valid API key is required: Authorization: Bearer <key>');
    const roles = this.reflector.getAllAndOverride<ApiKeyRole[]>(ROLES_KEY, targets) ?? ['admin'];
    if (!roles.includes(key.role)) {
      throw new DomainError('FORBIDDEN', `This route needs a key with role ${roles.join(' or ')}`);
    }
    return true;
  }
}
